package fakes_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// Close lets a request in flight finish: a create whose body is held back
// when Close begins still gets its whole 201, and the user is kept.
func TestCloseDrainsRequestsInFlight(t *testing.T) {
	srv, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthOff,
		Rules: []faults.Rule{rule(t, `{"action":{"type":"stall","ms":300}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	resp := startCreate(t, srv, context.Background()) // its headers came: it is in flight
	closed := make(chan error, 1)
	go func() { closed <- srv.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 201 || !strings.Contains(string(b), `"UserId"`) {
		t.Fatalf("the request in flight at Close: status %d, %q, %v", resp.StatusCode, b, err)
	}
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 1 {
		t.Fatalf("%d users after the drain", n)
	}
	if _, err := http.Post(srv.URL()+createPath, "application/json", strings.NewReader(`{}`)); err == nil {
		t.Fatal("a closed fake accepted a new request")
	}
}

// The drain is bounded: what outlasts ShutdownTimeout is cut, and Close
// returns, saying so.
func TestCloseCutsWhatOutlastsTheShutdownTimeout(t *testing.T) {
	srv, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{ShutdownTimeout: 100 * time.Millisecond},
		Rules: []faults.Rule{rule(t, `{"action":{"type":"stall","ms":600000}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	resp := startCreate(t, srv, context.Background())
	err = srv.Close()
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "requests still in flight after the shutdown timeout (100ms) were cut") {
		t.Fatalf("Close: %v", err)
	}
	if b, err := io.ReadAll(resp.Body); err == nil {
		t.Fatalf("a stall of ten minutes was answered in full (%q) though Close waits 100 ms", b)
	}
}
