package faults_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes/faults"
)

// addExamples seeds a fuzzer with every built-in type's example, as a
// rule when asRule. The corpora under testdata/fuzz add what fuzzing found
// and hand-written edge cases; all of it runs in plain go test.
func addExamples(f *testing.F, asRule bool) {
	for _, k := range faults.Builtin().Kinds() {
		if asRule {
			f.Add(`{"id":"r","probability":0.5,"action":` + k.Example + `}`)
		} else {
			f.Add(k.Example)
		}
	}
}

// Any text is refused with an error or read into rules that the engine
// takes as they are, and that written back as JSON read into the same
// rules: what the admin API shows is what it accepts.
//
//	go test -run '^$' -fuzz '^FuzzParseRules$' ./fakes/faults
func FuzzParseRules(f *testing.F) {
	addExamples(f, true)
	f.Add(`[{"match":{"header":{"X-A":"1"},"nth":2},"sequence":[{"type":"reset"},{"type":"pass"}],"every":2,"times":3}]`)
	f.Add(`{"match":{"body":{"UserType":"SharedDevice","Owner.Tags.0":{"equals":{"a":[1,null]}},"Email":{"pattern":"^\\p{Lu}"},"X":{"present":false},"N":1e3}},"action":{"type":"latency","ms":0}}`)
	f.Fuzz(func(t *testing.T, text string) {
		rules, err := faults.ParseRules(text)
		if err != nil {
			return
		}
		if _, err := faults.NewEngine(1, rules); err != nil && !strings.Contains(err.Error(), "already in use") {
			t.Fatalf("ParseRules accepted what the engine refuses: %v", err)
		}
		readsBackTheSame(t, text, rules, faults.ParseRules)
	})
}

// Any X-Fake-Fault value is refused with an error or read into an action
// that, written back, reads into the same action.
//
//	go test -run '^$' -fuzz '^FuzzParseAction$' ./fakes/faults
func FuzzParseAction(f *testing.F) {
	addExamples(f, false)
	f.Add("ServiceUnavailableException")
	f.Fuzz(func(t *testing.T, text string) {
		spec, err := faults.ParseAction(text)
		if err != nil {
			return
		}
		if spec.Action == nil || spec.Type == "" {
			t.Fatalf("%q: accepted as %+v", text, spec)
		}
		readsBackTheSame(t, text, spec, faults.ParseAction)
	})
}

// readsBackTheSame fails unless v, read from text, written as JSON and
// read again with parse, is written the same.
func readsBackTheSame[T any](t *testing.T, text string, v T, parse func(string) (T, error)) {
	t.Helper()
	written := mustJSON(t, v)
	again, err := parse(written)
	if err != nil {
		t.Fatalf("accepted %q, but not as written back, %s: %v", text, written, err)
	}
	if rewritten := mustJSON(t, again); rewritten != written {
		t.Fatalf("%q read back differently:\n%s\n%s", text, written, rewritten)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("cannot write %+v as JSON: %v", v, err)
	}
	return string(b)
}
