package fakes

import (
	"crypto/sha256"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultRetryWindow is how long after an answer a request without an
// invocation ID may still be that call's retry. Measured against the
// clients' backoff (README, "Retries without an invocation ID").
const DefaultRetryWindow = 10 * time.Second

// givenUp is how long an attempt must have been running before an
// identical request counts as its retry: a client that timed out. Sooner,
// the two are concurrent calls.
const givenUp = time.Second

// maxCalls bounds the calls remembered.
const maxCalls = 10000

// calls groups the attempts of one client call. A request carrying
// amz-sdk-invocation-id belongs to that call. One without (AWS CLI v2,
// curl, most HTTP libraries) belongs to the latest call with the same
// fallback identity (access key, method, escaped path and query, and a
// digest of the body) when that call's last attempt was answered at most
// window ago, or has been running for givenUp already; otherwise it starts
// a call of its own.
type calls struct {
	mu     sync.Mutex
	window time.Duration
	now    func() time.Time
	byKey  map[callKey]*call
	next   int
}

type call struct {
	id         string
	attempts   int
	inFlight   int
	startedAt  time.Time // of the latest attempt
	answeredAt time.Time // of the latest answered attempt
}

func newCalls(window time.Duration, now func() time.Time) *calls {
	return &calls{window: window, now: now, byKey: map[callKey]*call{}}
}

// attempt is one request placed in its call.
type attempt struct {
	call   string // the invocation ID, or call-N for a fallback identity
	number int    // amz-sdk-request's attempt=N when sent, else counted
	c      *call
}

// begin places a request in its call, by its invocation ID (bounded:
// faults.BoundedKey) when it has one; end must follow when it is answered.
func (cs *calls) begin(r *http.Request, invocation, accessKey string, body []byte) attempt {
	key := callKey{invocation: invocation}
	if invocation == "" {
		key.fallback = fallbackIdentity(r, accessKey, body)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	now := cs.now()
	c, ok := cs.byKey[key]
	if !ok || (invocation == "" && !cs.continues(c, now)) {
		cs.prune(now)
		cs.next++
		c = &call{id: invocation}
		if c.id == "" {
			c.id = "call-" + strconv.Itoa(cs.next)
		}
		cs.byKey[key] = c
	}
	c.attempts++
	c.inFlight++
	c.startedAt = now
	n := c.attempts
	if sent := attemptOf(r.Header.Get("Amz-Sdk-Request")); sent > 0 {
		n = sent
	}
	return attempt{call: c.id, number: n, c: c}
}

// continues says whether a request now is c's next attempt.
func (cs *calls) continues(c *call, now time.Time) bool {
	if c.inFlight > 0 {
		return now.Sub(c.startedAt) >= givenUp
	}
	return now.Sub(c.answeredAt) <= cs.window
}

func (cs *calls) end(a attempt) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	a.c.inFlight--
	a.c.answeredAt = cs.now()
}

// prune forgets calls that can have no more attempts, once there are
// many; under a flood of calls, it forgets answered ones down to half, so
// that its cost is spread over the calls that filled the map.
func (cs *calls) prune(now time.Time) {
	if len(cs.byKey) < maxCalls {
		return
	}
	for k, c := range cs.byKey {
		if c.inFlight == 0 && now.Sub(c.answeredAt) > cs.window {
			delete(cs.byKey, k)
		}
	}
	for k, c := range cs.byKey {
		if len(cs.byKey) < maxCalls/2 {
			return
		}
		if c.inFlight == 0 {
			delete(cs.byKey, k)
		}
	}
}

func (cs *calls) reset() {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	clear(cs.byKey)
	cs.next = 0
}

// callKey is a call's identity: its invocation ID, or, without one, a
// SHA-256 of the fallback identity.
type callKey struct {
	invocation string
	fallback   [sha256.Size]byte
}

// fallbackIdentity digests access key, method, escaped path and query, and
// body, each part delimited, without copying the body into one string.
func fallbackIdentity(r *http.Request, accessKey string, body []byte) [sha256.Size]byte {
	d := sha256.New()
	for _, part := range []string{accessKey, "\x00", r.Method, "\x00", r.URL.EscapedPath(), "?", r.URL.RawQuery, "\x00"} {
		_, _ = io.WriteString(d, part)
	}
	_, _ = d.Write(body)
	var sum [sha256.Size]byte
	d.Sum(sum[:0])
	return sum
}

// attemptOf reads N of the first "attempt=N" in amz-sdk-request (as the
// pattern attempt=(\d+) finds it), or 0.
func attemptOf(h string) int {
	for {
		i := strings.Index(h, "attempt=")
		if i < 0 {
			return 0
		}
		h = h[i+len("attempt="):]
		digits := 0
		for digits < len(h) && h[digits] >= '0' && h[digits] <= '9' {
			digits++
		}
		if digits > 0 {
			n, _ := strconv.Atoi(h[:digits]) // out of range: clamped, as before
			return n
		}
	}
}
