// Package faults is the fake's fault injection: one rule schema (match,
// action, schedule) shared by the config file, the admin API and the Go API;
// actions, each a small registered type; and a seeded engine that decides,
// atomically, which rule fires for a request.
package faults

import (
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Request is what rules match on.
type Request struct {
	Seq          int    // 1-based number of the request since the last reset
	Account      string // accountId, decoded; "" when the path is not CreateUser's
	Email        string // the body's Email, when it has one
	InvocationID string // amz-sdk-invocation-id (BoundedKey of it): the same on every retry of one call
	Call         string // the call the request is an attempt of: its invocation ID, or one the fake assigned
	Attempt      int    // the attempt's number in its call: amz-sdk-request's attempt=N, else counted
	AccessKey    string // from the SigV4 credential scope (BoundedKey of it)
	Header       http.Header
	Body         []byte // the request body as sent: match.body reads it

	body     any // Body decoded as JSON, once, when a rule first asks
	bodyRead bool
}

// Mode relaxes or breaks the service's checks: contract faults and
// mutants switch them.
type Mode struct {
	SkipValidation     bool
	SkipDuplicateCheck bool
	AnyAccount         bool

	// StoreInvalid stores a user with the request's Email even when
	// validation answers 400 (store-invalid).
	StoreInvalid bool
	// RacyWait, when set, makes the duplicate check and the insert two
	// steps: check, let go of the store, wait this long, insert. Concurrent
	// creates of one Email can then all succeed (racy-duplicate-check).
	RacyWait time.Duration
	// Forget drops the user right after storing it (lossy-store).
	Forget bool
	// AuthSkip names the parts of SigV4 verification left out (auth-skip-*).
	AuthSkip AuthChecks
}

// AuthChecks are the parts of SigV4 verification a mutant can skip.
type AuthChecks struct {
	Date     bool // the clock-skew check
	Scope    bool // the credential scope's service and date
	BodyHash bool // the payload hash: trust X-Amz-Content-Sha256 instead of hashing the body
	HMAC     bool // the signature itself: any signature of a known key passes
}

// Exchange is one request on its way through an action to the service and
// back. Actions read the request, may answer it themselves, and may rewrite
// the response the service produced or how it is delivered.
type Exchange struct {
	Request *http.Request
	Info    Request
	Mode    Mode

	// Response is what will be written; the service fills it in next().
	Response *restjson.Response
	// Stored is set by the service when it created a user.
	Stored bool
	// Deliver, when set, writes the response instead of the plain writer:
	// transport faults (reset, truncation, stalls) live here. An action
	// that sets it also sets Outcome, so the journal says what happened
	// before the client sees it; Deliver returns a new word only when what
	// happened turned out otherwise ("stalled, client gone"), else "".
	Deliver func(w http.ResponseWriter, r *http.Request, resp *restjson.Response) string
	// Outcome is the journal's word for the delivery: "" (a plain
	// response), reset, closed, truncated, stalled, client-gone.
	Outcome string
}
