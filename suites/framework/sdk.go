package framework

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// CreateUser calls CreateUser through aws-sdk-go-v2's own chime client,
// as Send sends a raw request: the same budget, patience, bookkeeping and
// judgement of what the answer proves. A call the SDK refused to send (it
// validates some input itself) is the client's doing.
func (p *P) CreateUser(in *chime.CreateUserInput) (*chime.CreateUserOutput, error) {
	p.Helper()
	var out *chime.CreateUserOutput
	var err error
	t := p.run.t
	judged(p, t.s.sdkCall(t.check.ID, in, &out, &err), false, t.s.ctx)
	return out, err
}

// sdkCall is the sender of an SDK call; its result lands in out and callErr.
func (s *Session) sdkCall(check string, in *chime.CreateUserInput, out **chime.CreateUserOutput, callErr *error) sender {
	return func(ctx context.Context, pl pool) (*evidence.Exchange, error) {
		if err := s.client.reserve(ctx, aws.ToString(in.AccountId) == s.cfg.AccountID, pl, true); err != nil {
			return nil, err
		}
		ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
		defer cancel()
		ctx, sl := withSlot(ctx)
		*out, *callErr = s.sdk.CreateUser(ctx, in)
		x := sl.x
		if x == nil { // the SDK never sent it
			x = &evidence.Exchange{Method: "POST", TransportError: "the SDK did not send the request: " + errText(*callErr),
				Side: evidence.Classify(s.ctx, errors.Join(evidence.ErrClientFault, *callErr))}
		}
		x.Check, x.Region = check, s.cfg.Region
		s.client.record(x)
		return x, nil
	}
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
