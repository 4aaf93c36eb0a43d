package faults

import (
	"fmt"
	"time"
)

// RacyDuplicateCheck makes the duplicate-Email check and the insert two
// steps with the store let go in between, as a check-then-act over a
// database without a unique constraint does: concurrent creates of one
// Email can each get 201. One create at a time still meets 409.
type RacyDuplicateCheck struct {
	Ms float64 `json:"ms,omitempty"` // the wait between check and insert; default 50
}

var racyDuplicateCheckKind = Kind{Type: "racy-duplicate-check", Category: "mutant",
	Description: "The duplicate-Email check and the insert are not atomic (check, let go, wait ms, insert): concurrent creates of one Email can all get 201; sequential ones still meet 409.",
	Example:     `{"type":"racy-duplicate-check","ms":50}`,
	New:         func() Action { return &RacyDuplicateCheck{} }}

func (a *RacyDuplicateCheck) Validate() error {
	if a.Ms < 0 || a.Ms > 10000 {
		return fmt.Errorf("ms must be within [0, 10000]")
	}
	return nil
}

func (a *RacyDuplicateCheck) Apply(ex *Exchange, next func()) {
	ms := a.Ms
	if ms == 0 {
		ms = 50
	}
	ex.Mode.RacyWait = time.Duration(ms * float64(time.Millisecond))
	next()
}
