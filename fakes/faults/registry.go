package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Kind describes a fault type: what the fake does, an example ready to
// paste, how to build one, and what real clients make of it.
type Kind struct {
	Type        string `json:"type"`
	Category    string `json:"category"` // error, latency, transport, state, contract, mutant, variant, flow
	Description string `json:"description"`
	Example     string `json:"example"` // a JSON action
	// Clients is what real clients did when this type fired, as measured
	// (fakes/CLIENTS.md); empty for types no client was measured against.
	Clients []ClientBehavior `json:"clients,omitempty"`
	New     func() Action    `json:"-"`
}

// ClientBehavior is one measured row of the client matrix: a client, a
// rule firing Scenario on every attempt, and what came of it.
type ClientBehavior struct {
	Client   string `json:"client"`   // e.g. "aws-sdk-go-v2", "boto3 (legacy)", "aws-cli v2"
	Scenario string `json:"scenario"` // the action, as JSON
	Attempts int    `json:"attempts"` // requests the fake received for the one call
	Sees     string `json:"sees"`     // what the caller gets: "ok", an exception name, an error's gist
	Stored   bool   `json:"stored"`   // whether a user exists afterwards
	Exit     *int   `json:"exit,omitempty"`
}

// String is the behaviour in a few words: "3 attempts: exit 254,
// ServiceUnavailableException, stored".
func (b ClientBehavior) String() string {
	plural := "s"
	if b.Attempts == 1 {
		plural = ""
	}
	s := fmt.Sprintf("%d attempt%s: ", b.Attempts, plural)
	if b.Exit != nil {
		s += fmt.Sprintf("exit %d, ", *b.Exit)
	}
	s += b.Sees
	if b.Stored {
		s += ", stored"
	}
	return s
}

// categories orders listings.
var categories = []string{"error", "latency", "transport", "state", "contract", "mutant", "variant", "flow"}

// Registry is a set of fault types by name. Builtin returns the fake's;
// a program may add its own kinds to a registry it holds.
type Registry struct {
	kinds map[string]Kind
}

// NewRegistry returns a registry of the given kinds.
func NewRegistry(kinds ...Kind) (*Registry, error) {
	r := &Registry{kinds: map[string]Kind{}}
	for _, k := range kinds {
		if err := r.Add(k); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Add registers a kind; its type must be new, its category known.
func (r *Registry) Add(k Kind) error {
	switch {
	case k.Type == "" || k.New == nil:
		return fmt.Errorf("faults: a kind needs a type and a New func")
	case !slices.Contains(categories, k.Category):
		return fmt.Errorf("faults: kind %s: category %q is not one of %s", k.Type, k.Category, strings.Join(categories, ", "))
	}
	if _, dup := r.kinds[k.Type]; dup {
		return fmt.Errorf("faults: duplicate kind %s", k.Type)
	}
	r.kinds[k.Type] = k
	return nil
}

// Lookup finds a kind by type name.
func (r *Registry) Lookup(typ string) (Kind, bool) {
	k, ok := r.kinds[typ]
	return k, ok
}

// Kinds lists the kinds by category, then type.
func (r *Registry) Kinds() []Kind {
	list := make([]Kind, 0, len(r.kinds))
	for _, k := range r.kinds {
		list = append(list, k)
	}
	slices.SortFunc(list, func(a, b Kind) int {
		if c := slices.Index(categories, a.Category) - slices.Index(categories, b.Category); c != 0 {
			return c
		}
		return strings.Compare(a.Type, b.Type)
	})
	return list
}

func (r *Registry) typeNames() []string {
	var names []string
	for _, k := range r.Kinds() {
		names = append(names, k.Type)
	}
	return names
}

// decodeAction reads {"type": ..., params...} into a new action of that
// kind: unknown types, unknown parameters and invalid values are errors.
func (r *Registry) decodeAction(b []byte) (ActionSpec, error) {
	var params map[string]json.RawMessage
	if err := json.Unmarshal(b, &params); err != nil {
		return ActionSpec{}, fmt.Errorf("action: %w", err)
	}
	var typ string
	if err := json.Unmarshal(params["type"], &typ); err != nil {
		return ActionSpec{}, fmt.Errorf("action: want {\"type\": \"<name>\", ...}")
	}
	kind, ok := r.kinds[typ]
	if !ok {
		return ActionSpec{}, fmt.Errorf("action: unknown type %q (known: %s)", typ, strings.Join(r.typeNames(), ", "))
	}
	delete(params, "type")
	rest, _ := json.Marshal(params)
	a := kind.New()
	dec := json.NewDecoder(bytes.NewReader(rest))
	dec.DisallowUnknownFields()
	if err := dec.Decode(a); err != nil {
		return ActionSpec{}, fmt.Errorf("action %s: %w", typ, err)
	}
	if err := missingParams(a, params); err != nil {
		return ActionSpec{}, fmt.Errorf("action %s: %w", typ, err)
	}
	if v, ok := a.(Validator); ok {
		if err := v.Validate(); err != nil {
			return ActionSpec{}, fmt.Errorf("action %s: %w", typ, err)
		}
	}
	return ActionSpec{Type: typ, Action: a}, nil
}

// ParseAction reads one action written as JSON, or as a bare exception
// name ("ServiceUnavailableException") for the error action.
func (r *Registry) ParseAction(text string) (ActionSpec, error) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "{") {
		b, _ := json.Marshal(map[string]string{"type": "error", "exception": text})
		text = string(b)
	}
	return r.decodeAction([]byte(text))
}
