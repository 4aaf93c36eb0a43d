package faults

import (
	"fmt"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// WrongStatus answers a success with another status.
type WrongStatus struct {
	Status int `json:"status,omitempty"` // default 200
}

// WrongContentType sends the answer under another Content-Type.
type WrongContentType struct {
	ContentType string `json:"contentType,omitempty"` // default text/plain
}

var wrongStatusKind = Kind{Type: "wrong-status", Category: "contract", Description: "Successes answer with another status than 201 (default 200).",
	Example: `{"type":"wrong-status","status":200}`, New: func() Action { return &WrongStatus{} }}

var wrongContentTypeKind = Kind{Type: "wrong-content-type", Category: "contract", Description: "Answers carry another Content-Type (default text/plain).",
	Example: `{"type":"wrong-content-type","contentType":"text/plain"}`, New: func() Action { return &WrongContentType{} }}

func (a *WrongStatus) Validate() error {
	if a.Status != 0 && (a.Status < 100 || a.Status > 599 || a.Status == 201) {
		return fmt.Errorf("status must be an HTTP status other than 201, got %d", a.Status)
	}
	return nil
}

func (a *WrongStatus) Apply(ex *Exchange, next func()) {
	next()
	if isSuccess(ex) {
		ex.Response.Status = a.Status
		if a.Status == 0 {
			ex.Response.Status = 200
		}
	}
}

func (a *WrongContentType) Apply(ex *Exchange, next func()) {
	next()
	if ex.Response != nil {
		ct := a.ContentType
		if ct == "" {
			ct = "text/plain"
		}
		ex.Response.Header.Set(restjson.HeaderContentType, ct)
	}
}
