package faults

import "bytes"

// MalformedJSON lets the service answer (the user is stored) and then
// breaks the body's JSON, keeping status and headers.
type MalformedJSON struct{}

var malformedJSONKind = Kind{Type: "malformed-json", Category: "transport",
	Description: "The user is stored; the answer's body is cut mid-value and is not JSON (a complete, well-framed response).",
	Example:     `{"type":"malformed-json"}`,
	New:         func() Action { return &MalformedJSON{} }}

func (MalformedJSON) Apply(ex *Exchange, next func()) {
	next()
	body := ex.Response.Body
	if i := bytes.IndexByte(body, ':'); i >= 0 {
		body = body[:i+1] // {"User": — valid framing, invalid JSON
	}
	ex.Response.Body = append(append([]byte(nil), body...), []byte(`{"`)...)
	ex.Response.Header.Del("Content-Length")
}
