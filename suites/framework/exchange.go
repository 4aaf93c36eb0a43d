package framework

import (
	"context"
	"errors"
	"fmt"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/gen"
	"github.com/chime-conformance/createuser/suites/report"
)

// One path for every request a check makes, raw or through the SDK, plain
// or in a property: patience with 429, the check's bookkeeping, and what an
// answer proves. What proves nothing about the contract never fails a
// target: a client-side fault, the run stopping, a spent budget, and a
// service that says it is briefly unavailable (a well-formed documented
// 5xx that goes away when the request is sent again).

// maxClientRetries bounds how often a plain check sends its request again
// after a client-side fault.
const maxClientRetries = 3

// unavailable says whether an answer is a well-formed documented (or AWS
// common) server error: the service saying it cannot serve now.
func unavailable(x *evidence.Exchange) bool {
	return x.Answered() && x.Status >= 500 && len(errorShape(x)) == 0 && serverError(x.ErrorCode()) == x.Status
}

// serverError is the status of a documented or AWS common server error, 0
// for any other name.
func serverError(name string) int {
	if status := gen.TheContract().Status(name); status >= 500 {
		return status
	}
	return CommonServerErrors[name]
}

// CommonServerErrors are the AWS common errors a front door may answer
// with when the service behind it fails (AWS General Reference, "Common
// errors"), by status.
var CommonServerErrors = map[string]int{"InternalFailure": 500, "ServiceUnavailable": 503}

// requester is what sends a check's requests: T for a plain check, P for
// an example of a property. They differ in what proves nothing does: a
// plain check ends inconclusive, an example is discarded for a fresh one.
type requester interface {
	exchange(send sender, expectThrottle bool) *evidence.Exchange
	discard(format string, args ...any)
	control() sender
	session() *Session
	helper
}

// judged sends a request and deals with a documented 5xx: the same request
// is sent twice more; if another answer comes, the service was briefly
// unavailable and the answer proves nothing; if the 5xx stays, a control
// create tells a service that is down (nothing proven) or fails every
// valid create (the check fails: outage.go) from one that fails this input
// (the 5xx is the answer the check judges).
func judged(r requester, send sender, expectThrottle bool, ctx context.Context) *evidence.Exchange {
	x := r.exchange(send, expectThrottle)
	if !unavailable(x) {
		return x
	}
	// Once valid creates are known to fail, a control create alone tells
	// whether they still do: no wait for a service that is not coming
	// back. (Its 201 says they work again: the input is resent as usual.)
	if r.session().client.createsFailed() {
		if c := r.exchange(r.control(), false); c.Status/100 != 2 {
			judgeFailedControl(r, x, c)
		}
	}
	for try := range 2 {
		_ = sleep(ctx, resendPause(try))
		if x = r.exchange(send, expectThrottle); !unavailable(x) {
			r.discard("a documented 5xx, then HTTP %d to the same request: the service was briefly unavailable (or the first attempt took effect), which proves nothing", x.Status)
		}
	}
	if c := r.exchange(r.control(), false); unavailable(c) || c.Status/100 != 2 {
		judgeFailedControl(r, x, c)
	}
	x.AddNote("the same request was answered with a documented 5xx three times in a row, while a control create succeeded: this input fails, not the service's availability")
	return x
}

// controlRequest is a create any service must accept: a tagged Username.
func (s *Session) controlRequest(check string) sender {
	return s.client.raw(check, Request{Account: s.cfg.AccountID, Body: []byte(fmt.Sprintf(`{"Username":%q}`, s.data.Username("control")))})
}

// note counts a request of the check.
func (t *T) note(x *evidence.Exchange, pl pool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.res.Requests++
	if x.Side == evidence.Client {
		t.res.ClientFaults++
	}
	if pl == shrinkPool {
		t.res.ShrinkRequests++
	}
}

// keep keeps a plain check's exchange as its evidence.
func (t *T) keep(x *evidence.Exchange) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.exchanges) < maxExchangesPerExample {
		t.exchanges = append(t.exchanges, x.Kept())
	}
}

// maxExchangesPerExample bounds the evidence kept of one example.
const maxExchangesPerExample = 64

// Send sends a request of a plain (non-property) check. A client-side fault
// is retried a few times, a documented 5xx as judged says; a spent budget
// or the run stopping ends the check without a verdict.
func (t *T) Send(req Request) *evidence.Exchange {
	t.Helper()
	return judged(t, t.s.client.raw(t.check.ID, req), req.ExpectThrottle, t.s.ctx)
}

