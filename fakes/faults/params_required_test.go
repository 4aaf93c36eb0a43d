package faults_test

import (
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes/faults"
)

// An action missing a parameter it needs is refused, naming it: a latency
// without ms is not 0 ms. A zero that is written is taken.
func TestActionsMissingRequiredParametersAreRefused(t *testing.T) {
	for action, want := range map[string]string{
		`{"type":"latency"}`: "action latency: ms is required",
		`{"type":"latency","distribution":"uniform","maxMs":5}`: "action latency: minMs is required",
		`{"type":"latency","distribution":"lognormal"}`:         "action latency: medianMs, sigma are required",
		`{"type":"stall"}`:                             "action stall: ms is required",
		`{"type":"throttle","burst":2}`:                "action throttle: rate is required",
		`{"type":"error"}`:                             "action error: exception is required",
		`{"type":"set-member","member":"User.UserId"}`: "action set-member: value is required",
		`{"type":"drop-member"}`:                       "action drop-member: member is required",
		`{"type":"decorate-error-type"}`:               "action decorate-error-type: style is required",
	} {
		if _, err := faults.ParseAction(action); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", action, err, want)
		}
	}
	for _, action := range []string{`{"type":"latency","ms":0}`, `{"type":"throttle","rate":0,"burst":1}`,
		`{"type":"latency","distribution":"uniform","minMs":0,"maxMs":0}`} {
		if _, err := faults.ParseAction(action); err != nil {
			t.Errorf("%s: %v", action, err)
		}
	}
}
