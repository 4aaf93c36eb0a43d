package faults

import (
	"fmt"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Error answers with an AWS-shaped error instead of calling the service.
type Error struct {
	Exception string `json:"exception"`         // a documented name, or any name with a status
	Status    int    `json:"status,omitempty"`  // overrides the documented status
	Message   string `json:"message,omitempty"` // default: "Injected <exception>"
}

var errorKind = Kind{Type: "error", Category: "error",
	Description: "Answer with a documented error (or any status + exception name), AWS-shaped.",
	Example:     `{"type":"error","exception":"ServiceUnavailableException"}`,
	New:         func() Action { return &Error{} }}

// Validate requires a name, and a status for names the page does not document.
func (a *Error) Validate() error {
	if a.Exception == "" {
		return fmt.Errorf("exception is required (one of the documented names, or any name with a status)")
	}
	if err := headerValue("exception", a.Exception); err != nil {
		return err
	}
	if _, ok := restjson.LookupException(a.Exception); !ok && a.Status == 0 {
		return fmt.Errorf("exception %q is not documented for CreateUser: give its status too", a.Exception)
	}
	if a.Status != 0 && (a.Status < 400 || a.Status > 599) {
		return fmt.Errorf("status %d is not an error status", a.Status)
	}
	return nil
}

func (a *Error) Apply(ex *Exchange, _ func()) {
	msg := a.Message
	if msg == "" {
		msg = "Injected " + a.Exception
	}
	ex.Response = restjson.ErrorNamed(a.Exception, a.Status, msg)
}
