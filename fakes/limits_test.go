package fakes_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

const createPath = "/accounts/" + fakes.SampleAccountID + "/users?operation=create"

// dial opens a raw connection to the fake; every read gives up after 10 s,
// far past any limit these tests set, so a limit that does not act fails
// the test instead of hanging it.
func dial(t *testing.T, srv *fakes.Server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	return conn
}

// rawCreate is a whole CreateUser request as a client writes it.
func rawCreate(body string) string {
	return "POST " + createPath + " HTTP/1.1\r\nHost: fake\r\nContent-Type: application/json\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n" + body
}

// closedByServer says whether the server closed conn (EOF or reset)
// rather than the read timing out.
func closedByServer(r *bufio.Reader) bool {
	_, err := io.ReadAll(r)
	var ne net.Error
	return err == nil || !(errors.As(err, &ne) && ne.Timeout())
}

func TestAnIdleConnectionIsClosedAtTheIdleTimeout(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{IdleTimeout: 100 * time.Millisecond}})
	conn := dial(t, srv)
	if _, err := io.WriteString(conn, rawCreate(`{}`)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != 201 || resp.Close {
		t.Fatalf("status %d, close %v: want a 201 on a connection kept alive", resp.StatusCode, resp.Close)
	}
	if !closedByServer(r) {
		t.Fatal("the idle keep-alive connection was still open after 10 s")
	}
}

func TestHeadersSentTooSlowlyAreCutAtTheReadHeaderTimeout(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{ReadHeaderTimeout: 100 * time.Millisecond}})
	conn := dial(t, srv)
	if _, err := io.WriteString(conn, "POST "+createPath+" HTTP/1.1\r\nHost: fake\r\n"); err != nil {
		t.Fatal(err)
	}
	if !closedByServer(bufio.NewReader(conn)) {
		t.Fatal("a request whose headers never ended held its connection for 10 s")
	}
}

