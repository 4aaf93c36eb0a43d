package faults

// Close closes the connection without a response (the client reads EOF).
type Close struct{}

var closeKind = Kind{Type: "close", Category: "transport",
	Description: "Close the connection without a response (the client reads EOF); the user is not created.",
	Example:     `{"type":"close"}`,
	New:         func() Action { return &Close{} }}

func (Close) Apply(ex *Exchange, _ func()) {
	hangUpAction(ex, false)
}
