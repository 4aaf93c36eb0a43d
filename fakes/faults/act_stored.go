package faults

import (
	"fmt"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// StoredThenFail creates the user, then answers with a 5xx (or a reset):
// the client believes it failed, and its retry meets 409 ConflictException.
type StoredThenFail struct {
	Exception string `json:"exception,omitempty"` // default ServiceFailureException
	Reset     bool   `json:"reset,omitempty"`     // reset the connection instead of answering
}

var storedThenFailKind = Kind{Type: "stored-then-fail", Category: "state",
	Description: "Create the user, then answer a 5xx (500 ServiceFailureException unless exception names another) or reset the connection (reset: true): a client that retries meets 409, the classic ambiguous failure.",
	Example:     `{"type":"stored-then-fail","exception":"ServiceUnavailableException"}`,
	New:         func() Action { return &StoredThenFail{} }}

func (a *StoredThenFail) Validate() error {
	if a.Exception == "" {
		return nil
	}
	if e, ok := restjson.LookupException(a.Exception); !ok || e.Status < 500 {
		return fmt.Errorf("exception must be a documented 5xx (ServiceFailureException, ServiceUnavailableException), got %q", a.Exception)
	}
	return nil
}

func (a *StoredThenFail) Apply(ex *Exchange, next func()) {
	next()
	if !ex.Stored {
		return // the service refused (400, 409 ...): nothing was stored, answer as it did
	}
	if a.Reset {
		hangUpAction(ex, true)
		return
	}
	name := a.Exception
	if name == "" {
		name = "ServiceFailureException"
	}
	ex.Response = restjson.ErrorNamed(name, 0, "Injected "+name+" after the user was stored")
}
