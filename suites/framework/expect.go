package framework

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/onsi/gomega"

	"github.com/chime-conformance/createuser/spec"
	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/gen"
)

// AuthErrors are the names an authentication failure may carry: the
// operation's own (401, 403) and the AWS common errors a front door sends.
var AuthErrors = []string{
	"UnauthorizedClientException", "ForbiddenException", "MissingAuthenticationTokenException",
	"InvalidSignatureException", "UnrecognizedClientException", "IncompleteSignatureException",
	"SignatureDoesNotMatch", "InvalidClientTokenId", "AccessDeniedException", "ExpiredTokenException",
}

// helper is what assertion helpers report through: *T or *P.
type helper interface {
	Helper()
	Fatalf(format string, args ...any)
}

// ExpectNoError fails with the error's text only: Gomega would print the
// whole object graph of an SDK error, signed request and all.
func ExpectNoError(h helper, err error, format string, args ...any) {
	h.Helper()
	if err != nil {
		h.Fatalf("%s: %s", fmt.Sprintf(format, args...), err.Error())
	}
}

// ExpectAnswered fails unless the request got a complete HTTP answer.
func ExpectAnswered(h helper, g gomega.Gomega, x *evidence.Exchange) {
	h.Helper()
	g.Expect(x.TransportError).To(gomega.BeEmpty(), "no complete HTTP answer%s", x)
}

// ExpectStatus fails unless the answer is complete and has the status.
func ExpectStatus(h helper, g gomega.Gomega, x *evidence.Exchange, status int, what string) {
	h.Helper()
	ExpectAnswered(h, g, x)
	g.Expect(x.Status).To(gomega.Equal(status), "%s: want HTTP %d%s", what, status, x)
}

// ExpectError checks an error answer the way restJson1 clients read it: it
// has the shape every error must have (errorShape), and resolves to one of
// the accepted names.
func ExpectError(h helper, g gomega.Gomega, x *evidence.Exchange, accepted ...string) {
	h.Helper()
	ExpectAnswered(h, g, x)
	code := x.ErrorCode()
	g.Expect(x.Status).To(gomega.BeNumerically(">=", 400), "want an error (%s), got HTTP %d%s", strings.Join(accepted, " or "), x.Status, x)
	if problems := errorShape(x); len(problems) > 0 {
		h.Fatalf("the error is not what clients can read: %s%s", strings.Join(problems, "; "), x)
	}
	g.Expect(slices.ContainsFunc(accepted, func(a string) bool { return strings.EqualFold(a, code) })).To(gomega.BeTrue(),
		"the error resolves to %q, want %s%s", code, strings.Join(accepted, " or "), x)
}

// errorShape lists what is wrong with an error answer as clients read it:
// it must name an exception (X-Amzn-ErrorType, else Code, else __type);
// its body must be JSON or empty; a documented exception must come with
// X-Amzn-ErrorType (or Go callers get a generic error, not the typed one),
// its documented status, and validate against the spec; any other name
// (an AWS common error) with 400, 401, 403 or 429.
func errorShape(x *evidence.Exchange) []string {
	var problems []string
	code := x.ErrorCode()
	if code == "" {
		problems = append(problems, "it names no exception (no X-Amzn-ErrorType, Code or __type): clients see UnknownError")
	}
	if !x.BodyIsJSONOrEmpty() {
		problems = append(problems, "its body is neither JSON nor empty ("+evidence.JSONProblem(x.Body)+"): aws-sdk-go-v2 and the JS SDK fail to deserialize it")
	}
	if code == "" {
		return problems
	}
	status := gen.TheContract().Status(code)
	switch {
	case status == 0 && x.Header.Get("X-Amzn-ErrorType") == "" && shortFormOf(code) != "":
		problems = append(problems, fmt.Sprintf("no X-Amzn-ErrorType header: clients fall back to the body's code %q, which names no exception; "+
			"send X-Amzn-ErrorType: %s (the body's Code is the short form)", code, shortFormOf(code)))
	case status == 0 && CommonServerErrors[code] != 0 && CommonServerErrors[code] != x.Status:
		problems = append(problems, fmt.Sprintf("%s, an AWS common error, comes with HTTP %d, not %d", code, CommonServerErrors[code], x.Status))
	case status == 0 && CommonServerErrors[code] == 0 && !slices.Contains([]int{400, 401, 403, 429}, x.Status):
		problems = append(problems, fmt.Sprintf("%s is no documented exception, and a common AWS error comes with 400, 401, 403 or 429, not %d", code, x.Status))
	case status == 0:
	case x.Status != status:
		problems = append(problems, fmt.Sprintf("%s is documented with HTTP %d, not %d", code, status, x.Status))
	case x.Header.Get("X-Amzn-ErrorType") == "":
		problems = append(problems, fmt.Sprintf("no X-Amzn-ErrorType: aws-sdk-go-v2 then resolves the body's code, not the typed %s", code))
	default:
		if err := ValidateResponse(x); err != nil {
			problems = append(problems, "it does not validate against the spec: "+err.Error())
		}
	}
	return problems
}

