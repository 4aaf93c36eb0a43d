package fakes_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/chime"

	"github.com/chime-conformance/createuser/fakes"
)

// admin calls the admin API and decodes its JSON answer.
func admin(t *testing.T, srv *fakes.Server, method, path, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL()+"/_fake"+path, strings.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(b) > 0 && b[0] == '{' {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	} else {
		out = map[string]any{"list": string(b)}
	}
	return resp.StatusCode, out
}

func TestAdminRulesLifecycle(t *testing.T) {
	srv := start(t, fakes.Options{Seed: 99})
	status, out := admin(t, srv, "POST", "/faults", `{"id":"down","match":{"account":"`+fakes.SampleAccountID+`"},"action":{"type":"error","exception":"ServiceUnavailableException"}}`)
	if status != 200 || out["seed"].(float64) != 99 || len(out["rules"].([]any)) != 1 {
		t.Fatalf("add: %d %v", status, out)
	}
	_, err := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 }).CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
	if err == nil || !strings.Contains(err.Error(), "ServiceUnavailableException") {
		t.Fatalf("the rule did not fire: %v", err)
	}
	status, out = admin(t, srv, "GET", "/faults", "")
	rule := out["rules"].([]any)[0].(map[string]any)
	if status != 200 || rule["fired"].(float64) != 1 || rule["matched"].(float64) != 1 {
		t.Fatalf("counters: %v", rule)
	}
	if status, _ := admin(t, srv, "DELETE", "/faults/down", ""); status != 200 {
		t.Fatalf("delete: %d", status)
	}
	if status, _ := admin(t, srv, "DELETE", "/faults/down", ""); status != 404 {
		t.Fatalf("second delete: %d", status)
	}
	if _, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "")); err != nil {
		t.Fatalf("after removing the rule: %v", err)
	}
}

func TestAdminRejectsBadRulesAndChangesNothing(t *testing.T) {
	srv := start(t, fakes.Options{})
	admin(t, srv, "PUT", "/faults", `[{"id":"keep","action":{"type":"pass"}}]`)
	for _, body := range []string{
		`{"action":{"type":"nope"}}`,
		`[{"id":"ok","action":{"type":"pass"}},{"action":{"type":"error"}}]`,
		`{"action":{"type":"pass"},"extra":1}`,
		`not json`,
		`{"action":{"type":"pass"}} trailing`,
	} {
		for _, method := range []string{"POST", "PUT"} {
			status, out := admin(t, srv, method, "/faults", body)
			if status != 400 || out["Code"] != "BadRequest" || out["Message"] == "" {
				t.Errorf("%s %s: %d %v", method, body, status, out)
			}
		}
	}
	_, out := admin(t, srv, "GET", "/faults", "")
	if rules := out["rules"].([]any); len(rules) != 1 || rules[0].(map[string]any)["id"] != "keep" {
		t.Fatalf("rules changed: %v", rules)
	}
}

func TestAdminJournalAccountsUsersReset(t *testing.T) {
	srv := start(t, fakes.Options{})
	if status, _ := admin(t, srv, "POST", "/accounts", `{"accountId":"new-account"}`); status != 201 {
		t.Fatalf("add account: %d", status)
	}
	if status, _ := admin(t, srv, "POST", "/accounts", `{"accountId":"  "}`); status != 400 {
		t.Fatalf("blank account: %d", status)
	}
	if _, err := srv.Client().CreateUser(ctx(t), input("new-account", "a@example.com")); err != nil {
		t.Fatal(err)
	}
	_, out := admin(t, srv, "GET", "/users?account=new-account", "")
	if users := out["users"].([]any); len(users) != 1 {
		t.Fatalf("users: %v", out)
	}
	_, out = admin(t, srv, "GET", "/requests/count?account=new-account", "")
	if out["count"].(float64) != 1 {
		t.Fatalf("count: %v", out)
	}
	_, out = admin(t, srv, "GET", "/requests/count?account=other", "")
	if out["count"].(float64) != 0 {
		t.Fatalf("filtered count: %v", out)
	}
	if status, _ := admin(t, srv, "POST", "/reset", ""); status != 200 {
		t.Fatal("reset")
	}
	_, out = admin(t, srv, "GET", "/requests/count", "")
	if out["count"].(float64) != 0 || len(srv.Accounts()) != len(fakes.DefaultAccounts) {
		t.Fatalf("after reset: %v, accounts %v", out, srv.Accounts())
	}
	if status, out := admin(t, srv, "GET", "/nope", ""); status != 404 || out["Code"] != "NotFound" {
		t.Fatalf("unknown endpoint: %d %v", status, out)
	}
}

