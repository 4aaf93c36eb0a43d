package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Action is a fault: it runs around the service. next runs the service (and
// fills ex.Response); an action that answers by itself does not call it.
type Action interface {
	Apply(ex *Exchange, next func())
}

// Validator is implemented by actions whose parameters can be wrong.
type Validator interface{ Validate() error }

// Sampler is implemented by actions that draw from the engine's seeded RNG
// (latency, for one). Sample is called under the engine's lock, so the
// same seed and the same request order give the same draws.
type Sampler interface{ Sample(rng *rand.Rand) Action }

// Kind describes a registered action type.
type Kind struct {
	Type        string
	Category    string // "error", "latency", "transport", "state", "contract"
	Description string
	Example     string // a JSON action, ready to paste
	New         func() Action
}

var kinds = map[string]Kind{}

// Register adds an action type. Each action's file registers itself.
func Register(k Kind) {
	if _, dup := kinds[k.Type]; dup {
		panic("faults: duplicate action type " + k.Type)
	}
	kinds[k.Type] = k
}

// Kinds lists the registered action types by category, then type.
func Kinds() []Kind {
	var list []Kind
	for _, k := range kinds {
		list = append(list, k)
	}
	order := []string{"error", "latency", "transport", "state", "contract", "variant", "flow"}
	slices.SortFunc(list, func(a, b Kind) int {
		if c := slices.Index(order, a.Category) - slices.Index(order, b.Category); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
	return list
}

// ActionSpec is an action as written in a rule: {"type": "...", params...}.
// Unknown types and unknown or wrong parameters are errors.
type ActionSpec struct {
	Type   string
	Action Action
}

// UnmarshalJSON decodes {"type": ...} into the registered action, strictly.
func (s *ActionSpec) UnmarshalJSON(b []byte) error {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return fmt.Errorf("action: %w", err)
	}
	kind, ok := kinds[head.Type]
	if !ok {
		return fmt.Errorf("action: unknown type %q (known: %s)", head.Type, strings.Join(typeNames(), ", "))
	}
	var params map[string]json.RawMessage
	if err := json.Unmarshal(b, &params); err != nil {
		return fmt.Errorf("action %s: %w", head.Type, err)
	}
	delete(params, "type")
	rest, _ := json.Marshal(params)
	a := kind.New()
	dec := json.NewDecoder(bytes.NewReader(rest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(a); err != nil {
		return fmt.Errorf("action %s: %w", head.Type, err)
	}
	if v, ok := a.(Validator); ok {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("action %s: %w", head.Type, err)
		}
	}
	s.Type, s.Action = head.Type, a
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

func typeNames() []string {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Type)
	}
	return names
}

// ParseAction reads one action written as JSON, or as a bare exception
// name ("ServiceUnavailableException") for the error action.
func ParseAction(text string) (ActionSpec, error) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "{") {
		b, _ := json.Marshal(map[string]string{"type": "error", "exception": text})
		text = string(b)
	}
	var s ActionSpec
	err := json.Unmarshal([]byte(text), &s)
	return s, err
}
