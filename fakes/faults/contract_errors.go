package faults

import "github.com/chime-conformance/createuser/fakes/restjson"

// DropErrorType removes X-Amzn-ErrorType from error responses: clients then
// fall back to the body's Code and lose the typed exception.
type DropErrorType struct{}

// WrongErrorType names another exception in X-Amzn-ErrorType.
type WrongErrorType struct {
	Exception string `json:"exception,omitempty"` // default: BadRequestException, or ConflictException for a 400
}

// NonJSONError sends error bodies as HTML.
type NonJSONError struct{}

var dropErrorTypeKind = Kind{Type: "drop-error-type", Category: "contract", Description: "Errors lose their X-Amzn-ErrorType header (every measured client then names the error by the body's Code, NotFound: a generic error, not the typed one).",
	Example: `{"type":"drop-error-type"}`, New: func() Action { return &DropErrorType{} }}

var wrongErrorTypeKind = Kind{Type: "wrong-error-type", Category: "contract", Description: "Errors name another exception in X-Amzn-ErrorType than their status documents.",
	Example: `{"type":"wrong-error-type"}`, New: func() Action { return &WrongErrorType{} }}

var nonJSONErrorKind = Kind{Type: "non-json-error", Category: "contract", Description: "Error bodies are HTML, not JSON, X-Amzn-ErrorType kept (aws-sdk-go-v2 and the JS SDK fail to deserialize; botocore, so boto3 and both CLIs, still name the exception).",
	Example: `{"type":"non-json-error"}`, New: func() Action { return &NonJSONError{} }}

func (DropErrorType) Apply(ex *Exchange, next func()) {
	next()
	if isError(ex) {
		ex.Response.Header.Del(restjson.HeaderErrorType)
	}
}

func (a *WrongErrorType) Apply(ex *Exchange, next func()) {
	next()
	if !isError(ex) {
		return
	}
	name := a.Exception
	if name == "" {
		name = "BadRequestException"
		if ex.Response.Status == 400 {
			name = "ConflictException"
		}
	}
	ex.Response.Header.Set(restjson.HeaderErrorType, name)
}

func (NonJSONError) Apply(ex *Exchange, next func()) {
	next()
	if isError(ex) {
		ex.Response.Header.Set(restjson.HeaderContentType, "text/html")
		ex.Response.Body = []byte("<html><body><h1>Error</h1></body></html>")
	}
}