func TestAdminAccess(t *testing.T) {
	srv, err := fakes.New(fakes.Options{})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/_fake/health", nil)
	req.RemoteAddr = "192.0.2.10:5555"
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	if rec.Code != 403 || rec.Header().Get("X-Amzn-ErrorType") != "ForbiddenException" {
		t.Fatalf("remote admin without a token: %d", rec.Code)
	}

	tokened := start(t, fakes.Options{AdminToken: "s3cret"})
	if status, _ := admin(t, tokened, "GET", "/health", ""); status != 403 {
		t.Fatalf("no token: %d", status)
	}
	if status, _ := admin(t, tokened, "GET", "/health", "", fakes.AdminTokenHeader, "s3cret"); status != 200 {
		t.Fatalf("with token: %d", status)
	}
}

func TestAdminListsFaultTypes(t *testing.T) {
	srv := start(t, fakes.Options{})
	resp, err := http.Get(srv.URL() + "/_fake/fault-types")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var types []fakes.FaultType
	if err := json.NewDecoder(resp.Body).Decode(&types); err != nil {
		t.Fatal(err)
	}
	contract := 0
	for _, ft := range types {
		if ft.Category == "contract" {
			contract++
		}
		if ft.Type == "reset" && (len(ft.Clients) < 1 || ft.Clients[0].Client != "aws-sdk-go-v2" || ft.Clients[0].Attempts != 3) {
			t.Errorf("reset: what clients do is missing: %+v", ft.Clients)
		}
	}
	if contract < 12 {
		t.Fatalf("%d contract faults, want at least 12", contract)
	}
}

func TestNotCreateUserIsAJSON404(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff})
	for _, path := range []string{"/", "/accounts/x/meetings", "/accounts/x/users?operation=delete"} {
		resp, err := http.Post(srv.URL()+path, "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Code, Message string }
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		// ?operation=delete routes to the path but fails the operation enum:
		// the service answers 400 for that, 404 for paths it does not serve.
		if resp.Header.Get("X-Amzn-RequestId") == "" || body.Code == "" || (resp.StatusCode != 404 && resp.StatusCode != 400) {
			t.Errorf("%s: %d %+v", path, resp.StatusCode, body)
		}
	}
}

func TestHeaderFaults(t *testing.T) {
	off := start(t, fakes.Options{Auth: fakes.AuthOff})
	on := start(t, fakes.Options{Auth: fakes.AuthOff, HeaderFaults: true})
	post := func(srv *fakes.Server, fault string) *http.Response {
		req, _ := http.NewRequest("POST", srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?operation=create", strings.NewReader(`{}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(fakes.HeaderFault, fault)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(off, "ServiceUnavailableException"); resp.StatusCode != 201 {
		t.Errorf("header faults are off by default, got %d", resp.StatusCode)
	}
	if resp := post(on, "ServiceUnavailableException"); resp.StatusCode != 503 {
		t.Errorf("named exception: %d", resp.StatusCode)
	}
	if resp := post(on, `{"type":"wrong-status","status":200}`); resp.StatusCode != 200 {
		t.Errorf("json action: %d", resp.StatusCode)
	}
	if resp := post(on, `{"type":"bogus"}`); resp.StatusCode != 400 {
		t.Errorf("bad header fault: %d", resp.StatusCode)
	}
}

// Every admin body has one limit, and past it the answer says so; before,
// POST /_fake/accounts read any size and the rule endpoints cut the body
// silently, then called it malformed.
func TestAdminBodiesPastTheLimitAreTooLarge(t *testing.T) {
	srv := start(t, fakes.Options{})
	const limit = 1 << 20
	rule := `{"id":"big","action":{"type":"pass"}}`
	spaced := func(n int) string { return strings.Repeat(" ", n-len(rule)) + rule }
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/faults", spaced(limit + 1)},
		{"PUT", "/faults", spaced(limit + 1)},
		{"POST", "/accounts", `{"accountId":"` + strings.Repeat("a", limit) + `"}`},
	} {
		status, out := admin(t, srv, c.method, c.path, c.body)
		if msg, _ := out["Message"].(string); status != 400 || !strings.Contains(msg, "too large: the admin API takes at most 1048576 bytes") {
			t.Errorf("%s %s of %d bytes: %d %v", c.method, c.path, len(c.body), status, out)
		}
	}
	if len(srv.Faults().Rules()) != 0 || len(srv.Accounts()) != len(fakes.DefaultAccounts) {
		t.Fatalf("a body refused changed something: %d rules, accounts %v", len(srv.Faults().Rules()), srv.Accounts())
	}
	if status, out := admin(t, srv, "POST", "/faults", spaced(limit)); status != 200 {
		t.Fatalf("a body of exactly the limit: %d %v", status, out)
	}
}
