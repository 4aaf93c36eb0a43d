package framework

import (
	"context"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// freshTries bounds how often SendFresh sends an input again after an
// answer that proved nothing.
const freshTries = 4

// SendFresh sends a create that build makes, built afresh for every
// attempt: after a client-side fault (or a 5xx resent) it is unknown
// whether the last attempt created the user, and the same Email sent
// again would meet 409. build gives each attempt a fresh tag and the same
// input otherwise. An answer that proves nothing (a documented 5xx that
// went away, client-side faults on every try) sends the input again, up
// to freshTries times: a plain check's edge is not given up for one 503.
func (t *T) SendFresh(build func() Request) *evidence.Exchange {
	t.Helper()
	send := func(ctx context.Context, p pool) (*evidence.Exchange, error) {
		return t.s.client.raw(t.check.ID, build())(ctx, p)
	}
	for try := 1; ; try++ {
		if x, ok := t.tryJudged(send, try < freshTries); ok {
			return x
		}
	}
}

// tryJudged is judged, reporting an unproven answer as !ok when another
// try is allowed (else it ends the check, as judged does).
func (t *T) tryJudged(send sender, again bool) (x *evidence.Exchange, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if e, isEnd := r.(end); isEnd && e.unproven && again {
				x, ok = nil, false
				return
			}
			panic(r)
		}
	}()
	return judged(t, send, false, t.s.ctx), true
}
