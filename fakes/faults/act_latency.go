package faults

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Latency delays the request, then lets it through. The delay is drawn from
// the engine's seeded RNG; a client that gives up ends the wait, and the
// service never sees the request.
type Latency struct {
	Distribution string  `json:"distribution,omitempty"` // fixed (default), uniform, lognormal
	Ms           float64 `json:"ms,omitempty"`           // fixed
	MinMs        float64 `json:"minMs,omitempty"`        // uniform
	MaxMs        float64 `json:"maxMs,omitempty"`        // uniform
	MedianMs     float64 `json:"medianMs,omitempty"`     // lognormal
	Sigma        float64 `json:"sigma,omitempty"`        // lognormal

	delay time.Duration // drawn by Sample
}

var latencyKind = Kind{Type: "latency", Category: "latency",
	Description: "Delay, then pass through: fixed (ms), uniform (minMs..maxMs) or lognormal (medianMs, sigma); seeded; honours client cancellation.",
	Example:     `{"type":"latency","distribution":"lognormal","medianMs":200,"sigma":0.5}`,
	New:         func() Action { return &Latency{} }}

func (a *Latency) Validate() error {
	switch a.Distribution {
	case "", "fixed":
		if a.Ms < 0 {
			return fmt.Errorf("ms must not be negative")
		}
	case "uniform":
		if a.MinMs < 0 || a.MaxMs < a.MinMs {
			return fmt.Errorf("uniform needs 0 <= minMs <= maxMs")
		}
	case "lognormal":
		if a.MedianMs <= 0 || a.Sigma < 0 {
			return fmt.Errorf("lognormal needs medianMs > 0 and sigma >= 0")
		}
	default:
		return fmt.Errorf("distribution must be fixed, uniform or lognormal, got %q", a.Distribution)
	}
	return nil
}

// RequiredParams are the parameters of the distribution: a delay is
// never a zero nobody wrote.
func (a *Latency) RequiredParams() []string {
	switch a.Distribution {
	case "uniform":
		return []string{"minMs", "maxMs"}
	case "lognormal":
		return []string{"medianMs", "sigma"}
	}
	return []string{"ms"}
}

// MarshalJSON writes the distribution's parameters, zeros too: written
// back, the action reads as it did (they are required).
func (a Latency) MarshalJSON() ([]byte, error) {
	m := map[string]any{}
	if a.Distribution != "" {
		m["distribution"] = a.Distribution
	}
	switch a.Distribution {
	case "uniform":
		m["minMs"], m["maxMs"] = a.MinMs, a.MaxMs
	case "lognormal":
		m["medianMs"], m["sigma"] = a.MedianMs, a.Sigma
	default:
		m["ms"] = a.Ms
	}
	return json.Marshal(m)
}

// Sample draws this request's delay.
func (a *Latency) Sample(rng *rand.Rand) Action {
	ms := a.Ms
	switch a.Distribution {
	case "uniform":
		ms = a.MinMs + rng.Float64()*(a.MaxMs-a.MinMs)
	case "lognormal":
		ms = a.MedianMs * math.Exp(a.Sigma*rng.NormFloat64())
	}
	drawn := *a
	drawn.delay = time.Duration(ms * float64(time.Millisecond))
	return &drawn
}

// Delay is the drawn delay of a sampled action.
func (a *Latency) Delay() time.Duration { return a.delay }

func (a *Latency) Apply(ex *Exchange, next func()) {
	t := time.NewTimer(a.delay)
	defer t.Stop()
	select {
	case <-t.C:
		next()
	case <-ex.Request.Context().Done():
		ex.Outcome = "client-gone"
		ex.Deliver = func(http.ResponseWriter, *http.Request, *restjson.Response) string { return "" }
	}
}
