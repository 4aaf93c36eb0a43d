package faults

// Pass lets the request through untouched: a step of a sequence that
// succeeds ("503, 503, then pass").
type Pass struct{}

var passKind = Kind{Type: "pass", Category: "flow",
	Description: "Let the request through to the service (a sequence step that succeeds).",
	Example:     `{"type":"pass"}`,
	New:         func() Action { return &Pass{} }}

func (Pass) Apply(_ *Exchange, next func()) { next() }
