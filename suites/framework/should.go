package framework

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"pgregory.net/rapid"
)

// WarningEntry names the report entry of a SHOULD check that was not met.
// A SHOULD failure is reported, and does not fail the run: only a MUST
// makes a target incompatible.
const WarningEntry = "SHOULD not met"

// Warn records that the running SHOULD check is not met.
func Warn(format string, args ...any) {
	ginkgo.AddReportEntry(WarningEntry, fmt.Sprintf(format, args...))
}

// TB is what rapid reports to: Ginkgo itself for a MUST check; for a
// SHOULD check, a recorder whose failure becomes a warning via Settle.
func TB() rapid.TB {
	if current.Level == SHOULD {
		return &warningTB{GinkgoTInterface: ginkgo.GinkgoT()}
	}
	return ginkgo.GinkgoT()
}

// Settle turns a SHOULD check's recorded failure into a warning.
func Settle(tb rapid.TB) {
	if w, ok := tb.(*warningTB); ok && w.failed {
		Warn("%s", strings.Join(w.messages, "\n"))
	}
}

type warningTB struct {
	ginkgo.GinkgoTInterface
	failed   bool
	messages []string
}

func (w *warningTB) fail(msg string) { w.failed, w.messages = true, append(w.messages, msg) }

func (w *warningTB) Errorf(format string, args ...any) { w.fail(fmt.Sprintf(format, args...)) }
func (w *warningTB) Error(args ...any)                 { w.fail(fmt.Sprint(args...)) }
func (w *warningTB) Fatalf(format string, args ...any) { w.fail(fmt.Sprintf(format, args...)) }
func (w *warningTB) Fatal(args ...any)                 { w.fail(fmt.Sprint(args...)) }
func (w *warningTB) FailNow()                          { w.fail("failed") }
func (w *warningTB) Fail()                             { w.fail("failed") }
func (w *warningTB) Failed() bool                      { return w.failed }
