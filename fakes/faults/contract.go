package faults

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Contract faults break the wire on purpose, so that a conformance suite can
// be shown to catch each of them. They are grouped by what they touch:
// members of the 201 body (contract_members.go), the error shape
// (contract_errors.go), the status and content type (contract_framing.go),
// and the service's checks (contract_checks.go).

// memberPath is a dotted path into the JSON body, e.g. "User.RegisteredOn".
type memberPath string

func (p memberPath) validate() error {
	if p == "" || strings.HasPrefix(string(p), ".") || strings.HasSuffix(string(p), ".") {
		return fmt.Errorf("member must be a dotted path like User.UserId, got %q", p)
	}
	return nil
}

// edit decodes a JSON object body, lets f change the parent object of the
// path's last member, and encodes it back. Bodies that are not objects, or
// paths that do not exist, are left alone.
func (p memberPath) edit(body []byte, f func(parent map[string]any, name string)) []byte {
	var root map[string]any
	if json.Unmarshal(body, &root) != nil {
		return body
	}
	parts := strings.Split(string(p), ".")
	parent := root
	for _, name := range parts[:len(parts)-1] {
		child, ok := parent[name].(map[string]any)
		if !ok {
			return body
		}
		parent = child
	}
	f(parent, parts[len(parts)-1])
	out, err := json.Marshal(root)
	if err != nil {
		return body
	}
	return out
}

// isSuccess says whether the service answered 2xx.
func isSuccess(ex *Exchange) bool {
	return ex.Response != nil && ex.Response.Status >= 200 && ex.Response.Status < 300
}

// isError says whether the service answered 4xx or 5xx.
func isError(ex *Exchange) bool { return ex.Response != nil && ex.Response.Status >= 400 }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
