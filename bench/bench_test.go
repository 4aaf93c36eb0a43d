package bench

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

// The test binary is also the child servers' program: StartChild runs it
// again with CHIME_BENCH_SERVE set.
func TestMain(m *testing.M) {
	if IsChild() {
		os.Exit(ServeChild())
	}
	os.Exit(m.Run())
}

func TestPercentileIsTheNearestRank(t *testing.T) {
	var l Latencies
	for i := 100; i >= 1; i-- {
		l = append(l, time.Duration(i))
	}
	for p, want := range map[float64]time.Duration{50: 50, 99: 99, 99.9: 100, 100: 100, 1: 1} {
		if got := l.Percentile(p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if got := (Latencies{}).Percentile(99); got != 0 {
		t.Errorf("no samples: %v", got)
	}
}

// The ceiling answers as the fake does, with nothing of the fake's work:
// the same headers and a body of the same length.
func TestTheCeilingAnswersLikeTheFake(t *testing.T) {
	header, body, err := fakeCreated()
	if err != nil {
		t.Fatal(err)
	}
	h, err := Ceiling()
	if err != nil {
		t.Fatal(err)
	}
	w := &Workload{Host: "x", Account: "acct", Tag: "t"}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, w.Create(1))
	if rec.Code != 201 || rec.Body.Len() != len(body) {
		t.Fatalf("ceiling: %d with %d bytes; the fake's 201 has %d", rec.Code, rec.Body.Len(), len(body))
	}
	for k := range header {
		if rec.Header().Get(k) == "" {
			t.Errorf("the ceiling lacks the fake's header %s", k)
		}
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/accounts/a/users", nil))
	if rec.Code == 201 {
		t.Error("the ceiling answers another route")
	}
}

// The generator reads whole answers over keep-alive connections, and
// reconnects when a server closes.
func TestLoadReadsEveryAnswer(t *testing.T) {
	for _, closeEach := range []bool{false, true} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if closeEach {
				w.Header().Set("Connection", "close")
			}
			w.WriteHeader(201)
			_, _ = w.Write([]byte(strings.Repeat("x", 700)))
		}))
		w := &Workload{Host: srv.Listener.Addr().String(), Account: "acct", Tag: "t"}
		reqs := NewRequests(10, 2, func(i int) []byte { return Wire(w.Create(i)) })
		res := Load{Addr: w.Host, Conns: 2, Duration: 200 * time.Millisecond, Source: reqs.Next}.Run()
		srv.Close()
		if res.Requests == 0 || res.Statuses[201] != res.Requests || res.Errors != 0 {
			t.Fatalf("close=%v: %d requests, statuses %v, %d errors (%v)", closeEach, res.Requests, res.Statuses, res.Errors, res.FirstErr)
		}
		if res.Requests > 10 && reqs.BuiltDuringRun() != res.Requests-10 {
			t.Errorf("%d requests past the 10 prepared, %d counted as built during the run", res.Requests-10, reqs.BuiltDuringRun())
		}
	}
}

// A short load test over child processes: every answer, from the ceiling
// and from the fake in both auth modes, is a 201 (unique Emails, valid
// signatures).
func TestRunLoadAnswersEveryCreate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child servers")
	}
	rows, err := RunLoad(LoadPlan{Conns: []int{2}, Rounds: 2, Duration: 150 * time.Millisecond}, testWriter{t})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want ceiling and fake for off and verify", len(rows))
	}
	for _, r := range rows {
		non201, errs := r.Unexpected()
		if len(r.Rounds) != 2 || r.Rounds[0].Requests == 0 || non201 != 0 || errs != 0 {
			t.Errorf("%s auth=%s: %d rounds, %d non-201, %d errors", r.Server, r.Auth, len(r.Rounds), non201, errs)
		}
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
