package faults

import "strings"

// ZonelessTimestamp writes the 201's timestamps without a zone designator
// ("2020-01-15T22:38:09.806"): not RFC 3339, though aws-sdk-go-v2 reads it
// as UTC. The contract is the format, not what one client copes with.
type ZonelessTimestamp struct{}

var zonelessTimestampKind = Kind{Type: "zoneless-timestamp", Category: "mutant",
	Description: "RegisteredOn and InvitedOn lose their zone designator (2020-01-15T22:38:09.806): not RFC 3339, though aws-sdk-go-v2, boto3 and both AWS CLIs still parse it; the JS SDK fails the call (TypeError: Invalid RFC-3339 date-time value).",
	Example:     `{"type":"zoneless-timestamp"}`,
	New:         func() Action { return &ZonelessTimestamp{} }}

func (ZonelessTimestamp) Apply(ex *Exchange, next func()) {
	next()
	if !isSuccess(ex) {
		return
	}
	for _, member := range []memberPath{"User.RegisteredOn", "User.InvitedOn"} {
		ex.Response.Body = member.edit(ex.Response.Body, func(m map[string]any, name string) {
			if v, ok := m[name].(string); ok {
				m[name] = withoutZone(v)
			}
		})
	}
}

// withoutZone drops a trailing Z or ±hh:mm.
func withoutZone(ts string) string {
	if t, ok := strings.CutSuffix(ts, "Z"); ok {
		return t
	}
	if i := len(ts) - 6; i > 0 && (ts[i] == '+' || ts[i] == '-') && ts[i+3] == ':' {
		return ts[:i]
	}
	return ts
}