func (t *T) exchange(send sender, expectThrottle bool) *evidence.Exchange {
	for try := 0; ; try++ {
		x, err := t.s.client.patiently(t.s.ctx, expectThrottle, func() (*evidence.Exchange, error) {
			x, err := send(t.s.ctx, mainPool)
			if err == nil {
				t.note(x, mainPool)
				t.keep(x)
			}
			return x, err
		})
		switch {
		case errors.Is(err, ErrBudgetSpent):
			panic(end{result: report.Inconclusive, reason: err.Error(), budgetSpent: true})
		case err != nil:
			t.Inconclusive("%v", err)
		case x.Side == evidence.Stopped:
			panic(end{result: report.NotRun, reason: "the run stopped: " + x.TransportError})
		case x.Side != evidence.Client:
			return x
		case x.Unreachable && t.check.Gate:
			return x // a certificate not trusted: the gate ends the run, saying what to set
		case try >= maxClientRetries:
			t.discard("%d tries, each met a client-side fault (%s)", try+1, x.TransportError)
		}
	}
}

func (t *T) discard(format string, args ...any) {
	panic(end{result: report.Inconclusive, reason: fmt.Sprintf(format, args...), unproven: true})
}
func (t *T) control() sender   { return t.s.controlRequest(t.check.ID) }
func (t *T) session() *Session { return t.s }

// Send sends one request of the example. What proves nothing about the
// contract discards the example instead of failing it: a client-side
// fault, a spent budget, the run stopping, a service briefly unavailable
// (see judged).
func (p *P) Send(req Request) *evidence.Exchange {
	p.Helper()
	t := p.run.t
	return judged(p, t.s.client.raw(t.check.ID, req), req.ExpectThrottle, t.s.ctx)
}

// ErrUnproven: the answer proves nothing about this input (a documented
// 5xx that went away, client-side faults on every try).
var ErrUnproven = errors.New("the answer proves nothing about this input")

// TrySend is Send for a check that samples many inputs and may pass one
// by: instead of ending the check, it returns ErrUnproven (with why) when
// the answer proves nothing about this input, and ErrBudgetSpent when the
// create budget ran out, so the check can judge what it has. The run
// stopping still ends the check.
func (t *T) TrySend(req Request) (x *evidence.Exchange, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			switch e, ok := r.(end); {
			case ok && e.unproven:
				x, err = nil, fmt.Errorf("%w: %s", ErrUnproven, e.reason)
			case ok && e.budgetSpent:
				x, err = nil, ErrBudgetSpent
			default:
				panic(r)
			}
		}
	}()
	return t.Send(req), nil
}

// SendUnchecked is Send for a plain check that handles documented 5xx
// itself (the preflight, which must not call a passing 5xx "nothing
// proven"). Client-side faults are retried, a spent budget ends the check.
func (t *T) SendUnchecked(req Request) *evidence.Exchange {
	t.Helper()
	return t.exchange(t.s.client.raw(t.check.ID, req), req.ExpectThrottle)
}

// SendUnchecked is Send for a check that handles documented 5xx itself
// (a state machine, whose model must know a create may have happened).
// Client-side faults and a spent budget still discard the example.
func (p *P) SendUnchecked(req Request) *evidence.Exchange {
	p.Helper()
	t := p.run.t
	return p.exchange(t.s.client.raw(t.check.ID, req), req.ExpectThrottle)
}

func (p *P) exchange(send sender, expectThrottle bool) *evidence.Exchange {
	t := p.run.t
	if t.s.ctx.Err() != nil {
		p.run.stop()
		p.skip("the run stopped")
	}
	x, err := t.s.client.patiently(t.s.ctx, expectThrottle, func() (*evidence.Exchange, error) {
		pl := p.pool(1)
		x, err := send(t.s.ctx, pl)
		if err == nil {
			p.noteExchange(x, pl)
		}
		return x, err
	})
	switch {
	case err != nil:
		p.skip(err.Error())
	case x.Side == evidence.Client:
		p.skip("a client-side fault (" + x.TransportError + ")")
	case x.Side == evidence.Stopped:
		p.run.stop()
		p.skip("the run stopped")
	}
	return x
}

func (p *P) noteExchange(x *evidence.Exchange, pl pool) {
	p.run.t.note(x, pl)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.exchanges = append(p.exchanges, x)
}

func (p *P) discard(format string, args ...any) { p.skip(fmt.Sprintf(format, args...)) }

// Unproven discards the example because its answers prove nothing about
// what the check judges (another check judges them); rapid draws afresh,
// and the report counts the reason among the discards.
func (p *P) Unproven(format string, args ...any) { p.discard(format, args...) }
func (p *P) control() sender                     { return p.run.t.s.controlRequest(p.run.t.check.ID) }
func (p *P) session() *Session                   { return p.run.t.s }
