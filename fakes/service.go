package fakes

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/internal/journal"
	"github.com/chime-conformance/createuser/fakes/internal/sigv4"
	"github.com/chime-conformance/createuser/fakes/internal/store"
	"github.com/chime-conformance/createuser/fakes/restjson"
	"github.com/chime-conformance/createuser/spec"
)

// AdminPrefix is the reserved path of the admin API.
const AdminPrefix = "/_fake/"

// maxBody bounds request bodies; CreateUser's is a few hundred bytes.
const maxBody = 1 << 20

// ServeHTTP serves CreateUser, and the admin API under AdminPrefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.EscapedPath(), AdminPrefix) {
		s.serveAdmin(w, r)
		return
	}
	start := time.Now()
	requestID := store.NewUUID()
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	in := readMembers(body)

	ex, route, routeErr := s.exchange(r, in)
	ex.Info.Body = body // match.body reads it
	att := s.calls.begin(r, ex.Info.InvocationID, ex.Info.AccessKey, body)
	defer s.calls.end(att) // once the answer is delivered: a retry's window starts then
	ex.Info.Call, ex.Info.Attempt = att.call, att.number

	var userID string
	next := func() {
		if readErr != nil {
			ex.Response = restjson.ErrorNamed("BadRequestException", 0, "The request body could not be read: "+readErr.Error())
			return
		}
		ex.Response, userID = s.createUser(ex, route, routeErr, body, in)
		ex.Stored = userID != ""
	}
	fired := s.active.hold(s.engine.NextAdmitted(&ex.Info, s.headerFault(r), s.active.take))
	if fired != nil {
		fired.Action.Apply(ex, next)
	} else {
		next()
	}
	entry := s.outcome(r, ex, requestID)
	entry.Seq, entry.Time, entry.UserID = ex.Info.Seq, start.UTC(), userID
	entry.Keep(r.Header, body)
	entry.DurationMs = float64(time.Since(start).Microseconds()) / 1000
	if fired != nil {
		entry.RuleID, entry.Fault = fired.RuleID, fired.Type
	}
	// Journal first, then deliver: whoever reads the journal after their
	// client saw the answer finds it there.
	s.record(entry)
	if ex.Deliver == nil {
		ex.Response.Write(w)
	} else if late := ex.Deliver(w, r, ex.Response); late != "" {
		s.journal.SetOutcome(entry.Seq, late)
	}
}

// exchange starts a request's way through the rules: what rules match on
// (account, Email, access key, invocation ID) and the route found.
func (s *Server) exchange(r *http.Request, in createInput) (*faults.Exchange, *spec.Route, error) {
	ex := &faults.Exchange{Request: r, Mode: faults.Mode{AnyAccount: s.opts.AnyAccount}}
	// Both are kept as map keys (calls, sequences, throttle buckets) and in
	// the journal: bounded, whatever a client sends.
	ex.Info = faults.Request{Header: r.Header, InvocationID: faults.BoundedKey(r.Header.Get("Amz-Sdk-Invocation-Id"))}
	if in.Email != nil {
		ex.Info.Email = *in.Email
	}
	if sig, err := sigv4.Parse(r.Header.Get("Authorization")); err == nil {
		ex.Info.AccessKey = faults.BoundedKey(sig.AccessKey)
	}
	route, err := s.spec.FindRoute(r)
	if err == nil {
		ex.Info.Account = route.PathParams["accountId"]
	}
	return ex, route, err
}

// outcome settles what goes back (a fallback error if an action left
// nothing) and describes it for the journal.
func (s *Server) outcome(r *http.Request, ex *faults.Exchange, requestID string) Entry {
	// Bounded, and without the secrets of a presigned-style query: the
	// journal keeps it and the debug log writes it.
	e := Entry{
		Method: clip(r.Method, journal.MaxValue), Path: clip(r.URL.EscapedPath(), journal.MaxValue),
		Query:   clip(journal.RedactQuery(r.URL.RawQuery), journal.MaxValue),
		Account: clip(ex.Info.Account, journal.MaxValue), InvocationID: ex.Info.InvocationID, Call: ex.Info.Call, Attempt: ex.Info.Attempt,
		Outcome: cmp.Or(ex.Outcome, "response"), Stored: ex.Stored,
	}
	if ex.Response == nil && ex.Deliver == nil {
		ex.Response = restjson.ErrorNamed("ServiceFailureException", 0, "the fake produced no response")
	}
	if ex.Response != nil {
		ex.Response.SetRequestID(requestID)
		// The fake's clock, not the host's: an SDK corrects its own from it.
		ex.Response.Header["Date"] = []string{s.opts.Now().UTC().Format(http.TimeFormat)}
		e.Status, e.ErrorType = ex.Response.Status, ex.Response.Header.Get(restjson.HeaderErrorType)
	}
	return e
}

