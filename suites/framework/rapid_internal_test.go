package framework

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// isRapidSignal knows rapid's control flow by its unexported type names.
// If an upgrade of rapid renames them, every failing property would turn
// into "the suite's own error": this test says so first.
func TestRapidsSignalsAreRecognised(t *testing.T) {
	var seen []any
	for _, prop := range []func(*rapid.T){
		func(rt *rapid.T) { rt.Skip("discard") },
		func(rt *rapid.T) { rt.Fatalf("fail") },
	} {
		withRapid(5, 1, 0, func() {
			rapid.Check(&rapidTB{run: &propRun{}, name: "signals"}, func(rt *rapid.T) {
				defer func() {
					r := recover()
					seen = append(seen, r)
					panic(r)
				}()
				prop(rt)
			})
		})
	}
	if len(seen) == 0 {
		t.Fatal("rapid ran nothing")
	}
	for _, r := range seen {
		if !isRapidSignal(r) {
			t.Errorf("rapid panicked with a %T (%v), which isRapidSignal does not know", r, fmt.Sprint(r))
		}
	}
	if isRapidSignal("a string") || isRapidSignal(fmt.Errorf("an error")) {
		t.Error("isRapidSignal takes anything for rapid's")
	}
}
