package fakes_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
)

// A presigned-style query carries a session token, a signature and a
// credential: neither the journal nor the debug log keeps them in clear,
// however the parameter's name is cased or escaped.
func TestQuerySecretsAreRedacted(t *testing.T) {
	var log lockedBuffer
	cl, err := fakes.ParseCommandLine([]string{"-auth", "off", "-log", "debug"}, env(nil), &log)
	if err != nil {
		t.Fatal(err)
	}
	srv := start(t, cl.Options)
	query := "operation=create&X-Amz-Security-Token=SESSIONSECRET&x-amz-signature=SIGSECRET&X%2DAmz%2DCredential=AKIDSECRET%2F20260115&X-Amz-Date=20260115T000000Z"
	resp, err := http.Post(srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?"+query, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	e := waitJournal(t, srv, 1)[0]
	want := "operation=create&X-Amz-Security-Token=[REDACTED]&x-amz-signature=[REDACTED]&X%2DAmz%2DCredential=[REDACTED]&X-Amz-Date=20260115T000000Z"
	if e.Query != want {
		t.Errorf("journal query %q, want %q", e.Query, want)
	}
	eventually(t, func() bool { return strings.Contains(log.String(), "msg=request") })
	for _, secret := range []string{"SESSIONSECRET", "SIGSECRET", "AKIDSECRET"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the debug log holds %s:\n%s", secret, log.String())
		}
	}
}