// createUser is the service: route, authenticate, validate, find the
// account, refuse a duplicate Email, store, answer 201. It returns the new
// user's ID when one was stored.
func (s *Server) createUser(ex *faults.Exchange, route *spec.Route, routeErr error, body []byte, in createInput) (*restjson.Response, string) {
	r := ex.Request
	if routeErr != nil {
		return restjson.ErrorNamed("NotFoundException", 0, fmt.Sprintf("No operation matches %s %s (this fake serves POST /accounts/{accountId}/users?operation=create)", r.Method, r.URL.EscapedPath())), ""
	}
	if failure := s.authenticate(r, body, ex.Mode.AuthSkip); failure != nil {
		return s.authError(failure), ""
	}
	account := route.PathParams["accountId"]
	if err := s.validate(ex, route, body); err != nil {
		return restjson.ErrorNamed("BadRequestException", 0, err.Error()), s.storeInvalid(ex, account, in)
	}
	f := store.NewFacts(in, s.opts.Now())
	switch s.store.Create(account, f, createRulesOf(ex.Mode)) {
	case store.NoAccount:
		return restjson.ErrorNamed("NotFoundException", 0, fmt.Sprintf("The account %q does not exist.", account)), ""
	case store.Duplicate:
		return restjson.ErrorNamed("ConflictException", 0, "A user with this email address already exists in the account."), ""
	}
	if ex.Mode.Forget {
		s.store.Forget(account, f)
	}
	return restjson.Created(store.AppendCreated(make([]byte, 0, createdSize), account, f)), f.ID()
}

// createdSize is room for a 201 body with an Email and a Username of usual
// length, so that it is written without growing.
const createdSize = 896

func createRulesOf(m faults.Mode) store.CreateRules {
	return store.CreateRules{MayCreateAccount: m.AnyAccount, SkipDuplicate: m.SkipDuplicateCheck, RacyWait: m.RacyWait}
}

// storeInvalid is the store-invalid mutant: a request refused by
// validation still stores a user with its Email, when that is a string.
func (s *Server) storeInvalid(ex *faults.Exchange, account string, in createInput) string {
	if !ex.Mode.StoreInvalid || in.Email == nil {
		return ""
	}
	f := store.NewFacts(store.Input{Email: in.Email}, s.opts.Now())
	if s.store.Create(account, f, createRulesOf(ex.Mode)) != store.Created {
		return ""
	}
	return f.ID()
}

// validate checks the request against the spec, unless a contract fault
// switched that off.
func (s *Server) validate(ex *faults.Exchange, route *spec.Route, body []byte) error {
	if ex.Mode.SkipValidation {
		return nil
	}
	err := s.spec.ValidateRequestRoute(ex.Request.Context(), route, ex.Request, body)
	var ve *spec.ValidationError
	if errors.As(err, &ve) {
		return fmt.Errorf("%s: %s", ve.Member, ve.Message)
	}
	return err
}

// HeaderFault is the request header that injects a fault into that request
// alone, when Options.HeaderFaults is on: an exception name
// ("ServiceUnavailableException") or a JSON action ({"type":"latency","ms":500}).
const HeaderFault = "X-Fake-Fault"

func (s *Server) headerFault(r *http.Request) *faults.Fired {
	v := r.Header.Get(HeaderFault)
	if !s.opts.HeaderFaults || v == "" {
		return nil
	}
	spec, err := s.opts.FaultTypes.ParseAction(v)
	if err != nil {
		return &faults.Fired{RuleID: "header", Type: "error", Action: &faults.Error{
			Exception: "BadRequestException", Message: HeaderFault + ": " + err.Error()}}
	}
	return &faults.Fired{RuleID: "header", Type: spec.Type, Action: spec.Action}
}
