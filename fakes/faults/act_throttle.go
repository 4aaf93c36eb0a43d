package faults

import (
	"fmt"
	"sync"
	"time"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Throttle is a token bucket per access key: within the rate requests pass,
// beyond it they get 429 ThrottledClientException.
type Throttle struct {
	Rate  float64 `json:"rate"`  // tokens per second
	Burst int     `json:"burst"` // bucket size

	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

var throttleKind = Kind{Type: "throttle", Category: "error",
	Description: "Token bucket per access key (rate/s, burst): over the limit, 429 ThrottledClientException.",
	Example:     `{"type":"throttle","rate":5,"burst":10}`,
	New:         func() Action { return &Throttle{} }}

func (a *Throttle) Validate() error {
	if a.Rate < 0 || a.Burst < 1 {
		return fmt.Errorf("rate must be >= 0 and burst >= 1 (got rate %v, burst %d)", a.Rate, a.Burst)
	}
	return nil
}

// Fires takes a token for the request's access key; the rule fires only
// when there is none left.
func (a *Throttle) Fires(req *Request) bool { return !a.take(BoundedKey(req.AccessKey)) }

// Apply answers a request over the rate (Fires said so) with a 429.
func (a *Throttle) Apply(ex *Exchange, _ func()) {
	ex.Response = restjson.ErrorNamed("ThrottledClientException", 0, "Rate exceeded")
}

func (a *Throttle) take(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	if a.now != nil {
		now = a.now()
	}
	if a.buckets == nil {
		a.buckets = map[string]*bucket{}
	}
	b, ok := a.buckets[key]
	if !ok {
		if len(a.buckets) >= maxInvocations {
			clear(a.buckets)
		}
		b = &bucket{tokens: float64(a.Burst), last: now}
		a.buckets[key] = b
	}
	b.tokens = min(float64(a.Burst), b.tokens+now.Sub(b.last).Seconds()*a.Rate)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
