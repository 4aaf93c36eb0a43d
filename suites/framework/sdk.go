package framework

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"
	"github.com/aws/smithy-go"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// CreateUser calls CreateUser through aws-sdk-go-v2's own chime client,
// as Send sends a raw request: paced, counted against the budget, 429s
// waited out, the exchange recorded and audited. What proves nothing about
// the target discards the example: a client-side fault (the SDK closing its
// own connection, refusing the input before sending), a well-formed
// documented 5xx, a spent budget, the run stopping.
func (p *P) CreateUser(in *chime.CreateUserInput) (*chime.CreateUserOutput, error) {
	p.Helper()
	run, s := p.run, p.run.t.s
	pl := p.pool(1)
	if err := s.client.reserve(aws.ToString(in.AccountId) == s.cfg.AccountID, pl, true); err != nil {
		p.skip(err.Error())
	}
	for attempt := 0; ; attempt++ {
		ctx, cancel := withDeadline(s.ctx, s.cfg.RequestTimeout)
		ctx, sl := withSlot(ctx)
		out, err := s.sdk.CreateUser(ctx, in)
		cancel()
		x := sl.x
		if x == nil { // the SDK never sent it
			if s.ctx.Err() != nil {
				run.stop()
				p.skip("the run stopped")
			}
			s.client.countClientFault()
			p.skip("a client-side fault (the SDK did not send the request: " + errText(err) + ")")
		}
		x.Check = p.run.t.check.ID
		if x.Side == "" && err != nil && !isAPIError(err) {
			x.TransportError, x.Side = err.Error(), s.classify(err)
		}
		s.client.record(x)
		p.run.t.note(x)
		p.mu.Lock()
		p.exchanges = append(p.exchanges, x)
		p.mu.Unlock()
		var throttled *types.ThrottledClientException
		if errors.As(err, &throttled) && s.client.waitOutThrottle(s.ctx, attempt) == nil {
			continue
		}
		if x.Side == evidence.Stopped {
			run.stop()
		}
		if why := retryable(x); why != "" {
			p.skip(why)
		}
		return out, err
	}
}

func isAPIError(err error) bool {
	var api smithy.APIError
	return errors.As(err, &api)
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
