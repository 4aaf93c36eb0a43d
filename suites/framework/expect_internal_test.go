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

// The audit judges every body on its bytes: a 201 or an error whose bytes
// are not one JSON text in UTF-8 is a finding, whatever Go's lenient
// decoder makes of them; a repeated name is only a note.
func TestTheAuditJudgesBodiesOnTheirBytes(t *testing.T) {
	ok := http.Header{"Content-Type": {"application/json"}}
	bad := http.Header{"Content-Type": {"application/json"}, "X-Amzn-Errortype": {"BadRequestException"}}
	cases := []struct {
		status int
		header http.Header
		body   string
		want   string
	}{
		{201, ok, "{\"User\":{\"UserId\":\"u\",\"DisplayName\":\"caf\xe9\"}}", "not valid UTF-8"},
		{201, ok, `{"User":{"UserId":"u"}}{"User":{}}`, "data after the JSON value"},
		{400, bad, "{\"Code\":\"BadRequest\",\"Message\":\"caf\xe9\"}", "not valid UTF-8"},
		{201, ok, `{"User":{"UserId":"u"}}`, ""},
	}
	for _, c := range cases {
		x := &evidence.Exchange{Method: "POST", URL: "http://127.0.0.1/accounts/a/users?operation=create", Status: c.status, Header: c.header, Body: []byte(c.body)}
		got := audit(x)
		if c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%d %q: %q, want %q", c.status, c.body, got, c.want)
		}
	}
	x := &evidence.Exchange{Status: 201, Header: ok, Body: []byte(`{"User":{"UserId":"u","UserId":"v"}}`)}
	if got := audit(x); got != "" || !strings.Contains(x.Note, "repeats the name(s) UserId") {
		t.Errorf("a repeated name: finding %q, note %q", got, x.Note)
	}
}
