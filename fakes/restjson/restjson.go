// Package restjson holds the restJson1 shapes the fake puts on the wire: the
// documented exceptions and how an AWS error response looks.
package restjson

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Response is a response before it is written: actions may rewrite it.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Clone returns a deep copy.
func (r *Response) Clone() *Response {
	return &Response{Status: r.Status, Header: r.Header.Clone(), Body: append([]byte(nil), r.Body...)}
}

// Header names on the wire.
const (
	HeaderErrorType   = "X-Amzn-ErrorType"
	HeaderRequestID   = "X-Amzn-RequestId"
	HeaderContentType = "Content-Type"
)

// Exception is a documented CreateUser error: its shape name, status and the
// body Code the service model gives it (ErrorCode enum of chime 2018-05-01).
type Exception struct {
	Name   string
	Status int
	Code   string
}

// Exceptions are the 8 errors of the CreateUser page, by status.
var Exceptions = []Exception{
	{"BadRequestException", 400, "BadRequest"},
	{"UnauthorizedClientException", 401, "Unauthorized"},
	{"ForbiddenException", 403, "Forbidden"},
	{"NotFoundException", 404, "NotFound"},
	{"ConflictException", 409, "Conflict"},
	{"ThrottledClientException", 429, "Throttled"},
	{"ServiceFailureException", 500, "ServiceFailure"},
	{"ServiceUnavailableException", 503, "ServiceUnavailable"},
}

// LookupException finds a documented exception by name (case-insensitive,
// as clients match it).
func LookupException(name string) (Exception, bool) {
	for _, e := range Exceptions {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Exception{}, false
}

// Error builds an AWS-shaped error: the status, X-Amzn-ErrorType naming the
// exception, and a JSON body {"Code","Message"}.
func Error(e Exception, message string) *Response {
	body := make([]byte, 0, 32+len(e.Code)+len(message))
	body = append(body, `{"Code":`...)
	body = AppendString(body, e.Code)
	body = append(body, `,"Message":`...)
	body = AppendString(body, message)
	body = append(body, '}')
	h := jsonHeader(3)
	h[canonicalErrorType] = []string{e.Name}
	return &Response{Status: e.Status, Header: h, Body: body}
}

// The header names in canonical form, so that the hot path assigns them
// without canonicalizing (X-Amzn-ErrorType is not canonical as written).
var (
	canonicalErrorType = http.CanonicalHeaderKey(HeaderErrorType)
	canonicalRequestID = http.CanonicalHeaderKey(HeaderRequestID)
)

// jsonHeader is a header with Content-Type application/json, with room for
// size entries.
func jsonHeader(size int) http.Header {
	h := make(http.Header, size)
	h[HeaderContentType] = []string{"application/json"}
	return h
}

// SetRequestID sets x-amzn-RequestId, as every answer carries it.
func (r *Response) SetRequestID(id string) {
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header[canonicalRequestID] = []string{id}
}

// ErrorNamed is Error for a documented exception name; unknown names get
// the status given, with the name minus "Exception" as the Code.
func ErrorNamed(name string, status int, message string) *Response {
	e, ok := LookupException(name)
	if !ok {
		e = Exception{Name: name, Status: status, Code: strings.TrimSuffix(name, "Exception")}
	}
	if status != 0 {
		e.Status = status
	}
	return Error(e, message)
}

// JSON builds a JSON response.
func JSON(status int, v any) *Response {
	body, err := json.Marshal(v)
	if err != nil {
		return ErrorNamed("ServiceFailureException", 0, "encoding the response: "+err.Error())
	}
	return &Response{Status: status, Header: jsonHeader(2), Body: body}
}

// Created is a 201 whose JSON body the caller encoded.
func Created(body []byte) *Response {
	return &Response{Status: http.StatusCreated, Header: jsonHeader(2), Body: body}
}

// Write sends r as it is.
func (r *Response) Write(w http.ResponseWriter) {
	for k, v := range r.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}
