package faults

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// BodyCondition is what one member of the JSON request body must be, in a
// rule's match.body (member path -> condition). Written in JSON, a plain
// value is shorthand for {"equals": value}; an object gives exactly one of
//
//	{"equals": <any JSON value>}  the member is that value (JSON equality: 1 and 1.0 are equal)
//	{"pattern": "<ECMA-262>"}     the member is a string the pattern matches (unanchored, as JSON Schema)
//	{"present": true|false}       the member is there (null counts) or is not
//
// A path is member names joined by dots ("UserType", "Owner.Name"); a
// segment of digits indexes an array ("Tags.0.Key"). A body that is not
// JSON has no members: only present:false holds for it.
type BodyCondition struct {
	Equals  json.RawMessage `json:"equals,omitempty"`
	Pattern string          `json:"pattern,omitempty"`
	Present *bool           `json:"present,omitempty"`

	shorthand bool // written as a plain value: written back so
	equals    any  // Equals, decoded
	compiled  *pattern.Pattern
}

// Equals is the condition that a member is v (marshalled as JSON).
func Equals(v any) BodyCondition {
	b, err := json.Marshal(v)
	if err != nil {
		b = nil // Validate reports a missing condition
	}
	return BodyCondition{Equals: b}
}

// MatchesPattern is the condition that a member is a string the ECMA-262
// pattern src matches.
func MatchesPattern(src string) BodyCondition { return BodyCondition{Pattern: src} }

// Present is the condition that a member is there (present) or is not.
func Present(present bool) BodyCondition { return BodyCondition{Present: &present} }

// UnmarshalJSON reads a plain value as {"equals": value}, an object as the
// operator form, strictly.
func (c *BodyCondition) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		*c = BodyCondition{Equals: append(json.RawMessage(nil), b...), shorthand: true}
		return nil
	}
	type plain BodyCondition // without this method
	var p plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return fmt.Errorf("a body condition is a JSON value, or one of {\"equals\": value}, {\"pattern\": \"...\"}, {\"present\": bool}: %w", err)
	}
	*c = BodyCondition(p)
	return nil
}

// MarshalJSON writes the condition as it was written.
func (c BodyCondition) MarshalJSON() ([]byte, error) {
	if c.shorthand && c.Equals != nil {
		return c.Equals, nil
	}
	type plain BodyCondition
	return json.Marshal(plain(c))
}

// compile checks the condition and prepares it for matching.
func (c BodyCondition) compile() (BodyCondition, error) {
	n := 0
	if c.Equals != nil {
		n++
		if err := json.Unmarshal(c.Equals, &c.equals); err != nil {
			return c, fmt.Errorf("equals is not a JSON value: %w", err)
		}
	}
	if c.Pattern != "" {
		n++
		p, err := pattern.Compile(c.Pattern)
		if err != nil {
			return c, fmt.Errorf("pattern: %w", err)
		}
		c.compiled = p
	}
	if c.Present != nil {
		n++
	}
	if n != 1 {
		return c, fmt.Errorf("give exactly one of equals, pattern and present (got %d)", n)
	}
	return c, nil
}

func (c *BodyCondition) holds(v any, found bool) bool {
	switch {
	case c.Present != nil:
		return found == *c.Present
	case !found:
		return false
	case c.compiled != nil:
		s, ok := v.(string)
		return ok && c.compiled.MatchString(s)
	default:
		return reflect.DeepEqual(v, c.equals)
	}
}

// validBodyPath says what is wrong with a member path, if anything.
func validBodyPath(path string) error {
	if path == "" {
		return fmt.Errorf("match.body has an empty member path")
	}
	for seg := range strings.SplitSeq(path, ".") {
		if seg == "" {
			return fmt.Errorf("match.body path %q has an empty segment", path)
		}
	}
	return nil
}

// compileBody checks every condition and returns a prepared copy, so that
// the caller's map is never written.
func compileBody(body map[string]BodyCondition) (map[string]BodyCondition, error) {
	if len(body) == 0 {
		return nil, nil
	}
	out := make(map[string]BodyCondition, len(body))
	for path, c := range body {
		if err := validBodyPath(path); err != nil {
			return nil, err
		}
		compiled, err := c.compile()
		if err != nil {
			return nil, fmt.Errorf("match.body %q: %w", path, err)
		}
		out[path] = compiled
	}
	return out, nil
}

// member finds a member path in a decoded body.
func member(doc any, path string) (any, bool) {
	v := doc
	for seg := range strings.SplitSeq(path, ".") {
		switch node := v.(type) {
		case map[string]any:
			next, ok := node[seg]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(node) || strconv.Itoa(i) != seg {
				return nil, false
			}
			v = node[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// decodedBody is the request body as JSON, decoded once per request (when
// a rule first asks); nil when it is not valid JSON.
func (req *Request) decodedBody() any {
	if !req.bodyRead {
		req.bodyRead = true
		if json.Unmarshal(req.Body, &req.body) != nil { // checked whole before anything is decoded
			req.body = nil
		}
	}
	return req.body
}

func bodyMatches(conds map[string]BodyCondition, req *Request) bool {
	if len(conds) == 0 {
		return true
	}
	doc := req.decodedBody()
	for path, c := range conds {
		v, found := member(doc, path)
		if !c.holds(v, found) {
			return false
		}
	}
	return true
}
