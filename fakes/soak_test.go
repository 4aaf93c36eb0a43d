package fakes_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// The soak's faults: every kind of fate a create can meet, at once.
const soakRules = `[
	{"id":"unavailable","probability":0.03,"action":{"type":"error","exception":"ServiceUnavailableException"}},
	{"id":"stored-then-fail","probability":0.03,"action":{"type":"stored-then-fail"}},
	{"id":"reset","probability":0.01,"action":{"type":"reset"}},
	{"id":"truncate","probability":0.01,"action":{"type":"truncate"}},
	{"id":"slow","probability":0.2,"action":{"type":"latency","distribution":"uniform","minMs":0,"maxMs":40}}
]`

// soakKinds are the requests the soak sends, with the statuses the fake
// may answer each (an injected 503 or a transport fault aside).
var soakKinds = []struct {
	name    string
	share   int // of 100
	allowed []int
}{
	{"valid", 50, []int{201}},
	{"duplicate", 10, []int{409}},
	{"concurrent-same-email", 10, []int{201, 409}},
	{"invalid", 10, []int{400}},
	{"unknown-account", 5, []int{404}},
	{"wrong-secret", 10, []int{401}},
	{"no-session-token", 5, []int{401}},
}

// TestSoak runs mixed traffic against a fake with faults, SigV4 verify and
// a session token for CHIME_SOAK (make soak: 60s), then checks that every
// 201 is exactly one stored user, that nothing else was stored but what
// stored-then-fail and a cut 201 stored, and that the heap returns to where
// it started once the users are forgotten. It prints the numbers.
func TestSoak(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("CHIME_SOAK"))
	if err != nil {
		t.Skip("set CHIME_SOAK to a duration to soak the fake (make soak: 60s)")
	}
	rules, err := faults.ParseRules(soakRules)
	if err != nil {
		t.Fatal(err)
	}
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify, Credentials: []fakes.Credential{soakCredential}, Rules: rules,
		Seed: 11, Limits: fakes.Limits{MaxActiveFaults: 16}})
	s := &soak{srv: srv, client: newSoakClient(srv.URL(), 32), statuses: map[string]int{}}
	before := heapNow()
	goroutines := runtime.NumGoroutine()
	stop := peakHeap(250 * time.Millisecond)
	began := time.Now()
	s.run(d, 16)
	peak := stop()
	t.Logf("%d requests in %s: %.0f a second, 16 clients (and bursts of 4)", s.sent, time.Since(began).Round(time.Millisecond), float64(s.sent)/time.Since(began).Seconds())
	s.client.http.CloseIdleConnections()
	s.check(t)
	stored := s.stored()
	s.userIDs, s.created = nil, nil // the soak's own bookkeeping: not the fake's heap
	after := heapNow()
	srv.Reset()
	forgotten := heapNow()
	eventually(t, func() bool { return runtime.NumGoroutine() <= goroutines+2 })
	t.Logf("heap: %.1f MiB at start, %.1f MiB peak, %.1f MiB at the end with %d users (%.0f B a user), %.1f MiB once they are forgotten; goroutines %d at start, %d at the end",
		mib(before), mib(peak), mib(after), stored, float64(after-before)/float64(max(stored, 1)), mib(forgotten), goroutines, runtime.NumGoroutine())
	if forgotten > before+8<<20 {
		t.Errorf("the heap did not return: %.1f MiB at start, %.1f MiB after Reset", mib(before), mib(forgotten))
	}
}

type soak struct {
	srv    *fakes.Server
	client *soakClient

	mu                         sync.Mutex
	statuses                   map[string]int    // "kind status" -> count
	unexpected                 []string          // answers a kind must not get, a few of them
	created                    []string          // Emails answered 201, for duplicates
	userIDs                    map[string]string // UserId -> Email, of every 201 read whole
	cut201, failedStored, sent int
	seq                        atomic.Int64
}

// run sends traffic from workers for d.
func (s *soak) run(d time.Duration, workers int) {
	s.userIDs = map[string]string{}
	deadline := time.Now().Add(d)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for time.Now().Before(deadline) {
				s.one(rng)
			}
		}()
	}
	wg.Wait()
}

