package faults

// Close closes the connection without a response (the client reads EOF).
type Close struct{}

var closeKind = Kind{Type: "close", Category: "transport",
	Description: "Close the connection without a response; the user is not created (aws-sdk-go-v2 reads EOF, botocore ConnectionClosedError, the JS SDK ECONNRESET).",
	Example:     `{"type":"close"}`,
	New:         func() Action { return &Close{} }}

func (Close) Apply(ex *Exchange, _ func()) {
	hangUpAction(ex, false)
}
