package fakes_test

import (
	"context"
	"errors"
	"io"
	"net"
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

// Idle connections hold nothing up: with a keep-alive connection between
// requests and one that never sent a byte (a pool's spare, a TCP health
// probe) open, Close returns at once, well inside the 5 s drain, and says
// nothing was cut.
func TestCloseDoesNotWaitForIdleConnections(t *testing.T) {
	srv, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthOff})
	if err != nil {
		t.Fatal(err)
	}
	idle := openIdleConnections(t, srv.URL())
	defer idle()
	closed := make(chan error, 1)
	go func() { closed <- srv.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close with only idle connections: %v", err)
		}
	case <-time.After(time.Second): // a functional bound: the drain would wait 5 s
		t.Fatal("Close waited on idle connections")
	}
}

// openIdleConnections opens a keep-alive connection that has served a
// create and one that has sent nothing; the func closes them.
func openIdleConnections(t *testing.T, url string) func() {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{}}
	resp, err := client.Post(url+createPath, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	probe, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	return func() { client.CloseIdleConnections(); probe.Close() }
}
