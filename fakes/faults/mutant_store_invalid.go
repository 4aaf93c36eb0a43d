package faults

// StoreInvalid is a store-then-400: a request that validation refuses
// still stores a user with its Email (when the Email is a string), and the
// answer is the 400. Re-using that Email shows it: it must be free.
type StoreInvalid struct{}

var storeInvalidKind = Kind{Type: "store-invalid", Category: "mutant",
	Description: "A request refused with 400 by validation still stores a user with its Email (when a string); the answer is the 400. Re-creating that Email then meets 409.",
	Example:     `{"type":"store-invalid"}`,
	New:         func() Action { return &StoreInvalid{} }}

func (StoreInvalid) Apply(ex *Exchange, next func()) { ex.Mode.StoreInvalid = true; next() }
