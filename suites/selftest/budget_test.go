package selftest

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// The create budget holds as the target counts it (chime-fake's journal:
// every request that reached the account, signed or not), and a run it
// starves says so: INCOMPLETE, never COMPATIBLE.
func TestTheCreateBudgetHoldsAtTheTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite")
	}
	const budget = 120
	f := startFake(t, "")
	r, _ := runAgainst(t, f.URL, func(c *conformance.Config) { c.MaxCreates = budget })
	resp, err := http.Get(f.URL + "/_fake/requests/count?account=" + selftestAccount)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var count struct{ Count int }
	if err := json.NewDecoder(resp.Body).Decode(&count); err != nil {
		t.Fatal(err)
	}
	if count.Count > budget || r.Stats.MayHaveCreated > budget {
		t.Errorf("the target received %d requests to the account (the report counts %d), with a budget of %d", count.Count, r.Stats.MayHaveCreated, budget)
	}
	if r.Verdict != report.Incomplete {
		explain(t, r)
		t.Errorf("a run starved of budget was judged %s", r.Verdict)
	}
	t.Logf("%d requests reached the account; %s: %s", count.Count, r.Verdict, r.VerdictReason)
}
