package framework

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/report"
)

// sendAll sends the requests from workers goroutines that start together
// (a barrier), each on a connection of its own as the transport's pool
// allows: concurrency a server must really handle. 429s are waited out
// per request. The exchanges are in the order of reqs; a nil one was
// refused by the budget.
func (c *Client) sendAll(ctx context.Context, check string, reqs []Request, workers int, p pool) []*evidence.Exchange {
	out := make([]*evidence.Exchange, len(reqs))
	next := make(chan int, len(reqs))
	for i := range reqs {
		next <- i
	}
	close(next)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range max(1, min(workers, len(reqs))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range next {
				req := reqs[i]
				req.Burst = true
				send := c.raw(check, req)
				out[i], _ = c.patiently(ctx, req.ExpectThrottle, func() (*evidence.Exchange, error) { return send(ctx, p) })
			}
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// SendAll sends requests concurrently (see Client.sendAll) for a plain
// check. Requests the budget refused are left out.
func (t *T) SendAll(reqs []Request, workers int) []*evidence.Exchange {
	var sent []*evidence.Exchange
	for _, x := range t.s.client.sendAll(t.s.ctx, t.check.ID, reqs, workers, mainPool) {
		if x != nil {
			t.note(x, mainPool)
			t.keep(x)
			sent = append(sent, x)
		}
	}
	if t.s.ctx.Err() != nil {
		panic(end{result: report.NotRun, reason: "the run stopped during this check"})
	}
	return sent
}

// Credentials are the run's own credentials (for checks that sign
// differently on purpose).
func (t *T) Credentials() (aws.Credentials, error) {
	return t.s.client.credentials(t.s.ctx, nil)
}

// SendAll sends requests concurrently (see Client.sendAll) within one
// example. An example in which any request met a client-side fault or a
// documented 5xx, or the budget ran out, is discarded: what happened
// concurrently cannot be judged by halves.
func (p *P) SendAll(reqs []Request, workers int) []*evidence.Exchange {
	p.Helper()
	t := p.run.t
	pl := p.pool(len(reqs))
	xs := t.s.client.sendAll(t.s.ctx, t.check.ID, reqs, workers, pl)
	var why string
	for _, x := range xs {
		switch {
		case x == nil:
			why = ErrBudgetSpent.Error()
			continue
		case x.Side == evidence.Client:
			why = "a client-side fault (" + x.TransportError + ")"
		case unavailable(x):
			why = "a documented 5xx in a concurrent round"
		}
		p.noteExchange(x, pl)
	}
	if t.s.ctx.Err() != nil {
		p.run.stop()
		p.skip("the run stopped")
	}
	if why != "" {
		p.skip(why)
	}
	return xs
}
