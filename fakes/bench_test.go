package fakes_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// benchCreate measures one in-process CreateUser (routing, validation,
// store, 201) through the handler; compare the variants as ratios.
func benchCreate(b *testing.B, opts fakes.Options) {
	srv, err := fakes.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	path := "/accounts/" + fakes.SampleAccountID + "/users?operation=create"
	i := 0
	for b.Loop() {
		i++
		body := fmt.Sprintf(`{"Email":"user%d@example.com","UserType":"SharedDevice"}`, i)
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 201 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkCreateUser(b *testing.B) { benchCreate(b, fakes.Options{Auth: fakes.AuthOff}) }

// Twenty rules that never match: the cost of the rule engine per request.
func BenchmarkCreateUserWith20IdleRules(b *testing.B) {
	var rules []faults.Rule
	for i := range 20 {
		r, err := faults.ParseRule(fmt.Sprintf(`{"match":{"account":"other-%d"},"action":{"type":"reset"}}`, i))
		if err != nil {
			b.Fatal(err)
		}
		rules = append(rules, r)
	}
	benchCreate(b, fakes.Options{Auth: fakes.AuthOff, Rules: rules})
}
