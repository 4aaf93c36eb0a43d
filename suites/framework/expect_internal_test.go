package framework

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// An error sent with its body's Code and no X-Amzn-ErrorType is named for
// what it lacks: the header, and the exception's name to put in it.
func TestAMissingErrorTypeIsNamed(t *testing.T) {
	for code, want := range map[string]string{"NotFound": "NotFoundException", "Unauthorized": "UnauthorizedClientException",
		"Throttled": "ThrottledClientException", "BadRequest": "BadRequestException"} {
		x := &evidence.Exchange{Status: 400, Header: http.Header{"Content-Type": {"application/json"}},
			Body: []byte(`{"Code":"` + code + `","Message":"m"}`)}
		got := strings.Join(errorShape(x), "; ")
		if !strings.Contains(got, "no X-Amzn-ErrorType header") || !strings.Contains(got, "X-Amzn-ErrorType: "+want) {
			t.Errorf("errorShape for %s: %s", code, got)
		}
	}
}
