package faults_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes/faults"
)

func withBody(body string) faults.Request { return faults.Request{Body: []byte(body)} }

// Each form of condition selects the bodies it says and no others.
func TestBodyConditions(t *testing.T) {
	bodies := []string{
		`{"Email":"a@example.com","UserType":"SharedDevice"}`,
		`{"Email":"b@example.com","UserType":"PrivateUser"}`,
		`{"Email":"c@example.com"}`,
		`{"Email":"d@example.com","UserType":null,"Owner":{"Tags":[{"Key":"k1"},{"Key":"k2"}]},"Count":1}`,
		`not json`,
	}
	for match, want := range map[string]string{
		`{"UserType":"SharedDevice"}`:                             "m....",
		`{"UserType":{"equals":"PrivateUser"}}`:                   ".m...",
		`{"UserType":{"pattern":"^(Shared|Private)"}}`:            "mm...",
		`{"UserType":{"present":true}}`:                           "mm.m.",
		`{"UserType":{"present":false}}`:                          "..m.m",
		`{"UserType":null}`:                                       "...m.",
		`{"Owner.Tags.1.Key":"k2"}`:                               "...m.",
		`{"Owner.Tags.2.Key":{"present":true}}`:                   ".....",
		`{"Owner.Tags":{"equals":[{"Key":"k1"},{"Key":"k2"}]}}`:   "...m.",
		`{"Count":1.0}`:                                           "...m.",
		`{"Email":{"pattern":"^[ab]@"},"UserType":"PrivateUser"}`: ".m...",
		`{"Email":{"pattern":"\\p{Lu}"}}`:                         ".....",
	} {
		e, err := faults.NewEngine(1, rules(t, `[{"id":"m","match":{"body":`+match+`},"action":{"type":"pass"}}]`))
		if err != nil {
			t.Fatalf("%s: %v", match, err)
		}
		var reqs []faults.Request
		for _, b := range bodies {
			reqs = append(reqs, withBody(b))
		}
		if got := fires(e, reqs...); got != want {
			t.Errorf("match.body %s: fired %s, want %s", match, got, want)
		}
	}
}

// A bad condition is refused with the path and what is wrong.
func TestBadBodyConditionsAreRefused(t *testing.T) {
	for match, want := range map[string]string{
		`{"UserType":{"equals":"a","present":true}}`: `match.body "UserType": give exactly one of equals, pattern and present (got 2)`,
		`{"UserType":{}}`:              `give exactly one`,
		`{"UserType":{"pattern":"("}}`: `match.body "UserType": pattern:`,
		`{"UserType":{"matches":"x"}}`: `unknown field "matches"`,
		`{"":"x"}`:                     `empty member path`,
		`{"Owner..Name":"x"}`:          `empty segment`,
	} {
		_, err := faults.ParseRule(`{"match":{"body":` + match + `},"action":{"type":"pass"}}`)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("match.body %s: %v, want %q", match, err, want)
		}
	}
}

// The Go API builds the same conditions, and a rule written either way
// reads back as it was written.
func TestBodyConditionsFromGoAndBack(t *testing.T) {
	rule := faults.Rule{ID: "g", Match: faults.Match{Body: map[string]faults.BodyCondition{
		"UserType": faults.Equals("SharedDevice"), "Email": faults.MatchesPattern("@example\\.com$"),
		"Username": faults.Present(false)}},
		Action: &faults.ActionSpec{Type: "pass", Action: faults.Pass{}}}
	e, err := faults.NewEngine(1, []faults.Rule{rule})
	if err != nil {
		t.Fatal(err)
	}
	got := fires(e, withBody(`{"Email":"a@example.com","UserType":"SharedDevice"}`),
		withBody(`{"Email":"a@example.com","UserType":"SharedDevice","Username":"u"}`),
		withBody(`{"Email":"a@example.org","UserType":"SharedDevice"}`))
	if got != "g.." {
		t.Fatalf("fired %s, want g..", got)
	}
	written := `{"match":{"body":{"A":"x","B":{"pattern":"^y"},"C":{"present":true}}},"action":{"type":"pass"}}`
	parsed, err := faults.ParseRule(written)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(parsed.Match)
	if string(out) != `{"body":{"A":"x","B":{"pattern":"^y"},"C":{"present":true}}}` {
		t.Fatalf("read back as %s", out)
	}
}
