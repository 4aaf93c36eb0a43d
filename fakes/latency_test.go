package fakes_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/chime"

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
	entries := waitJournal(t, srv, 1)
	if entries[0].Outcome != "client-gone" || entries[0].Stored {
		t.Fatalf("journal: %+v", entries)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 0 {
		t.Fatalf("%d users stored", n)
	}
}

// Two fakes with one seed inject the same faults into the same requests.
func TestSameSeedSameInjectedFaults(t *testing.T) {
	faultsOf := func(seed uint64) string {
		srv := start(t, fakes.Options{Seed: seed, Auth: fakes.AuthOff, Rules: []faults.Rule{
			rule(t, `{"probability":0.5,"action":{"type":"error","exception":"ServiceUnavailableException"}}`),
			rule(t, `{"probability":0.5,"action":{"type":"latency","distribution":"uniform","minMs":0,"maxMs":2}}`),
		}})
		c := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 })
		for range 40 {
			_, _ = c.CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
		}
		var b strings.Builder
		for _, e := range srv.Journal(fakes.Filter{}) {
			b.WriteString(e.RuleID + ":" + strconv.Itoa(e.Status) + " ")
		}
		return b.String()
	}
	a, b, other := faultsOf(11), faultsOf(11), faultsOf(12)
	if a != b {
		t.Fatalf("same seed, different faults:\n%s\n%s", a, b)
	}
	if a == other {
		t.Fatal("different seeds, the same 40 decisions")
	}
}
