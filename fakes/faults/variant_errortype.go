package faults

import (
	"fmt"
	"strings"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// DecorateErrorType writes X-Amzn-ErrorType the other ways real services
// do, which clients clean up: with a ":<uri>" suffix, or a "<namespace>#"
// prefix. A variant, not a fault: conforming clients and suites accept it.
type DecorateErrorType struct {
	Style string `json:"style"` // suffix or namespace
}

var decorateErrorTypeKind = Kind{Type: "decorate-error-type", Category: "variant",
	Description: "Errors name their exception as some AWS services do: ConflictException:http://internal.amazon.com/coral/... (suffix) or com.amazonaws.chime#ConflictException (namespace). aws-sdk-go-v2, boto3, AWS CLI v1 and the JS SDK read both as the exception; AWS CLI v2 2.9.19 names a namespaced one as sent (com.amazonaws.chime#ConflictException).",
	Example:     `{"type":"decorate-error-type","style":"suffix"}`,
	New:         func() Action { return &DecorateErrorType{} }}

func (a *DecorateErrorType) Validate() error {
	if a.Style != "suffix" && a.Style != "namespace" {
		return fmt.Errorf("style must be suffix or namespace, got %q", a.Style)
	}
	return nil
}

func (a *DecorateErrorType) Apply(ex *Exchange, next func()) {
	next()
	name := ex.Response.Header.Get(restjson.HeaderErrorType)
	if !isError(ex) || name == "" || strings.ContainsAny(name, ":#") {
		return
	}
	if a.Style == "suffix" {
		name += ":http://internal.amazon.com/coral/com.amazonaws.chime/"
	} else {
		name = "com.amazonaws.chime#" + name
	}
	ex.Response.Header.Set(restjson.HeaderErrorType, name)
}
