package faults

// Builtin returns a new registry of the fault types the fake ships with.
// Each call builds a fresh one, so a program that adds its own kinds
// changes no other registry. To add a built-in type: write its action in a
// file of its own, with its Kind beside it, and list the Kind here.
func Builtin() *Registry {
	r, err := NewRegistry(
		// error
		errorKind, throttleKind,
		// latency
		latencyKind,
		// transport
		resetKind, closeKind, truncateKind, malformedJSONKind, stallKind,
		// state
		storedThenFailKind,
		// contract
		noValidationKind, noDuplicateCheckKind, anyAccountKind,
		dropErrorTypeKind, wrongErrorTypeKind, nonJSONErrorKind,
		wrongStatusKind, wrongContentTypeKind,
		dropMemberKind, nullMemberKind, retypeMemberKind, setMemberKind,
		// mutant
		storeInvalidKind, racyDuplicateCheckKind, lossyStoreKind, zonelessTimestampKind,
		authSkipDateKind, authSkipScopeKind, authSkipBodyHashKind, authSkipHMACKind,
		// variant
		decorateErrorTypeKind,
		// flow
		passKind,
	)
	if err != nil {
		panic(err) // a mistake in the list above: every test of the package fails at init
	}
	return r
}

// builtin resolves the action types of rules decoded as plain JSON (the
// config file, ActionSpec.UnmarshalJSON). Unexported: nobody adds to it.
var builtin = Builtin()
