// Package framework is what the conformance specs stand on: the target
// (an endpoint, or the embedded fake), a SigV4-signing client that records
// every exchange, spec-derived generators, the create budget, the check
// catalogue and the report.
package framework

import (
	"fmt"
	"strings"

	"github.com/onsi/ginkgo/v2"
)

// Level is how binding a check is (RFC 2119).
type Level string

const (
	MUST   Level = "MUST"
	SHOULD Level = "SHOULD"
)

// Check is one conformance check: an ID, a level, and the statement of the
// reference page (or of DESIGN.md's wire facts) it rests on.
type Check struct {
	ID        string `json:"id" yaml:"id"`
	Level     Level  `json:"level" yaml:"level"`
	Area      string `json:"area" yaml:"area"`
	Title     string `json:"title" yaml:"title"`
	Statement string `json:"statement" yaml:"statement"`
	Source    string `json:"source" yaml:"source"`
}

// SpecText is how a check names its Ginkgo spec: "[ID] Title".
func (c Check) SpecText() string { return "[" + c.ID + "] " + c.Title }

// IDOf recovers a check ID from a spec text, "" when there is none.
func IDOf(specText string) string {
	if !strings.HasPrefix(specText, "[") {
		return ""
	}
	id, _, _ := strings.Cut(specText[1:], "]")
	return id
}

var catalogue []Check

// Define adds a check to the catalogue. IDs are unique.
func Define(c Check) Check {
	for _, have := range catalogue {
		if have.ID == c.ID {
			panic("framework: duplicate check ID " + c.ID)
		}
	}
	catalogue = append(catalogue, c)
	return c
}

// Catalogue lists every defined check, in definition order.
func Catalogue() []Check { return append([]Check(nil), catalogue...) }

// Lookup finds a check by ID.
func Lookup(id string) (Check, bool) {
	for _, c := range catalogue {
		if c.ID == id {
			return c, true
		}
	}
	return Check{}, false
}

// It is a thin wrapper over Ginkgo's It: one spec per check, labelled with
// its ID, level and area, so `--ginkgo.label-filter=MUST` and
// `--ginkgo.focus=CU-ERR` select what they say.
func It(c Check, body func(), args ...any) bool {
	if _, ok := Lookup(c.ID); !ok {
		panic(fmt.Sprintf("framework: check %s is not defined", c.ID))
	}
	args = append([]any{ginkgo.Label(c.ID, string(c.Level), c.Area)}, args...)
	return ginkgo.It(c.SpecText(), append(args, func() {
		current = c
		body()
	})...)
}

// current is the check whose spec is running (specs run one at a time).
var current Check

// Current returns the running check.
func Current() Check { return current }

// ChecksLeft counts the running check and those defined after it: the
// checks that share what is left of the create budget.
func ChecksLeft() int {
	for i, c := range catalogue {
		if c.ID == current.ID {
			return len(catalogue) - i
		}
	}
	return 1
}
