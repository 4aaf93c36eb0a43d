package selftest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// seeds are the runs a fault must be caught in, each one: a fault caught
// by luck in some runs is a fault a vendor's run may miss.
var seeds = []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}

// atEndpointDefaults is a run as a vendor makes it at an endpoint, with
// nothing but the target set: the default examples and create budget.
func atEndpointDefaults(seed uint64) func(*conformance.Config) {
	return func(c *conformance.Config) { c.Examples, c.MaxCreates, c.Seed = 0, 0, seed }
}

// Faults the whole run must catch on every seed, at the endpoint
// defaults, each by the check named (and the knob shown to have fired).
func TestFaultsAreCaughtOnEverySeed(t *testing.T) {
	if testing.Short() {
		t.Skip("ten runs per fault")
	}
	cases := []struct {
		name, knob string
		set        func(*indie)
		mustFail   string
	}{
		{"the 201 echoes the Username in Latin-1 (not UTF-8)", "latin1Echo", func(s *indie) { s.latin1Echo = true }, "CU-WIRE-01"},
		{"every valid create gets 500 once 30 users are stored", "failAfter", func(s *indie) { s.failAfter, s.failAfterStatus = 30, 500 }, ""},
		{"every valid create gets 503 once 30 users are stored", "failAfter", func(s *indie) { s.failAfter, s.failAfterStatus = 30, 503 }, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, seed := range seeds {
				t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
					s, endpoint := serveIndie(t, c.set)
					r, _ := runAgainst(t, endpoint, atEndpointDefaults(seed))
					got := failed(r)
					if r.Verdict != report.Incompatible || s.Fired(c.knob) == 0 || c.mustFail != "" && !slices.Contains(got, c.mustFail) {
						explain(t, r)
						t.Fatalf("%s (the fault fired %d times), failed %v; want INCOMPATIBLE on %s", r.Verdict, s.Fired(c.knob), got, c.mustFail)
					}
					t.Logf("%d requests, %d could create; failed: %v", r.Stats.Requests, r.Stats.MayHaveCreated, got)
				})
			}
		})
	}
}
