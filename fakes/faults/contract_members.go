package faults

import (
	"encoding/json"
	"fmt"
)

// DropMember removes a member from the 201 body.
type DropMember struct {
	Member memberPath `json:"member"`
}

// NullMember sets a member of the 201 body to null.
type NullMember struct {
	Member memberPath `json:"member"`
}

// RetypeMember gives a member of the 201 body a value of another JSON type:
// a timestamp string becomes epoch seconds, the mistake real clients choke on.
type RetypeMember struct {
	Member memberPath `json:"member"`
}

// SetMember sets a member of the 201 body to a fixed value (a wrong
// AccountId, a UserId reused for every user, ...).
type SetMember struct {
	Member memberPath      `json:"member"`
	Value  json.RawMessage `json:"value"`
}

var dropMemberKind = Kind{Type: "drop-member", Category: "contract", Description: "Remove a member of the 201 body (e.g. User.UserId, or User).",
	Example: `{"type":"drop-member","member":"User.UserId"}`, New: func() Action { return &DropMember{} }}

var nullMemberKind = Kind{Type: "null-member", Category: "contract", Description: "Set a member of the 201 body to null (e.g. User.UserId).",
	Example: `{"type":"null-member","member":"User.UserId"}`, New: func() Action { return &NullMember{} }}

var retypeMemberKind = Kind{Type: "retype-member", Category: "contract", Description: "Give a member of the 201 body another JSON type (User.RegisteredOn becomes epoch seconds).",
	Example: `{"type":"retype-member","member":"User.RegisteredOn"}`, New: func() Action { return &RetypeMember{} }}

var setMemberKind = Kind{Type: "set-member", Category: "contract", Description: "Set a member of the 201 body to a fixed JSON value (wrong AccountId, reused UserId).",
	Example: `{"type":"set-member","member":"User.UserId","value":"same-id-every-time"}`, New: func() Action { return &SetMember{} }}

func (a *DropMember) Validate() error   { return a.Member.validate() }
func (a *NullMember) Validate() error   { return a.Member.validate() }
func (a *RetypeMember) Validate() error { return a.Member.validate() }
func (a *SetMember) Validate() error {
	if err := a.Member.validate(); err != nil {
		return err
	}
	if !json.Valid(a.Value) {
		return fmt.Errorf("value must be a JSON value")
	}
	return nil
}

func (a *DropMember) Apply(ex *Exchange, next func()) {
	editSuccess(ex, next, a.Member, func(m map[string]any, name string) { delete(m, name) })
}

func (a *NullMember) Apply(ex *Exchange, next func()) {
	editSuccess(ex, next, a.Member, func(m map[string]any, name string) {
		if _, ok := m[name]; ok {
			m[name] = nil
		}
	})
}

func (a *SetMember) Apply(ex *Exchange, next func()) {
	var v any
	_ = json.Unmarshal(a.Value, &v)
	editSuccess(ex, next, a.Member, func(m map[string]any, name string) { m[name] = v })
}

func (a *RetypeMember) Apply(ex *Exchange, next func()) {
	editSuccess(ex, next, a.Member, func(m map[string]any, name string) {
		v, ok := m[name]
		if !ok {
			return
		}
		m[name] = retype(v)
	})
}

// retype returns a value of another JSON type carrying the same information.
func retype(v any) any {
	switch v := v.(type) {
	case string:
		if t, err := parseTime(v); err == nil {
			return float64(t.UnixMilli()) / 1000
		}
		return len(v)
	case float64:
		return fmt.Sprint(v)
	case bool:
		return fmt.Sprint(v)
	case nil:
		return 0
	default: // objects and arrays
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func editSuccess(ex *Exchange, next func(), p memberPath, f func(map[string]any, string)) {
	next()
	if isSuccess(ex) {
		ex.Response.Body = p.edit(ex.Response.Body, f)
	}
}
