package faults_test

import (
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes/faults"
)

// A kind of one's own: a registry that holds it parses rules naming it;
// the built-in types, and every other registry, do not know it.
func TestARegistryOfOnesOwn(t *testing.T) {
	mine := faults.Builtin()
	teapot := faults.Kind{Type: "teapot", Category: "error", Example: `{"type":"teapot"}`,
		New: func() faults.Action { return &faults.Error{Exception: "TeapotException", Status: 418} }}
	if err := mine.Add(teapot); err != nil {
		t.Fatal(err)
	}
	rules, err := mine.ParseRules(`{"sequence":[{"type":"teapot"},{"type":"pass"}]}`)
	if err != nil || rules[0].Sequence[0].Type != "teapot" || rules[0].Sequence[1].Type != "pass" {
		t.Fatalf("own registry: %v %+v", err, rules)
	}
	if _, err := faults.ParseRules(`{"action":{"type":"teapot"}}`); err == nil || !strings.Contains(err.Error(), `unknown type "teapot"`) {
		t.Fatalf("the built-in types learnt teapot: %v", err)
	}
	if _, ok := faults.Builtin().Lookup("teapot"); ok {
		t.Fatal("a fresh Builtin() has teapot")
	}
	if err := mine.Add(teapot); err == nil {
		t.Fatal("a duplicate type was accepted")
	}
	if err := mine.Add(faults.Kind{Type: "x", Category: "misc", New: teapot.New}); err == nil {
		t.Fatal("an unknown category was accepted")
	}
}

// Every built-in kind's example parses to an action of that kind.
func TestEveryBuiltinExampleParses(t *testing.T) {
	for _, k := range faults.Builtin().Kinds() {
		spec, err := faults.ParseAction(k.Example)
		if err != nil || spec.Type != k.Type {
			t.Errorf("%s: example %s: %v (type %q)", k.Type, k.Example, err, spec.Type)
		}
		if k.Description == "" {
			t.Errorf("%s has no description", k.Type)
		}
	}
}

// A parameter that becomes a response header cannot hold what net/http
// would rewrite (found by fuzzing: the client got "A  B" for "A\r\nB").
func TestHeaderParametersRefuseControlCharacters(t *testing.T) {
	for _, action := range []string{
		`{"type":"error","exception":"A\r\nB","status":599}`,
		`{"type":"wrong-error-type","exception":"A\nB"}`,
		`{"type":"wrong-content-type","contentType":"text/html\u0000"}`,
	} {
		if _, err := faults.ParseAction(action); err == nil || !strings.Contains(err.Error(), "control characters") {
			t.Errorf("%s: %v", action, err)
		}
	}
	if _, err := faults.ParseAction(`{"type":"wrong-content-type","contentType":"text/html; charset=utf-8"}`); err != nil {
		t.Error(err)
	}
}
