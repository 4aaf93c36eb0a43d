package fakes_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
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
		{"DELETE", "/_fake/requests", ""},
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
