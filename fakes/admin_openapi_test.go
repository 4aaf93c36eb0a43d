package fakes_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/chime-conformance/createuser/fakes"
)

// The admin API's description is valid OpenAPI, and real answers of the
// admin API validate against it.
func TestAdminAPIMatchesItsDescription(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(fakes.AdminOpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	srv := start(t, fakes.Options{Auth: fakes.AuthOff})
	if _, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "a@example.com")); err != nil {
		t.Fatal(err)
	}
	calls := []struct{ method, path, body string }{
		{"GET", "/_fake/health", ""},
		{"POST", "/_fake/faults", `{"id":"r1","match":{"account":"nobody"},"action":{"type":"reset"}}`},
		{"PUT", "/_fake/faults", `[{"id":"r2","match":{"account":"nobody"},"action":{"type":"reset"}}]`},
		{"POST", "/_fake/faults", `{"action":{"type":"bogus"}}`},
		{"GET", "/_fake/faults", ""},
		{"DELETE", "/_fake/faults/r2", ""},
		{"DELETE", "/_fake/faults/r2", ""},
		{"DELETE", "/_fake/faults", ""},
		{"GET", "/_fake/fault-types", ""},
		{"GET", "/_fake/requests?account=" + fakes.SampleAccountID, ""},
		{"GET", "/_fake/requests/count", ""},
		{"GET", "/_fake/accounts", ""},
		{"POST", "/_fake/accounts", `{"accountId":"new"}`},
		{"GET", "/_fake/users?account=" + fakes.SampleAccountID, ""},
		{"GET", "/_fake/users", ""},
		{"GET", "/_fake/requests?acount=x", ""},
		{"GET", "/_fake/requests/count?rule=x", ""},
		{"POST", "/_fake/faults", `{"id":"shared","match":{"body":{"UserType":"SharedDevice","Email":{"pattern":"@example\\.com$"},"Username":{"present":false}}},"action":{"type":"latency","ms":2000}}`},
		{"POST", "/_fake/faults", `{"action":{"type":"latency"}}`},
		{"POST", "/_fake/reset/state", ""},
		{"DELETE", "/_fake/requests", ""},
		{"POST", "/_fake/reset/all", ""},
		{"POST", "/_fake/reset", ""},
		{"GET", "/_fake/openapi.yaml", ""},
	}
	for _, c := range calls {
		req, _ := http.NewRequest(c.method, srv.URL()+c.path, strings.NewReader(c.body))
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Errorf("%s %s is not described: %v", c.method, c.path, err)
			continue
		}
		input := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 resp.StatusCode, Header: resp.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		}
		input.SetBodyBytes(body)
		if err := openapi3filter.ValidateResponse(context.Background(), input); err != nil {
			t.Errorf("%s %s: %d does not match the description: %v", c.method, c.path, resp.StatusCode, err)
		}
		if c.method != "GET" && c.body != "" {
			req.Body = io.NopCloser(bytes.NewReader([]byte(c.body)))
			if err := openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
			}); err != nil && resp.StatusCode < 400 {
				t.Errorf("%s %s: accepted a request the description rejects: %v", c.method, c.path, err)
			}
		}
	}
}

// The server and its description agree on what each path takes: a method
// the description lacks is 405 with Allow listing exactly the described
// ones; a query parameter it does not describe is 400, and so is a
// required one left out.
func TestAdminAPITakesWhatItsDescriptionSays(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(fakes.AdminOpenAPI)
	if err != nil {
		t.Fatal(err)
	}
	srv := start(t, fakes.Options{Auth: fakes.AuthOff})
	send := func(method, path string) *http.Response {
		req, _ := http.NewRequest(method, srv.URL()+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	for path, item := range doc.Paths.Map() {
		url := strings.ReplaceAll(path, "{id}", "some-rule")
		ops := item.Operations()
		var described []string
		for method := range ops {
			described = append(described, method)
		}
		slices.Sort(described)
		for _, method := range []string{"GET", "PUT", "POST", "DELETE", "PATCH"} {
			resp := send(method, url)
			if _, ok := ops[method]; ok == (resp.StatusCode == 405) {
				t.Errorf("%s %s: %d though the description has it %v", method, path, resp.StatusCode, ok)
			} else if !ok && resp.Header.Get("Allow") != strings.Join(described, ", ") {
				t.Errorf("%s %s: Allow %q, described %v", method, path, resp.Header.Get("Allow"), described)
			}
		}
		for method, op := range ops {
			if resp := send(method, url+"?undescribed=1"); resp.StatusCode != 400 {
				t.Errorf("%s %s?undescribed=1: %d, want 400", method, path, resp.StatusCode)
			}
			for _, p := range op.Parameters {
				if p.Value.In == "query" && p.Value.Required {
					if resp := send(method, url); resp.StatusCode != 400 {
						t.Errorf("%s %s without its required %s: %d, want 400", method, path, p.Value.Name, resp.StatusCode)
					}
				}
			}
		}
	}
}
