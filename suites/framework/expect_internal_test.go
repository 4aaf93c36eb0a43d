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
	x := &evidence.Exchange{Status: 404, Header: http.Header{"Content-Type": {"application/json"}},
		Body: []byte(`{"Code":"NotFound","Message":"no such account"}`)}
	got := strings.Join(errorShape(x), "; ")
	if !strings.Contains(got, "no X-Amzn-ErrorType header") || !strings.Contains(got, "X-Amzn-ErrorType: NotFoundException") {
		t.Fatalf("errorShape: %s", got)
	}
}