// A body dripped slower than the read timeout allows is cut, and the
// client still gets an AWS-shaped answer.
func TestABodySentTooSlowlyIsCutAtTheReadTimeout(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{ReadTimeout: 200 * time.Millisecond}})
	conn := dial(t, srv)
	full := rawCreate(`{"Email":"drip@example.com"}`)
	if _, err := io.WriteString(conn, full[:len(full)-10]); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to a body cut at the read timeout: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 400 || resp.Header.Get("X-Amzn-ErrorType") != "BadRequestException" {
		t.Fatalf("status %d, %q", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 0 {
		t.Fatalf("%d users stored from a body never completed", n)
	}
}

func TestConnectionsPastMaxConnsWaitForAFreeOne(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{MaxConns: 2}})
	holders := []net.Conn{dial(t, srv), dial(t, srv)} // accepted, idle before their first request
	for _, c := range holders {
		if _, err := io.WriteString(c, "POST "+createPath+" HTTP/1.1\r\n"); err != nil {
			t.Fatal(err)
		}
	}
	waiting := dial(t, srv)
	if _, err := io.WriteString(waiting, rawCreate(`{}`)); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(waiting)
	_ = waiting.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if _, err := r.Peek(1); err == nil {
		t.Fatal("a third connection was served while two held the only two slots")
	}
	_ = holders[0].Close()
	_ = waiting.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("the waiting connection was not served once a slot freed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

// startCreate sends a create and returns once its status and headers came,
// leaving the body to the caller: under a stall rule, from then on the
// fault holds its slot.
func startCreate(t *testing.T, srv *fakes.Server, c context.Context) *http.Response {
	t.Helper()
	req, _ := http.NewRequestWithContext(c, "POST", srv.URL()+createPath, strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// Past MaxActiveFaults a fault is skipped, as Envoy's max_active_faults
// does: the request is served at once, and the journal says so.
func TestFaultsPastMaxActiveFaultsAreSkipped(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{MaxActiveFaults: 2},
		Rules: []faults.Rule{rule(t, `{"id":"slow","action":{"type":"stall","ms":60000}}`)}})
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	startCreate(t, srv, c)
	startCreate(t, srv, c)
	if got := srv.Load(); got.ActiveFaults != 2 || got.FaultsOverflowed != 0 {
		t.Fatalf("load %+v with two stalls under way", got)
	}
	patient, cancelPatient := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelPatient()
	resp := startCreate(t, srv, patient)
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 201 || !strings.Contains(string(b), `"UserId"`) {
		t.Fatalf("past the cap: status %d, %q, %v; want a plain 201", resp.StatusCode, b, err)
	}
	entries := srv.Journal(fakes.Filter{RuleID: "slow"})
	if last := entries[len(entries)-1]; last.Outcome != "overflow" || last.Status != 201 {
		t.Fatalf("journal: %+v", last)
	}
	if got := srv.Load(); got.FaultsOverflowed != 1 {
		t.Fatalf("load %+v", got)
	}
	if _, health := admin(t, srv, "GET", "/health", ""); fmt.Sprint(health["load"]) != "map[activeFaults:2 faultsOverflowed:1]" {
		t.Fatalf("GET /_fake/health: %v", health)
	}
	// The stalled clients give up: their slots free, and the fault acts again.
	cancel()
	eventually(t, func() bool { return srv.Load().ActiveFaults == 0 })
	c2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	startCreate(t, srv, c2)
	if got := srv.Load(); got.ActiveFaults != 1 || got.FaultsOverflowed != 1 {
		t.Fatalf("load %+v after the slots freed", got)
	}
}

// A latency fault holds its slot while it waits: past the cap, a request
// is not delayed.
func TestDelaysPastMaxActiveFaultsAreSkipped(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{MaxActiveFaults: 1},
		Rules: []faults.Rule{rule(t, `{"action":{"type":"latency","ms":60000}}`)}})
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		req, _ := http.NewRequestWithContext(c, "POST", srv.URL()+createPath, strings.NewReader(`{}`))
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	eventually(t, func() bool { return srv.Load().ActiveFaults == 1 })
	patient, cancelPatient := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancelPatient()
	resp := startCreate(t, srv, patient)
	if resp.StatusCode != 201 {
		t.Fatalf("past the cap: status %d", resp.StatusCode)
	}
	if entries := waitJournal(t, srv, 1); entries[0].Outcome != "overflow" || entries[0].Fault != "latency" {
		t.Fatalf("journal: %+v", entries)
	}
	cancel()
	eventually(t, func() bool { return srv.Load().ActiveFaults == 0 })
}

// The read timeout bounds reading the request, not the answer: a delay a
// rule asked for outlasts it (net/http lifts the read deadline once the
// body is read).
func TestADelayOutlastsTheReadTimeout(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{ReadTimeout: 50 * time.Millisecond},
		Rules: []faults.Rule{rule(t, `{"action":{"type":"latency","ms":300}}`)}})
	if status := plainPost(t, srv, `{}`); status != 201 {
		t.Fatalf("status %d", status)
	}
	if e := waitJournal(t, srv, 1)[0]; e.Outcome != "response" || e.Fault != "latency" {
		t.Fatalf("journal: %+v", e)
	}
}

// A fault skipped at the cap has not spent its rule: a rule that fires
// once fires on the next request once a slot is free.
func TestAFaultSkippedAtTheCapKeepsItsRule(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{MaxActiveFaults: 1}, Rules: []faults.Rule{
		rule(t, `{"id":"hold","match":{"header":{"X-Hold":"1"}},"action":{"type":"stall","ms":60000}}`),
		rule(t, `{"id":"once","times":1,"action":{"type":"error","exception":"ServiceUnavailableException"}}`),
	}})
	c, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(c, "POST", srv.URL()+createPath, strings.NewReader(`{}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Hold", "1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if status := plainPost(t, srv, `{}`); status != 201 {
		t.Fatalf("at the cap: %d, want the plain 201", status)
	}
	cancel()
	eventually(t, func() bool { return srv.Load().ActiveFaults == 0 })
	if status := plainPost(t, srv, `{}`); status != 503 {
		t.Fatalf("once a slot is free: %d, want the 503 the skip did not spend", status)
	}
	if status := plainPost(t, srv, `{}`); status != 201 {
		t.Fatalf("after the rule's one time: %d", status)
	}
}
