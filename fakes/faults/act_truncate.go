package faults

import (
	"fmt"
	"net/http"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Truncate lets the service answer (the user is stored), then sends only
// part of the body under the full Content-Length and closes.
type Truncate struct {
	Bytes int `json:"bytes,omitempty"` // body bytes to send; default half
}

var truncateKind = Kind{Type: "truncate", Category: "transport",
	Description: "The service answers (a 201 stores the user), then the body is cut short of its Content-Length and the connection closed. Every matching answer is cut, a retry's 409 too, unless the rule has times.",
	Example:     `{"type":"truncate","bytes":20}`,
	New:         func() Action { return &Truncate{} }}

func (a *Truncate) Validate() error {
	if a.Bytes < 0 {
		return fmt.Errorf("bytes must not be negative")
	}
	return nil
}

func (a *Truncate) Apply(ex *Exchange, next func()) {
	next()
	ex.Outcome = "truncated"
	ex.Deliver = func(w http.ResponseWriter, _ *http.Request, resp *restjson.Response) string {
		n := a.Bytes
		if n == 0 || n >= len(resp.Body) {
			n = len(resp.Body) / 2
		}
		writeHead(w, resp)
		_, _ = w.Write(resp.Body[:n])
		_ = http.NewResponseController(w).Flush()
		hangUp(w, false)
		return ""
	}
}
