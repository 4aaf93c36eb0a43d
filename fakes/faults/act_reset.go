package faults

// Reset answers with a TCP RST and nothing else. The service never runs.
type Reset struct{}

var resetKind = Kind{Type: "reset", Category: "transport",
	Description: "Reset the connection (TCP RST) without a response; the user is not created.",
	Example:     `{"type":"reset"}`,
	New:         func() Action { return &Reset{} }}

func (Reset) Apply(ex *Exchange, _ func()) {
	hangUpAction(ex, true)
}
