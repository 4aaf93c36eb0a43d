package fakes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/chime"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// POST /_fake/reset/state forgets users, journal and counters and keeps
// every rule, those added at run time too; POST /_fake/reset/all (and
// its old name, /_fake/reset) also puts the configured rules back.
func TestAdminResetStateKeepsRulesResetAllRestoresThem(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff,
		Rules: []faults.Rule{rule(t, `{"id":"configured","match":{"account":"nobody"},"action":{"type":"pass"}}`)}})
	added := `{"id":"added","match":{"body":{"UserType":"SharedDevice"}},"action":{"type":"pass"}}`
	ruleIDs := func() string {
		var ids []string
		for _, r := range srv.Faults().Rules() {
			ids = append(ids, r.ID)
		}
		return strings.Join(ids, ",")
	}
	for _, c := range []struct{ path, scope, rulesAfter string }{
		{"/reset/state", "state", "configured,added"},
		{"/reset/all", "all", "configured"},
		{"/reset", "all", "configured"},
	} {
		if status, out := admin(t, srv, "POST", "/faults", added); status != 200 {
			t.Fatalf("add: %d %v", status, out)
		}
		in := input(fakes.SampleAccountID, "shared@example.com")
		in.UserType = "SharedDevice"
		if _, err := srv.Client().CreateUser(ctx(t), in); err != nil {
			t.Fatal(err)
		}
		status, out := admin(t, srv, "POST", c.path, "")
		if status != 200 || out["status"] != "reset" || out["scope"] != c.scope {
			t.Fatalf("POST %s: %d %v", c.path, status, out)
		}
		if got := ruleIDs(); got != c.rulesAfter {
			t.Fatalf("after POST %s the rules are %s, want %s", c.path, got, c.rulesAfter)
		}
		for _, r := range srv.Faults().Rules() {
			if r.Matched != 0 || r.Fired != 0 {
				t.Fatalf("after POST %s rule %s counts matched %d, fired %d", c.path, r.ID, r.Matched, r.Fired)
			}
		}
		if n, u := len(srv.Journal(fakes.Filter{})), len(srv.Users(fakes.SampleAccountID)); n != 0 || u != 0 {
			t.Fatalf("after POST %s: %d journal entries, %d users", c.path, n, u)
		}
		_ = srv.Faults().Replace([]faults.Rule{rule(t, `{"id":"configured","match":{"account":"nobody"},"action":{"type":"pass"}}`)})
	}
}

// The admin API refuses what it cannot serve as asked: a required
// parameter missing (400, named), a filter it does not know (400: a
// misspelt filter must not select everything), a method a path does not
// take (405 and Allow), an action missing a required parameter (400,
// named).
func TestAdminRefusesWhatItCannotServeAsAsked(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff})
	if _, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "a@example.com")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path, body, want string }{
		{"GET", "/users", "", "GET /_fake/users needs the query parameter account"},
		{"GET", "/users?account=", "", "needs the query parameter account"},
		{"GET", "/requests?acount=" + fakes.SampleAccountID, "", `GET /_fake/requests takes invocationId, call, account, ruleId, not "acount"`},
		{"GET", "/requests/count?rule=x", "", `not "rule"`},
		{"GET", "/faults?id=x", "", `GET /_fake/faults takes no query parameters, not "id"`},
		{"POST", "/faults", `{"action":{"type":"latency"}}`, "action latency: ms is required"},
		{"POST", "/faults", `{"sequence":[{"type":"pass"},{"type":"stall"}]}`, "action stall: ms is required"},
	} {
		status, out := admin(t, srv, c.method, c.path, c.body)
		if msg, _ := out["Message"].(string); status != 400 || out["Code"] != "BadRequest" || !strings.Contains(msg, c.want) {
			t.Errorf("%s %s: %d %v, want 400 saying %q", c.method, c.path, status, out, c.want)
		}
	}
	if n := len(srv.Faults().Rules()); n != 0 {
		t.Fatalf("refused rules were added: %d", n)
	}
	for _, c := range []struct{ method, path, allow string }{
		{"DELETE", "/users?account=x", "GET"},
		{"GET", "/reset", "POST"},
		{"PATCH", "/faults", "DELETE, GET, POST, PUT"},
		{"GET", "/faults/some-rule", "DELETE"},
	} {
		req, _ := http.NewRequest(c.method, srv.URL()+"/_fake"+c.path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 405 || resp.Header.Get("Allow") != c.allow || resp.Header.Get("X-Amzn-ErrorType") != "MethodNotAllowedException" {
			t.Errorf("%s %s: %d, Allow %q, error type %q; want 405, Allow %q", c.method, c.path, resp.StatusCode,
				resp.Header.Get("Allow"), resp.Header.Get("X-Amzn-ErrorType"), c.allow)
		}
	}
}

// A throttle rule's fired counts the 429s it answered, not the requests
// it let through, and the journal names it on those only.
func TestThrottleCountersCountThrottledAnswers(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"id":"slow-down","action":{"type":"throttle","rate":0,"burst":1}}`)}})
	client := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	var throttled int
	for _, email := range []string{"a@example.com", "b@example.com", "c@example.com"} {
		if _, err := client.CreateUser(ctx(t), input(fakes.SampleAccountID, email)); err != nil {
			if !strings.Contains(err.Error(), "ThrottledClientException") {
				t.Fatal(err)
			}
			throttled++
		}
	}
	r := srv.Faults().Rules()[0]
	if throttled != 2 || r.Matched != 3 || r.Fired != 2 {
		t.Fatalf("%d of 3 throttled; the rule matched %d, fired %d", throttled, r.Matched, r.Fired)
	}
	if n := len(srv.Journal(fakes.Filter{RuleID: "slow-down"})); n != 2 {
		t.Fatalf("the journal names the throttle on %d requests, want the 2 it throttled", n)
	}
}
