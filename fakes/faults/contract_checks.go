package faults

// NoValidation makes the service accept input the spec rejects.
type NoValidation struct{}

// NoDuplicateCheck lets one Email be created twice in an account.
type NoDuplicateCheck struct{}

// AnyAccount makes every accountId exist.
type AnyAccount struct{}

var noValidationKind = Kind{Type: "no-validation", Category: "contract", Description: "Accept bad input (bad Email, unknown UserType, wrong JSON types) instead of 400.",
	Example: `{"type":"no-validation"}`, New: func() Action { return &NoValidation{} }}

var noDuplicateCheckKind = Kind{Type: "no-duplicate-check", Category: "contract", Description: "Create a second user with an Email already used in the account instead of 409.",
	Example: `{"type":"no-duplicate-check"}`, New: func() Action { return &NoDuplicateCheck{} }}

var anyAccountKind = Kind{Type: "any-account", Category: "contract", Description: "Accept unknown accounts instead of 404.",
	Example: `{"type":"any-account"}`, New: func() Action { return &AnyAccount{} }}

func (NoValidation) Apply(ex *Exchange, next func())     { ex.Mode.SkipValidation = true; next() }
func (NoDuplicateCheck) Apply(ex *Exchange, next func()) { ex.Mode.SkipDuplicateCheck = true; next() }
func (AnyAccount) Apply(ex *Exchange, next func())       { ex.Mode.AnyAccount = true; next() }
