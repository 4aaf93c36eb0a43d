package framework

import (
	"fmt"
	"strings"
	"testing"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"
)

// capture is a rapid.TB that keeps the final failure instead of failing.
type capture struct {
	testing.TB
	messages []string
}

func (c *capture) Fatalf(format string, args ...any) {
	c.messages = append(c.messages, fmt.Sprintf(format, args...))
}
func (c *capture) Errorf(format string, args ...any) { c.Fatalf(format, args...) }
func (c *capture) Fatal(args ...any)                 { c.messages = append(c.messages, fmt.Sprint(args...)) }
func (c *capture) Error(args ...any)                 { c.Fatal(args...) }
func (c *capture) FailNow()                          {}
func (c *capture) Fail()                             {}

// The suites assert through a Gomega bound to *rapid.T: a failing property
// is shrunk before it is reported, so the evidence is the smallest input.
func TestGomegaBoundToRapidShrinks(t *testing.T) {
	c := &capture{TB: t}
	rapid.Check(c, func(rt *rapid.T) {
		g := gomega.NewWithT(rt)
		s := rapid.StringOf(rapid.RuneFrom([]rune("abc"))).Draw(rt, "s")
		g.Expect(len(s)).To(gomega.BeNumerically("<", 4), "too long: %q", s)
	})
	msg := strings.Join(c.messages, "\n")
	if !strings.Contains(msg, `too long: "aaaa"`) {
		t.Fatalf("want the shrunk counterexample \"aaaa\" in the failure, got:\n%s", msg)
	}
}