// shortFormOf is the documented exception whose body Code is code (the
// page's table: BadRequest for BadRequestException, Unauthorized for
// UnauthorizedClientException...), or "".
func shortFormOf(code string) string {
	for _, e := range gen.TheContract().Exceptions {
		if code != "" && strings.HasPrefix(e.Name, code) && !strings.EqualFold(e.Name, code) {
			return e.Name
		}
	}
	return ""
}

// ValidateResponse validates a recorded answer against the spec: the
// operation is matched on the path under the endpoint's base path, as the
// SDKs' endpoints put it there.
func ValidateResponse(x *evidence.Exchange) error {
	req, err := http.NewRequest(x.Method, x.URL, nil)
	if err != nil {
		return err
	}
	if x.BasePath != "" {
		req.URL.Path = strings.TrimPrefix(req.URL.Path, x.BasePath)
		req.URL.RawPath = strings.TrimPrefix(req.URL.RawPath, x.BasePath)
	}
	req.Header = x.RequestHeader
	return spec.MustLoad().ValidateResponse(context.Background(), req, spec.Response{Status: x.Status, Header: x.Header, Body: x.Body})
}

// Finding is an answer of the wrong shape, whichever check met it.
type Finding struct {
	Exchange *evidence.Exchange
	What     string
}

// maxFindings bounds what the audit keeps.
const maxFindings = 50

// audit judges the shape of every answer of the run, so that intermittent
// faults are caught wherever they fall: an answer must be complete (unless
// the client cut it), a 2xx one JSON object on its bytes (valid UTF-8,
// nothing after it: evidence.JSONProblem), an error named and readable
// (errorShape), and a 5xx a documented (or AWS common) server error. (A
// redirect never gets here: the transport makes it a transport fault.)
func audit(x *evidence.Exchange) string {
	switch {
	case x.Side == evidence.Target:
		return "no complete answer (" + x.TransportError + ")"
	case x.TransportError != "":
		return "" // the client's doing, or the run stopping
	case x.Status >= 200 && x.Status < 300:
		if problem := evidence.JSONProblem(x.Body); problem != "" {
			return fmt.Sprintf("a %d whose body is not one JSON text: %s", x.Status, problem)
		}
		noteDuplicateKeys(x)
		var v map[string]json.RawMessage
		if err := json.Unmarshal(x.Body, &v); err != nil {
			return fmt.Sprintf("a %d whose body is not a JSON object: %v", x.Status, err)
		}
	case x.Status >= 400:
		noteDuplicateKeys(x)
		problems := errorShape(x)
		if x.Status >= 500 && len(problems) == 0 && serverError(x.ErrorCode()) == 0 {
			problems = append(problems, fmt.Sprintf("a %d named %q, not a documented (or AWS common) server error", x.Status, x.ErrorCode()))
		}
		return strings.Join(problems, "; ")
	default:
		return fmt.Sprintf("HTTP %d", x.Status)
	}
	return ""
}

// noteDuplicateKeys notes the names a body repeats: RFC 8259 allows them
// (names SHOULD be unique), but which value a client keeps is its own
// choice, so a reader of the evidence should know.
func noteDuplicateKeys(x *evidence.Exchange) {
	if dups := evidence.DuplicateKeys(x.Body); len(dups) > 0 {
		x.AddNote(fmt.Sprintf("the body repeats the name(s) %s: RFC 8259 allows it, but clients differ in which value they keep", strings.Join(dups, ", ")))
	}
}
