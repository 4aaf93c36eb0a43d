package fakes

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
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
	byKey  map[string]*call
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
	return &calls{window: window, now: now, byKey: map[string]*call{}}
}

// attempt is one request placed in its call.
type attempt struct {
	call   string // the invocation ID, or call-N for a fallback identity
	number int    // amz-sdk-request's attempt=N when sent, else counted
	c      *call
}

// begin places a request in its call; end must follow when it is answered.
func (cs *calls) begin(r *http.Request, accessKey string, body []byte) attempt {
	invocation := r.Header.Get("Amz-Sdk-Invocation-Id")
	key := "invocation\x00" + invocation
	if invocation == "" {
		sum := sha256.Sum256([]byte(accessKey + "\x00" + r.Method + "\x00" + r.URL.EscapedPath() + "?" + r.URL.RawQuery + "\x00" + string(body)))
		key = "fallback\x00" + hex.EncodeToString(sum[:])
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
			c.id = fmt.Sprintf("call-%d", cs.next)
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

var attemptRe = regexp.MustCompile(`attempt=(\d+)`)

func attemptOf(h string) int {
	if m := attemptRe.FindStringSubmatch(h); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
