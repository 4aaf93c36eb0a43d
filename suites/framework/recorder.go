package framework

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// recordingTransport records the exchanges of requests whose context
// carries a slot: how the SDK's calls become evidence like the raw ones.
type recordingTransport struct {
	base   http.RoundTripper
	runCtx context.Context
	max    int64
}

type slotKey struct{}

// slot receives the exchange of one SDK call.
type slot struct{ x *evidence.Exchange }

func withSlot(ctx context.Context) (context.Context, *slot) {
	sl := &slot{}
	return context.WithValue(ctx, slotKey{}, sl), sl
}

func (t *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	sl, _ := r.Context().Value(slotKey{}).(*slot)
	if sl == nil {
		return t.base.RoundTrip(r)
	}
	x := &evidence.Exchange{Started: time.Now(), Method: r.Method, URL: r.URL.String(),
		RequestHeader: evidence.Redact(r.Header), Signed: r.Header.Get("Authorization") != ""}
	sl.x = x
	if r.Body != nil && r.Body != http.NoBody {
		body, err := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if err != nil {
			return nil, err
		}
		x.RequestBody = body
		r = r.Clone(r.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	rctx, noted := noticeResend(r.Context())
	resp, err := t.base.RoundTrip(r.WithContext(rctx))
	noted(x)
	x.Duration = time.Since(x.Started)
	if err != nil {
		x.TransportError, x.Side = err.Error(), evidence.Classify(t.runCtx, err)
		return nil, err
	}
	x.Status, x.Header = resp.StatusCode, resp.Header
	resp.Body = &teeBody{ReadCloser: resp.Body, x: x, runCtx: t.runCtx, max: t.max}
	return resp, nil
}

// teeBody keeps what the SDK reads of a body, and how the read ended.
type teeBody struct {
	io.ReadCloser
	x      *evidence.Exchange
	runCtx context.Context
	max    int64
}

func (b *teeBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if int64(len(b.x.Body)+n) <= b.max {
		b.x.Body = append(b.x.Body, p[:n]...)
	}
	if err != nil && err != io.EOF && b.x.TransportError == "" {
		b.x.TransportError, b.x.Side = "reading the body: "+err.Error(), evidence.Classify(b.runCtx, err)
	}
	b.x.Duration = time.Since(b.x.Started)
	return n, err
}
