package spec

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Route is a request matched to an operation of the document.
type Route struct {
	*routers.Route
	PathParams map[string]string // decoded: a%2Fb is "a/b"
}

// ErrNoRoute is wrapped by FindRoute's error when no operation matches.
var ErrNoRoute = errors.New("no operation matches")

// FindRoute matches r (on its escaped path and its method) to an operation.
func (s *Spec) FindRoute(r *http.Request) (*Route, error) {
	route, params, err := s.router.FindRoute(r)
	if err != nil {
		return nil, &ValidationError{Part: "route", Constraint: "path", Message: err.Error(), Err: errors.Join(ErrNoRoute, err)}
	}
	// gorillamux matched the escaped path; the values the schema constrains
	// are the decoded ones ("%20" is a space, not three characters).
	for k, v := range params {
		if u, err := url.PathUnescape(v); err == nil {
			params[k] = u
		}
	}
	return &Route{Route: route, PathParams: params}, nil
}

// The options for every validation. Authentication is SigV4, checked by the
// fake or the target itself, not by a schema. Patterns are ECMA-262:
// kin-openapi's Options.RegexCompiler reaches request bodies only, so the
// compiler goes in as a schema option, which reaches parameters, headers
// and both bodies.
var (
	ecmaPatterns    = []openapi3.SchemaValidationOption{openapi3.SetSchemaRegexCompiler(compileRegex)}
	requestOptions  = &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, SkipSettingDefaults: true, SchemaValidationOptions: ecmaPatterns}
	responseOptions = &openapi3filter.Options{IncludeResponseStatus: true, SchemaValidationOptions: ecmaPatterns}
	// An error body may be empty: restJson1 clients then resolve the error
	// from X-Amzn-ErrorType alone.
	emptyErrorBodyOptions = &openapi3filter.Options{IncludeResponseStatus: true, ExcludeResponseBody: true, SchemaValidationOptions: ecmaPatterns}
)

// ValidateRequest checks the request's path, query, headers and body
// against the document. body is the request body (r.Body is not read).
func (s *Spec) ValidateRequest(ctx context.Context, r *http.Request, body []byte) (*Route, error) {
	route, err := s.FindRoute(r)
	if err != nil {
		return nil, err
	}
	return route, s.ValidateRequestRoute(ctx, route, r, body)
}

// ValidateRequestRoute is ValidateRequest for a request already routed.
func (s *Spec) ValidateRequestRoute(ctx context.Context, route *Route, r *http.Request, body []byte) error {
	// A shallow copy with its own body: the validator reads the body, and
	// with SkipSettingDefaults it writes nothing back into the request, so
	// the header map and URL may be shared (a deep Clone copied them all).
	clone := r.WithContext(ctx)
	clone.Body = io.NopCloser(bytes.NewReader(body))
	clone.ContentLength = int64(len(body))
	if len(body) == 0 {
		clone.Body = http.NoBody
	}
	err := openapi3filter.ValidateRequest(ctx, &openapi3filter.RequestValidationInput{
		Request: clone, PathParams: route.PathParams, Route: s.unsecured(route.Route), Options: requestOptions,
	})
	return explain("request", err)
}

// Response is what came back, as the validator needs it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// ValidateResponse checks a response (status, headers, content type, body)
// against what the document allows for the operation r was routed to.
func (s *Spec) ValidateResponse(ctx context.Context, r *http.Request, resp Response) error {
	route, err := s.FindRoute(r)
	if err != nil {
		return err
	}
	opts := responseOptions
	if resp.Status >= 400 && len(bytes.TrimSpace(resp.Body)) == 0 {
		opts = emptyErrorBodyOptions
	}
	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: r, PathParams: route.PathParams, Route: route.Route, Options: requestOptions,
		},
		Status:  resp.Status,
		Header:  resp.Header,
		Options: opts,
	}
	input.SetBodyBytes(resp.Body)
	return explain("response", openapi3filter.ValidateResponse(ctx, input))
}

// ValidationError says which member broke which constraint.
type ValidationError struct {
	Part       string // "route", "request" or "response"
	Member     string // e.g. "Email", "User.RegisteredOn", "header X-Amzn-ErrorType", "query operation"
	Constraint string // the schema keyword or check that failed: pattern, enum, type, required, status, content-type...
	Message    string
	Err        error
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString(e.Part)
	if e.Member != "" {
		b.WriteString(" member " + e.Member)
	}
	if e.Constraint != "" {
		b.WriteString(" breaks " + e.Constraint)
	}
	b.WriteString(": " + e.Message)
	return b.String()
}

func (e *ValidationError) Unwrap() error { return e.Err }

// explain turns kin-openapi's errors into a ValidationError naming the
// member and the constraint.
func explain(part string, err error) error {
	if err == nil {
		return nil
	}
	// err.Error() of a schema error marshals the whole schema to JSON: it
	// is the fallback only, when no reason says it better.
	ve := &ValidationError{Part: part, Err: err}
	var reqErr *openapi3filter.RequestError
	var respErr *openapi3filter.ResponseError
	switch {
	case errors.As(err, &reqErr):
		ve.Message = reqErr.Reason
		if p := reqErr.Parameter; p != nil {
			ve.Member, ve.Constraint = p.In+" "+p.Name, "parameter"
		} else if reqErr.RequestBody != nil {
			ve.Member, ve.Constraint = "body", "body"
		}
	case errors.As(err, &respErr):
		ve.Message = respErr.Reason
		ve.Constraint = responseConstraint(respErr.Reason)
		if name, ok := strings.CutPrefix(respErr.Reason, "response header "); ok {
			ve.Member = "header " + strings.Trim(strings.Fields(name)[0], `"`)
			if strings.HasSuffix(respErr.Reason, " missing") {
				ve.Constraint = "required"
			}
		}
	}
	var schemaErr *openapi3.SchemaError
	if errors.As(err, &schemaErr) {
		if ptr := schemaErr.JSONPointer(); len(ptr) > 0 {
			path := strings.Join(ptr, ".")
			if ve.Member == "" || ve.Member == "body" {
				ve.Member = path
			} else {
				ve.Member += "." + path
			}
		}
		ve.Constraint = schemaErr.SchemaField
		ve.Message = schemaErr.Reason
	}
	if ve.Message == "" {
		ve.Message = err.Error()
	}
	return ve
}

func responseConstraint(reason string) string {
	switch {
	case strings.Contains(reason, "status is not supported"):
		return "status"
	case strings.Contains(reason, "Content-Type"), strings.Contains(reason, "content type"):
		return "content-type"
	case strings.Contains(reason, "decode"):
		return "json"
	}
	return ""
}
