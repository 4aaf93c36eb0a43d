package fakes

import (
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/internal/connlimit"
	"github.com/chime-conformance/createuser/fakes/restjson"
)

// Limits bound what slow or hostile clients, and the fake's own faults,
// can hold of it: connections, goroutines, time. Zero fields take the
// defaults below.
type Limits struct {
	// ReadHeaderTimeout bounds reading a request's line and headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included: a body
	// dripped a byte at a time is cut there (a 400 if it can still be sent).
	ReadTimeout time.Duration
	// IdleTimeout closes a keep-alive connection left idle this long; longer
	// than Go's and the SDKs' pools keep one (90 s), so that the fake does
	// not race a client reusing it.
	IdleTimeout time.Duration
	// MaxConns caps the open connections. Past it, new connections wait in
	// the listen backlog until one closes: clients queue, nothing is refused.
	MaxConns int
	// MaxActiveFaults caps the requests a fault is acting on at once
	// (latency and stall hold a request for as long as they say). Past it a
	// fault is skipped, as Envoy's max_active_faults does: the request is
	// served as if no rule had fired, and the journal says "overflow".
	MaxActiveFaults int
	// ShutdownTimeout is how long Close waits for requests in flight
	// before it cuts their connections.
	ShutdownTimeout time.Duration
	// MaxHeaderBytes bounds a request's line and headers (net/http's
	// Server.MaxHeaderBytes; it reads 4 KiB more before it refuses). Past
	// it net/http answers 431 Request Header Fields Too Large itself.
	MaxHeaderBytes int
}

// DefaultLimits are the limits of a zero Limits.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 30 * time.Second,
	ReadTimeout:       60 * time.Second,
	IdleTimeout:       120 * time.Second,
	MaxConns:          1000,
	MaxActiveFaults:   500,
	ShutdownTimeout:   5 * time.Second,
	MaxHeaderBytes:    64 << 10,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	orDefault(&l.ReadHeaderTimeout, d.ReadHeaderTimeout)
	orDefault(&l.ReadTimeout, d.ReadTimeout)
	orDefault(&l.IdleTimeout, d.IdleTimeout)
	orDefault(&l.MaxConns, d.MaxConns)
	orDefault(&l.MaxActiveFaults, d.MaxActiveFaults)
	orDefault(&l.ShutdownTimeout, d.ShutdownTimeout)
	orDefault(&l.MaxHeaderBytes, d.MaxHeaderBytes)
	return l
}

func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func (l Limits) validate() error {
	if l.ReadHeaderTimeout < 0 || l.ReadTimeout < 0 || l.IdleTimeout < 0 || l.ShutdownTimeout < 0 || l.MaxConns < 0 || l.MaxActiveFaults < 0 || l.MaxHeaderBytes < 0 {
		return fmt.Errorf("limits must not be negative")
	}
	return nil
}

// listen wraps ln so that at most MaxConns connections are open at once,
// and so that srv's Shutdown closes the connections that never sent a
// byte at once (connlimit.Listener.CloseUnused).
func (l Limits) listen(srv *http.Server, ln net.Listener) net.Listener {
	capped := connlimit.Cap(ln, l.MaxConns)
	srv.RegisterOnShutdown(capped.CloseUnused)
	return capped
}

// httpServer is the net/http server of the fake, with the limits' timeouts.
func (l Limits) httpServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: l.ReadHeaderTimeout, ReadTimeout: l.ReadTimeout, IdleTimeout: l.IdleTimeout,
		MaxHeaderBytes: l.MaxHeaderBytes}
}

// activeFaults counts the requests a fault is acting on.
type activeFaults struct {
	max        int64
	active     atomic.Int64
	overflowed atomic.Int64
}

// take reserves a slot for a fault about to act, or counts an overflow at
// the cap. The engine asks it before it spends the fault's rule
// (faults.Engine.NextAdmitted), so a skipped fault keeps its times and
// sequence step.
func (a *activeFaults) take() bool {
	if a.active.Add(1) > a.max {
		a.active.Add(-1)
		a.overflowed.Add(1)
		return false
	}
	return true
}

// hold makes the engine's decision the action that runs: a fault skipped
// at the cap serves the request plainly; one admitted holds the slot take
// reserved until its answer is delivered.
func (a *activeFaults) hold(fired *faults.Fired) *faults.Fired {
	if fired == nil {
		return nil
	}
	if fired.Skipped {
		return &faults.Fired{RuleID: fired.RuleID, Type: fired.Type, Action: overflow{}}
	}
	release := sync.OnceFunc(func() { a.active.Add(-1) })
	return &faults.Fired{RuleID: fired.RuleID, Type: fired.Type, Action: &held{inner: fired.Action, release: release}}
}

// overflow is a fault skipped for want of a slot: the service answers.
type overflow struct{}

func (overflow) Apply(ex *faults.Exchange, next func()) {
	next()
	ex.Outcome = "overflow"
}

// held runs a fault and frees its slot once the answer is delivered, or
// once the action is done when it leaves delivery to the plain writer.
type held struct {
	inner   faults.Action
	release func()
}

func (h *held) Apply(ex *faults.Exchange, next func()) {
	handedOn := false
	defer func() {
		if !handedOn {
			h.release()
		}
	}()
	h.inner.Apply(ex, next)
	if deliver := ex.Deliver; deliver != nil {
		handedOn = true
		ex.Deliver = func(w http.ResponseWriter, r *http.Request, resp *restjson.Response) string {
			defer h.release()
			return deliver(w, r, resp)
		}
	}
}

// LoadStats is what the fake holds right now, and what its limits refused.
type LoadStats struct {
	ActiveFaults     int `json:"activeFaults"`     // requests a fault is acting on
	FaultsOverflowed int `json:"faultsOverflowed"` // faults skipped at MaxActiveFaults, since start
}

// Load reports the fake's active faults and how many were skipped.
func (s *Server) Load() LoadStats {
	return LoadStats{ActiveFaults: int(s.active.active.Load()), FaultsOverflowed: int(s.active.overflowed.Load())}
}
