package fakes_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// clock is a settable clock for a fake.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// plainPost sends a CreateUser as curl would: no invocation ID, no
// attempt header, no retries of its own.
func plainPost(t *testing.T, srv *fakes.Server, body string) int {
	t.Helper()
	resp, err := http.Post(srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?operation=create", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A client that sends no invocation ID and retries by hand gets the same
// sequence an SDK does: 503, 503, then the service.
func TestSequencesWithoutAnInvocationID(t *testing.T) {
	clk := &clock{t: time.Now()}
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Now: clk.now, Rules: []faults.Rule{rule(t, `{"sequence":[
		{"type":"error","exception":"ServiceUnavailableException"},
		{"type":"error","exception":"ServiceUnavailableException"},
		{"type":"pass"}]}`)}})
	got := []int{}
	for range 3 {
		got = append(got, plainPost(t, srv, `{"Email":"a@example.com"}`))
		clk.advance(3 * time.Second) // a backoff well inside the window
	}
	if got[0] != 503 || got[1] != 503 || got[2] != 201 {
		t.Fatalf("statuses %v, want 503 503 201", got)
	}
	entries := srv.Journal(fakes.Filter{})
	for i, e := range entries {
		if e.Call != entries[0].Call || e.Attempt != i+1 || e.InvocationID != "" {
			t.Errorf("entry %d: call %q attempt %d invocation %q", i, e.Call, e.Attempt, e.InvocationID)
		}
	}
	// Another body is another call: its sequence starts again.
	if s := plainPost(t, srv, `{"Email":"b@example.com"}`); s != 503 {
		t.Errorf("another body: %d, want the sequence's first step", s)
	}
	// The same body after the window is a new call too.
	clk.advance(fakes.DefaultRetryWindow + time.Second)
	if s := plainPost(t, srv, `{"Email":"a@example.com"}`); s != 503 {
		t.Errorf("after the window: %d, want the sequence's first step", s)
	}
	calls := map[string]bool{}
	for _, e := range srv.Journal(fakes.Filter{}) {
		calls[e.Call] = true
	}
	if len(calls) != 3 {
		t.Errorf("%d calls recognised, want 3", len(calls))
	}
}

// match.attempt sees the counted attempt of a client without the header.
func TestAttemptMatchingWithoutTheHeader(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Rules: []faults.Rule{
		rule(t, `{"match":{"attempt":1},"action":{"type":"error","exception":"ServiceUnavailableException"}}`)}})
	first, retry := plainPost(t, srv, `{}`), plainPost(t, srv, `{}`)
	if first != 503 || retry != 201 {
		t.Fatalf("attempts 1 and 2: %d %d, want 503 201", first, retry)
	}
}

// Identical requests in flight together are separate calls, not retries:
// a client retries only after an answer (or after giving up, seconds on).
func TestConcurrentIdenticalRequestsAreSeparateCalls(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Rules: []faults.Rule{rule(t, `{"action":{"type":"latency","ms":300}}`)}})
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() { defer wg.Done(); plainPost(t, srv, `{}`) }()
	}
	wg.Wait()
	for _, e := range srv.Journal(fakes.Filter{}) {
		if e.Attempt != 1 {
			t.Errorf("call %s: attempt %d, want each request its own call", e.Call, e.Attempt)
		}
	}
}
