package framework

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chime-conformance/createuser/suites/report"
)

// Check is a conformance check: what it asserts (report.Check) and the body
// that asserts it, with where it is defined (failures point there).
type Check struct {
	report.Check
	File string
	Line int
	Body func(*T)
	// Always: runs whatever the label filter says (the preflight, and the
	// audit of every answer of the run).
	Always bool
	// Enabled, for an opt-in check, says whether the run turns it on (its
	// configuration, or what its credentials are).
	Enabled func(*Session) bool
	// Reserve is how many creates the check needs to prove anything; the
	// run sets them aside from the start, so the checks before it cannot
	// spend them (a durability sample, concurrent rounds).
	Reserve int
	// Gate: when it fails, no later check runs (the target is not CreateUser).
	Gate bool
}

// Define makes a check, recording where it is defined.
func Define(c report.Check, body func(*T)) *Check {
	_, file, line, _ := runtime.Caller(1)
	return &Check{Check: c, File: file, Line: line, Body: body}
}

// Location is where the check is defined, as Ginkgo reports spec locations.
func (c *Check) Location() types.CodeLocation {
	return types.CodeLocation{FileName: c.File, LineNumber: c.Line}
}

// Labels are the check's Ginkgo labels: its ID, level and area, and
// "opt-in" for an opt-in check.
func (c *Check) Labels() []string {
	labels := []string{c.ID, string(c.Level), c.Area}
	if c.OptIn != "" {
		labels = append(labels, "opt-in")
	}
	return labels
}

// SpecText is how a check names its Ginkgo spec: "[ID] Title".
func (c *Check) SpecText() string { return "[" + c.ID + "] " + c.Title }

func (c *Check) where() string { return fmt.Sprintf("%s:%d", filepath.Base(c.File), c.Line) }

// Catalogue is the ordered list of checks a run draws from.
type Catalogue struct{ checks []*Check }

// NewCatalogue lists checks in the order they run. IDs must be unique.
func NewCatalogue(checks ...*Check) *Catalogue {
	seen := map[string]bool{}
	for _, c := range checks {
		if seen[c.ID] {
			panic("framework: duplicate check ID " + c.ID)
		}
		seen[c.ID] = true
		c.NotApplicableIn = notApplicableIn(c.ID)
	}
	return &Catalogue{checks: checks}
}

// InsertAfter returns the catalogue with more checks run right after c (a
// family of checks built from a table). IDs must stay unique.
func (c *Catalogue) InsertAfter(after *Check, more ...*Check) *Catalogue {
	i := slices.Index(c.checks, after)
	if i < 0 {
		panic("framework: InsertAfter a check not in the catalogue: " + after.ID)
	}
	return NewCatalogue(slices.Concat(c.checks[:i+1], more, c.checks[i+1:])...)
}

// Checks lists the checks in order.
func (c *Catalogue) Checks() []*Check { return append([]*Check(nil), c.checks...) }

// Lookup finds a check by ID.
func (c *Catalogue) Lookup(id string) (*Check, bool) {
	for _, ch := range c.checks {
		if ch.ID == id {
			return ch, true
		}
	}
	return nil, false
}
