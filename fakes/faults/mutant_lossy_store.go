package faults

import (
	"fmt"
	"math/rand/v2"
)

// LossyStore forgets a fraction of the users it creates, right after
// answering 201: re-creating a forgotten user's Email succeeds instead of
// meeting 409. Which ones is drawn from the engine's seeded RNG.
type LossyStore struct {
	Fraction float64 `json:"fraction,omitempty"` // of created users forgotten; default 0.1

	forget bool // drawn by Sample
}

var lossyStoreKind = Kind{Type: "lossy-store", Category: "mutant",
	Description: "A fraction (default 0.1, seeded draw) of created users is forgotten after the 201: re-creating their Email succeeds instead of 409.",
	Example:     `{"type":"lossy-store","fraction":0.1}`,
	New:         func() Action { return &LossyStore{} }}

func (a *LossyStore) Validate() error {
	if a.Fraction < 0 || a.Fraction > 1 {
		return fmt.Errorf("fraction must be within [0, 1]")
	}
	return nil
}

// Sample draws whether this request's user, if created, is forgotten.
func (a *LossyStore) Sample(rng *rand.Rand) Action {
	fraction := a.Fraction
	if fraction == 0 {
		fraction = 0.1
	}
	drawn := *a
	drawn.forget = rng.Float64() < fraction
	return &drawn
}

func (a *LossyStore) Apply(ex *Exchange, next func()) { ex.Mode.Forget = a.forget; next() }
