package faults

// AuthSkip leaves one part out of SigV4 verification (in -auth verify
// mode), as incomplete verifiers do. Each part is a type of its own, so
// that each can be shown caught by its own check.
type AuthSkip struct {
	part func(*AuthChecks)
}

func authSkipKind(typ, description string, part func(*AuthChecks)) Kind {
	return Kind{Type: typ, Category: "mutant", Description: description + " (with -auth verify)",
		Example: `{"type":"` + typ + `"}`,
		New:     func() Action { return &AuthSkip{part: part} }}
}

var (
	authSkipDateKind = authSkipKind("auth-skip-date",
		"No clock-skew check: a signature made long ago or far ahead is accepted.",
		func(c *AuthChecks) { c.Date = true })
	authSkipScopeKind = authSkipKind("auth-skip-scope",
		"The credential scope is not checked: a signature scoped to another service (or dated another day than X-Amz-Date) is accepted if it verifies for that scope.",
		func(c *AuthChecks) { c.Scope = true })
	authSkipBodyHashKind = authSkipKind("auth-skip-body-hash",
		"The payload hash is taken from X-Amz-Content-Sha256 when sent, not from the body: a body changed after signing is accepted.",
		func(c *AuthChecks) { c.BodyHash = true })
	authSkipHMACKind = authSkipKind("auth-skip-hmac",
		"The signature is not recomputed: any signature made for a known access key is accepted (a wrong secret too).",
		func(c *AuthChecks) { c.HMAC = true })
)

func (a *AuthSkip) Apply(ex *Exchange, next func()) { a.part(&ex.Mode.AuthSkip); next() }
