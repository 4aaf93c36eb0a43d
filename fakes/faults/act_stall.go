package faults

import (
	"fmt"
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Stall sends the status and headers, then holds the body back: a client
// with a read timeout gives up; a patient one gets the body after Ms.
type Stall struct {
	Ms float64 `json:"ms"` // how long to hold the body (at most 10 minutes)
}

var stallKind = Kind{Type: "stall", Category: "transport",
	Description: "Process the request, send status and headers, then stall ms before the body (read timeouts).",
	Example:     `{"type":"stall","ms":30000}`,
	New:         func() Action { return &Stall{} }}

func (a *Stall) Validate() error {
	if a.Ms <= 0 || a.Ms > float64(10*time.Minute/time.Millisecond) {
		return fmt.Errorf("ms must be within (0, 600000]")
	}
	return nil
}

func (a *Stall) Apply(ex *Exchange, next func()) {
	next()
	ex.Outcome = "stalled"
	ex.Deliver = func(w http.ResponseWriter, r *http.Request, resp *restjson.Response) string {
		writeHead(w, resp)
		if !sleepCtx(r, time.Duration(a.Ms*float64(time.Millisecond))) {
			return "stalled, client gone"
		}
		_, _ = w.Write(resp.Body)
		return ""
	}
}
