package fakes_test

import (
	"context"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

func TestLatencyDelaysAndHonoursCancellation(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"latency","ms":60000}}`)}})
	c, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := srv.Client().CreateUser(c, input(fakes.SampleAccountID, "slow@example.com")); err == nil {
		t.Fatal("want the client's deadline to end the call")
	}
	// The server stops waiting too: the entry lands without a minute's delay,
	// and the user was never created.
	deadline := time.Now().Add(5 * time.Second)
	for len(srv.Journal(fakes.Filter{})) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	entries := srv.Journal(fakes.Filter{})
	if len(entries) != 1 || entries[0].Outcome != "client-gone" || entries[0].Stored {
		t.Fatalf("journal: %+v", entries)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 0 {
		t.Fatalf("%d users stored", n)
	}
}
