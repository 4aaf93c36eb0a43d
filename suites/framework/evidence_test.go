package framework_test

import (
	"encoding/json"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/report"
)

// A target that stores a bad input answers 201 to it, and 409 to the same
// input sent again. rapid replays a failing input to show it: the report
// must show the 201 that was the bug, not the 409 of the replay, and the
// input as it was sent (a draw the check then overrode is no input).
func TestTheEvidenceIsTheFailingExchangeAsSent(t *testing.T) {
	storesBad := framework.Define(mustCheck("T-STORED"), func(t *framework.T) {
		t.Property(1, func(p *framework.P) {
			// As validBody does, then the check sets the Email anyway.
			_ = rapid.Just(false).Draw(p.T, "has Email")
			bad := rapid.StringMatching(`[a-z]{1,12}`).Draw(p.T, "bad Email")
			b, _ := json.Marshal(map[string]string{"Email": bad})
			x := p.Send(framework.Request{Account: p.AccountID(), Body: b})
			framework.ExpectError(p, p.G, x, "BadRequestException")
		})
	})
	r := run(t, framework.Config{Examples: 20, FakeRules: `[{"action": {"type": "no-validation"}}]`}, storesBad)
	c, _ := r.Result("T-STORED")
	if c.Result != report.Fail {
		t.Fatalf("%s: %s", c.Result, c.Evidence)
	}
	message, input, _ := strings.Cut(c.Evidence, "\ninput (")
	if !strings.Contains(message, "got HTTP 201") || !strings.Contains(message, "response: 201") || strings.Contains(message, "ConflictException") {
		t.Errorf("the failure shown is not the 201 that was the bug:\n%s", c.Evidence)
	}
	if strings.Contains(c.Evidence, "has Email: false") {
		t.Errorf("the input lists a draw the request overrode:\n%s", c.Evidence)
	}
	if !strings.Contains(input, `POST /accounts/`) || !strings.Contains(input, `{"Email":"`) {
		t.Errorf("the input is not the request as sent:\n%s", c.Evidence)
	}
	t.Logf("%s", c.Evidence)
	if len(c.Exchanges) == 0 || c.Exchanges[len(c.Exchanges)-1].Status != 201 {
		t.Errorf("the failing exchanges kept (failures.har) do not end with the 201")
	}
}
