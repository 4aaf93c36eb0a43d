package framework

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// ErrBodyTooLarge: the answer's body went past the cap. The target's fault.
var ErrBodyTooLarge = errors.New("the answer's body exceeds the suite's cap")

// ErrRedirect: CreateUser never redirects; following one would send a
// signed request elsewhere.
var ErrRedirect = errors.New("the target answered with a redirect")

// NewTransport is the transport a run makes for itself when
// Config.Transport is nil: answers' headers within requestTimeout, capped
// at 64 KiB; HTTP/2 where a TLS server offers it (ALPN), HTTP/1.1
// otherwise, as the SDKs do; proxies from the environment
// (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), the system's CAs. A caller wrapping
// it (to count, to proxy) passes the wrapper as Config.Transport.
func NewTransport(requestTimeout time.Duration) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = requestTimeout
	t.MaxResponseHeaderBytes = 64 << 10
	t.MaxIdleConnsPerHost = 64
	t.ForceAttemptHTTP2 = true
	return t
}

// configuredTransport is NewTransport with what the configuration says
// of TLS (AWS_CA_BUNDLE) and proxies (read through FromEnv's getenv).
func configuredTransport(c Config) *http.Transport {
	t := NewTransport(c.RequestTimeout)
	if c.roots != nil {
		t.TLSClientConfig = &tls.Config{RootCAs: c.roots, MinVersion: tls.VersionTLS12}
	}
	if c.Proxy != nil {
		t.Proxy = c.Proxy
	}
	t.OnProxyConnectResponse = onProxyConnect
	return t
}

// newHTTPClient is the one HTTP client of a run, shared by the raw
// requests and aws-sdk-go-v2's client: every answer's headers must come
// within the request timeout, bodies are capped, redirects are not
// followed, and (for the self-test) the client may fault on its own.
func newHTTPClient(runCtx context.Context, c Config, rng *lockedRand, resends *atomic.Int64) *http.Client {
	base := c.Transport
	if base == nil {
		base = configuredTransport(c)
	}
	fresh := base // a custom transport: its resend may reuse a connection too
	if t, ok := base.(*http.Transport); ok {
		t = t.Clone()
		t.DisableKeepAlives = true
		fresh = t
	}
	var rt http.RoundTripper = &boundedTransport{base: &staleConnTransport{base: base, fresh: fresh, resends: resends}, maxBody: c.MaxBody}
	if c.ClientFaultRate > 0 {
		rt = &faultyTransport{base: rt, rate: c.ClientFaultRate, rng: rng}
	}
	rt = &recordingTransport{base: rt, runCtx: runCtx, max: c.MaxBody}
	return &http.Client{Transport: rt}
}

type boundedTransport struct {
	base    http.RoundTripper
	maxBody int64
}

func (t *boundedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %d to %q", ErrRedirect, resp.StatusCode, resp.Header.Get("Location"))
	}
	resp.Body = &cappedBody{ReadCloser: resp.Body, left: t.maxBody}
	return resp, nil
}

// cappedBody errors once more than its cap is read, instead of silently
// cutting the body: a client must not judge a body it did not see whole.
type cappedBody struct {
	io.ReadCloser
	left int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, ErrBodyTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.ReadCloser.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, ErrBodyTooLarge
	}
	return n, err
}

// staleConnTransport absorbs the keep-alive race, as HTTP clients do: a
// server may close an idle connection at any time (RFC 9112, 9.5), and a
// request written onto it just then meets an EOF or a reset before a
// single byte of answer. Such a request, on a reused connection with
// nothing answered, is sent once more, the same bytes, on a connection of
// its own: its answer is the answer, and whatever goes wrong with it is
// the target's doing (a server that drops this request, or that stored
// the first and now answers 409). So a server that drops requests is
// judged on them, while the race costs one resend (counted in the stats).
type staleConnTransport struct {
	base    http.RoundTripper
	fresh   http.RoundTripper // opens a connection per request
	resends *atomic.Int64
}

func (t *staleConnTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil && r.Body != http.NoBody && r.GetBody == nil {
		// Kept to send again (a suite's request bodies are small).
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
		r.Body, _ = r.GetBody()
	}
	var reused, answered atomic.Bool
	trace := &httptrace.ClientTrace{
		GotConn:              func(info httptrace.GotConnInfo) { reused.Store(info.Reused) },
		GotFirstResponseByte: func() { answered.Store(true) },
	}
	resp, err := t.base.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
	if err == nil || !reused.Load() || answered.Load() || !closedUnderfoot(err) || r.Context().Err() != nil {
		return resp, err
	}
	again := r.Clone(r.Context())
	if r.GetBody != nil {
		if again.Body, err = r.GetBody(); err != nil {
			return nil, err
		}
	}
	if t.resends != nil {
		t.resends.Add(1)
	}
	if resent, ok := r.Context().Value(resentKey{}).(*atomic.Bool); ok {
		resent.Store(true)
	}
	return t.fresh.RoundTrip(again)
}

type resentKey struct{}

// noticeResend returns a context under which staleConnTransport says
// whether it sent the request again, and a note for the exchange if so.
func noticeResend(ctx context.Context) (context.Context, func(x *evidence.Exchange)) {
	resent := new(atomic.Bool)
	return context.WithValue(ctx, resentKey{}, resent), func(x *evidence.Exchange) {
		if resent.Load() {
			x.Resent = true
			x.AddNote("sent again on a fresh connection: the server had closed the reused one without answering; " +
				"a 409 to a fresh Email here means the first attempt took effect and its answer was lost")
		}
	}
}

// closedUnderfoot: the connection ended under the request (EOF, reset,
// broken pipe), as opposed to a timeout or a malformed answer.
func closedUnderfoot(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// faultyTransport closes the connection of a fraction of requests while
// their answer is being read, and reports what the network stack reports
// then ("use of closed network connection"): the fault aws-sdk-go-v2 makes
// now and then on its own. The self-test uses it to prove such faults are
// retried and never blamed on the target.
type faultyTransport struct {
	base http.RoundTripper
	rate float64
	rng  *lockedRand
}

func (t *faultyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if t.rng.Float64() >= t.rate {
		return t.base.RoundTrip(r)
	}
	var conn net.Conn
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { conn = info.Conn }}
	resp, err := t.base.RoundTrip(r.WithContext(httptrace.WithClientTrace(r.Context(), trace)))
	if err != nil || conn == nil {
		return resp, err
	}
	resp.Body = &closingBody{ReadCloser: resp.Body, conn: conn}
	return resp, nil
}

type closingBody struct {
	io.ReadCloser
	conn net.Conn
}

func (b *closingBody) Read([]byte) (int, error) {
	_ = b.conn.Close()
	return 0, &net.OpError{Op: "read", Net: "tcp", Source: b.conn.LocalAddr(), Addr: b.conn.RemoteAddr(), Err: net.ErrClosed}
}

// lockedRand is the run's seeded RNG, safe for concurrent use.
type lockedRand struct {
	mu  sync.Mutex
	rng *rand.Rand
}

func newLockedRand(seed uint64) *lockedRand {
	return &lockedRand{rng: rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))}
}

func (r *lockedRand) Float64() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rng.Float64()
}

// classify is evidence.Classify for this run.
func (s *Session) classify(err error) evidence.Side { return evidence.Classify(s.ctx, err) }
