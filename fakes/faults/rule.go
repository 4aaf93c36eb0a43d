package faults

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Rule is one fault: which requests it matches, what it does, and when it
// fires. The same JSON shape serves the config file, the admin API and Go.
type Rule struct {
	ID string `json:"id,omitempty"`
	// Match: every field given must hold.
	Match Match `json:"match,omitzero"`
	// Action is what the rule does; Sequence instead gives one action per
	// attempt of an SDK call (counted per amz-sdk-invocation-id; a request
	// without one counts alone), then passes through.
	Action   *ActionSpec  `json:"action,omitempty"`
	Sequence []ActionSpec `json:"sequence,omitempty"`
	// Schedule: skip the first After matches, fire on every Every-th match,
	// at most Times times, each time with Probability (seeded).
	After       int      `json:"after,omitempty"`
	Every       int      `json:"every,omitempty"`
	Times       int      `json:"times,omitempty"`
	Probability *float64 `json:"probability,omitempty"`
}

// Match selects requests. Strings compare exactly but Email, which compares
// case-insensitively as the service does.
type Match struct {
	Account      string            `json:"account,omitempty"`
	Email        string            `json:"email,omitempty"`
	Header       map[string]string `json:"header,omitempty"` // name -> exact value
	InvocationID string            `json:"invocationId,omitempty"`
	Attempt      int               `json:"attempt,omitempty"` // amz-sdk-request attempt number
	Nth          int               `json:"nth,omitempty"`     // the n-th request since reset (1-based)
	// Body: member path of the JSON request body -> what it must be
	// (BodyCondition): {"UserType": "SharedDevice"}.
	Body map[string]BodyCondition `json:"body,omitempty"`
}

// Validate reports every problem with the rule at once.
func (r *Rule) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	switch {
	case r.Action == nil && len(r.Sequence) == 0:
		bad("needs an action or a sequence")
	case r.Action != nil && len(r.Sequence) > 0:
		bad("has both an action and a sequence; give one")
	}
	if r.After < 0 || r.Every < 0 || r.Times < 0 || r.Match.Attempt < 0 || r.Match.Nth < 0 {
		bad("after, every, times, match.attempt and match.nth must not be negative")
	}
	if p := r.Probability; p != nil && (*p < 0 || *p > 1) {
		bad("probability must be within [0, 1], got %v", *p)
	}
	for name := range r.Match.Header {
		if name == "" || strings.ContainsAny(name, " :\r\n") {
			bad("match.header has an invalid header name %q", name)
		}
	}
	if _, err := compileBody(r.Match.Body); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		if r.ID != "" {
			return fmt.Errorf("rule %q: %w", r.ID, err)
		}
		return fmt.Errorf("rule: %w", err)
	}
	return nil
}

func (m *Match) matches(req *Request) bool {
	switch {
	case m.Account != "" && m.Account != req.Account,
		m.Email != "" && !strings.EqualFold(m.Email, req.Email),
		m.InvocationID != "" && BoundedKey(m.InvocationID) != BoundedKey(req.InvocationID),
		m.Attempt != 0 && m.Attempt != req.Attempt,
		m.Nth != 0 && m.Nth != req.Seq:
		return false
	}
	for name, want := range m.Header {
		if http.Header(req.Header).Get(name) != want {
			return false
		}
	}
	return bodyMatches(m.Body, req)
}

// ParseRule reads a rule of the built-in types written as JSON, strictly,
// and validates it.
func ParseRule(text string) (Rule, error) { return builtin.ParseRule(text) }

// ParseRules reads one rule or an array of rules of the built-in types
// written as JSON, strictly, and validates each.
func ParseRules(text string) ([]Rule, error) { return builtin.ParseRules(text) }

// ParseRule reads one rule written as JSON, strictly, and validates it.
func (r *Registry) ParseRule(text string) (Rule, error) {
	if !strings.HasPrefix(strings.TrimSpace(text), "{") {
		return Rule{}, fmt.Errorf("rule: want a JSON object")
	}
	rules, err := r.ParseRules(text)
	if err != nil {
		return Rule{}, err
	}
	return rules[0], nil
}

// rawRule is a rule whose actions are not decoded yet: the outer fields
// shadow Rule's, so that the registry, not ActionSpec's default, reads them.
type rawRule struct {
	Rule
	Action   json.RawMessage   `json:"action,omitempty"`
	Sequence []json.RawMessage `json:"sequence,omitempty"`
}

// ParseRules reads one rule or an array of rules written as JSON, strictly,
// resolving action types in r, and validates each.
func (r *Registry) ParseRules(text string) ([]Rule, error) {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "{") {
		text = "[" + text + "]"
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	var raws []rawRule
	if err := dec.Decode(&raws); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("rules: trailing data after the JSON value")
	}
	rules := make([]Rule, len(raws))
	for i, raw := range raws {
		rule, err := r.resolve(raw)
		if err == nil {
			err = rule.Validate()
		}
		if err != nil {
			return nil, fmt.Errorf("rules[%d]: %w", i, err)
		}
		rules[i] = rule
	}
	return rules, nil
}

func (r *Registry) resolve(raw rawRule) (Rule, error) {
	rule := raw.Rule
	if raw.Action != nil {
		spec, err := r.decodeAction(raw.Action)
		if err != nil {
			return rule, err
		}
		rule.Action = &spec
	}
	for _, step := range raw.Sequence {
		spec, err := r.decodeAction(step)
		if err != nil {
			return rule, err
		}
		rule.Sequence = append(rule.Sequence, spec)
	}
	return rule, nil
}
