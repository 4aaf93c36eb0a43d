package faults

import (
	"encoding/json"
	"math/rand/v2"
)

// Action is a fault: it runs around the service. next runs the service (and
// fills ex.Response); an action that answers by itself does not call it.
type Action interface {
	Apply(ex *Exchange, next func())
}

// Gate is implemented by actions that decide per request whether they
// act at all (throttle: only over the rate). The engine asks, under its
// lock, once the schedule says the rule is due: a request the gate lets
// pass is not the rule's firing (its fired count, times and the journal's
// ruleId say so), and the rules after it are tried.
type Gate interface{ Fires(req *Request) bool }

func gateFires(a Action, req *Request) bool {
	g, ok := a.(Gate)
	return !ok || g.Fires(req)
}

// Validator is implemented by actions whose parameters can be wrong.
type Validator interface{ Validate() error }

// Sampler is implemented by actions that draw from the engine's seeded RNG
// (latency, for one). Sample is called under the engine's lock, so the
// same seed and the same request order give the same draws.
type Sampler interface{ Sample(rng *rand.Rand) Action }

// ActionSpec is an action as written in a rule: {"type": "...", params...}.
// Unknown types and unknown or wrong parameters are errors.
type ActionSpec struct {
	Type   string
	Action Action
}

// UnmarshalJSON decodes {"type": ...} into a built-in action, strictly.
// (A rule read by a Registry's ParseRules resolves against that registry.)
func (s *ActionSpec) UnmarshalJSON(b []byte) error {
	spec, err := builtin.decodeAction(b)
	if err != nil {
		return err
	}
	*s = spec
	return nil
}

// MarshalJSON writes the action back with its type.
func (s ActionSpec) MarshalJSON() ([]byte, error) {
	params, err := json.Marshal(s.Action)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(params, &m); err != nil || m == nil {
		m = map[string]any{}
	}
	m["type"] = s.Type
	return json.Marshal(m)
}

// ParseAction reads one action of a built-in type, written as JSON or as a
// bare exception name ("ServiceUnavailableException") for the error action.
func ParseAction(text string) (ActionSpec, error) { return builtin.ParseAction(text) }