// one sends a request of a kind drawn by share.
func (s *soak) one(rng *rand.Rand) {
	n, k := rng.IntN(100), 0
	for n >= soakKinds[k].share {
		n -= soakKinds[k].share
		k++
	}
	kind := soakKinds[k].name
	email := fmt.Sprintf("soak-%d@example.com", s.seq.Add(1))
	body := `{"Email":"` + email + `","UserType":"SharedDevice"}`
	switch kind {
	case "duplicate":
		if email = s.earlier(rng); email == "" {
			return
		}
		body = `{"Email":"` + strings.ToUpper(email) + `"}`
	case "concurrent-same-email":
		s.burst(kind, body, email, 4)
		return
	case "invalid":
		body = []string{`{"Email":"no-at-sign"}`, `{"UserType":"Robot"}`, `{"Email":`, `{"Email":7}`}[rng.IntN(4)]
	}
	account, flaw := fakes.SampleAccountID, signedWell
	switch kind {
	case "unknown-account":
		account = "no-such-account"
	case "wrong-secret":
		flaw = signedWithAnotherSecret
	case "no-session-token":
		flaw = signedWithoutToken
	}
	s.tally(kind, email, s.client.create(account, body, flaw))
}

// burst creates one Email from n requests at once.
func (s *soak) burst(kind, body, email string, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.tally(kind, email, s.client.create(fakes.SampleAccountID, body, signedWell))
		}()
	}
	wg.Wait()
}

func (s *soak) earlier(rng *rand.Rand) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.created) == 0 {
		return ""
	}
	return s.created[rng.IntN(len(s.created))]
}

// tally counts an answer and remembers what it stored.
func (s *soak) tally(kind, email string, a soakAnswer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent++
	label := fmt.Sprint(a.status)
	switch {
	case a.err != nil:
		label = "no answer"
	case a.cut:
		label += " cut short"
		if a.status == 201 {
			s.cut201++
		}
	case a.storedAfterFailure():
		label += " stored-then-fail"
		s.failedStored++
	case a.status == 503 && a.message == "Injected ServiceUnavailableException":
		label += " injected"
	case a.status == 201:
		s.created = append(s.created, email)
		if prior, dup := s.userIDs[a.userID]; dup {
			s.unexpected = append(s.unexpected, fmt.Sprintf("UserId %s answered twice (%s, %s)", a.userID, prior, email))
		}
		s.userIDs[a.userID] = email
	}
	s.statuses[kind+" "+label]++
	if a.err == nil && !a.cut && !strings.HasSuffix(label, "injected") && !a.storedAfterFailure() && !slices.Contains(kindAllows(kind), a.status) && len(s.unexpected) < 20 {
		s.unexpected = append(s.unexpected, fmt.Sprintf("%s: %d %s", kind, a.status, a.message))
	}
}

func kindAllows(kind string) []int {
	for _, k := range soakKinds {
		if k.name == kind {
			return k.allowed
		}
	}
	return nil
}

// stored is how many users the fake must hold: each 201 read whole, each
// 201 cut short, each stored-then-fail.
func (s *soak) stored() int { return len(s.userIDs) + s.cut201 + s.failedStored }

// check compares what the clients were told with what the fake stored.
func (s *soak) check(t *testing.T) {
	users := s.srv.Users(fakes.SampleAccountID)
	seenID, seenEmail := map[string]int{}, map[string]int{}
	for _, u := range users {
		seenID[u.UserID]++
		seenEmail[strings.ToLower(aws.ToString(u.PrimaryEmail))]++
	}
	lost, twice := 0, 0
	for id := range s.userIDs {
		switch seenID[id] {
		case 0:
			lost++
		case 1:
		default:
			twice++
		}
	}
	dupEmails := 0
	for _, n := range seenEmail {
		if n > 1 {
			dupEmails++
		}
	}
	var lines []string
	for k, n := range s.statuses {
		lines = append(lines, fmt.Sprintf("  %-48s %7d", k, n))
	}
	slices.Sort(lines)
	t.Logf("%d requests:\n%s", s.sent, strings.Join(lines, "\n"))
	t.Logf("201s read whole %d, 201s cut short %d, stored-then-fail %d: %d users expected, %d stored; lost %d, stored twice %d, Emails stored twice %d; faults skipped at MaxActiveFaults %d",
		len(s.userIDs), s.cut201, s.failedStored, s.stored(), len(users), lost, twice, dupEmails, s.srv.Load().FaultsOverflowed)
	if lost > 0 || twice > 0 || dupEmails > 0 || len(users) != s.stored() {
		t.Errorf("the store does not match the answers")
	}
	if len(s.unexpected) > 0 {
		t.Errorf("unexpected answers:\n%s", strings.Join(s.unexpected, "\n"))
	}
}

// peakHeap samples the heap (live objects and garbage not yet swept, as
// HeapAlloc, without stopping the world) every period, and returns a
// func that stops and reports the peak.
func peakHeap(period time.Duration) func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(period)
		defer tick.Stop()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			peak.Store(max(peak.Load(), sample[0].Value.Uint64()))
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(done); <-stopped; return peak.Load() }
}

// heapNow is the live heap after a collection.
func heapNow() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }
