package selftest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// Servers that break at the edges of the input space are INCOMPATIBLE on
// every seed at the endpoint defaults (20 examples, 500 creates): the
// edges are sent first, in every run, not found by luck. The runs take
// the checks that send the edges (CU-REQ-01 and the derived -valid
// ones); TestEveryEdgeFitsTheDefaultBudget shows that a full run at the
// defaults sets aside the creates for every edge, so the selection
// changes nothing for them (and a full run per seed and fault, with the
// suite's patience for each 500, would take minutes).
func TestEdgeFaultsAreCaughtOnEverySeed(t *testing.T) {
	faults := []struct {
		name string
		knob string
		set  func(*indie)
	}{
		{"a 500 when an optional member is null", "nullCrash", func(s *indie) { s.nullCrash = true }},
		{"a 500 for an Email past a 255-character column", "emailColumn", func(s *indie) { s.emailColumn = 255 }},
		{"a 400 for a request with no body", "bodyRequired", func(s *indie) { s.bodyRequired = true }},
		{"a 400 for a Username past 64 characters", "usernameColumn", func(s *indie) { s.usernameColumn = 64 }},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			for seed := uint64(1); seed <= 10; seed++ {
				s, url := serveIndie(t, f.set)
				rep, _ := runAgainst(t, url, func(c *conformance.Config) {
					c.Examples, c.MaxCreates, c.Seed, c.Labels = 0, 0, seed, edgeChecks
				})
				if rep.Verdict != report.Incompatible || s.Fired(f.knob) == 0 {
					explain(t, rep)
					t.Errorf("seed %d: %s (the fault fired %d times), want INCOMPATIBLE", seed, rep.Verdict, s.Fired(f.knob))
				}
			}
		})
	}
}

// edgeChecks selects the checks that send edge examples.
const edgeChecks = "CU-REQ-01 || /-valid$/"

// A full run at an endpoint's defaults sets aside, for every check that
// sends edges, a create for each of them: every run reaches them all.
func TestEveryEdgeFitsTheDefaultBudget(t *testing.T) {
	_, url := serveIndie(t, nil)
	s, err := conformance.NewSession(context.Background(), conformance.Config{Endpoint: url, AccountID: selftestAccount, Region: "eu-west-1",
		Credentials: credentials.StaticCredentialsProvider{Value: selftestCreds}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	edged := 0
	for _, c := range s.Catalogue().Checks() {
		if c.Reserve == 0 || !s.Selected(c) {
			continue
		}
		if c.ID == "CU-REQ-01" || strings.HasSuffix(c.ID, "-valid") {
			edged++
		}
		b := s.Budget(c)
		t.Logf("%s: a reserve of %d creates (edges, rounds or samples), a budget of %d", c.ID, c.Reserve, b)
		if b < c.Reserve {
			t.Errorf("%s needs %d creates for its reserve; the default budget gives it %d", c.ID, c.Reserve, b)
		}
	}
	if edged < 4 {
		t.Errorf("only %d checks reserve creates for their edges", edged)
	}
}

// A valid server that refuses control characters is COMPATIBLE when the
// run sends them (CHIME_CONTROL_CHARS), with the SHOULD warning that it is
// stricter than the page; without them the run sends none, and says so.
func TestRefusingControlCharactersIsAWarning(t *testing.T) {
	s, url := serveIndie(t, func(s *indie) { s.refuseControl = true })
	rep, _ := runAgainst(t, url, func(c *conformance.Config) { c.ControlChars = true; c.Examples = 10 })
	if rep.Verdict != report.Compatible || s.Fired("refuseControl") == 0 {
		explain(t, rep)
		t.Fatalf("%s (refused %d times), want COMPATIBLE", rep.Verdict, s.Fired("refuseControl"))
	}
	var warned []string
	for _, c := range rep.Checks {
		if c.Result == report.Warn {
			warned = append(warned, c.ID)
		}
	}
	for _, id := range []string{"CU-REQ-Email-letter", "CU-REQ-Username-letter"} {
		if !slices.Contains(warned, id) {
			t.Errorf("%s is not warned (warned: %v)", id, warned)
		}
	}

	s, url = serveIndie(t, func(s *indie) { s.refuseControl = true })
	rep, _ = runAgainst(t, url, func(c *conformance.Config) { c.Examples = 10 })
	if rep.Verdict != report.Compatible || s.Fired("refuseControl") != 0 {
		t.Errorf("without CHIME_CONTROL_CHARS: %s, %d control characters sent, want COMPATIBLE and none", rep.Verdict, s.Fired("refuseControl"))
	}
	for _, c := range rep.Checks {
		if c.ID == "CU-REQ-Email-letter" && c.Result != report.Skipped {
			t.Errorf("%s: %s, want skipped (%s)", c.ID, c.Result, fmt.Sprint(c.OptIn))
		}
	}
}
