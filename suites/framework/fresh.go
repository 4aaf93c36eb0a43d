package framework

import (
	"context"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// SendFresh sends a create that build makes, built afresh for every
// attempt: after a client-side fault (or a 5xx resent) it is unknown
// whether the last attempt created the user, and the same Email sent
// again would meet 409. build gives each attempt a fresh tag and the same
// input otherwise.
func (t *T) SendFresh(build func() Request) *evidence.Exchange {
	t.Helper()
	send := func(ctx context.Context, p pool) (*evidence.Exchange, error) {
		return t.s.client.raw(t.check.ID, build())(ctx, p)
	}
	return judged(t, send, false, t.s.ctx)
}
