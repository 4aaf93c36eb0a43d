package framework

import (
	"time"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// A documented 5xx proves nothing when the service is briefly
// unavailable; it is a crash when the service fails every valid create
// while it answers everything else. judged tells the two apart: when a
// create's 5xx persists and a control create fails too, a probe that any
// service up and running answers without storing anything (a body that is
// not a JSON object: 400) says whether the service is down; a service that
// answers the probe but has failed the control creates of createsFailedAfter
// inputs in a row, with no 201 between them, fails valid creates from then
// on: the check that met the 5xx fails on it.

// createsFailedAfter is how many inputs in a row must see their control
// create fail, while the service answers the probe, before valid creates
// are held to have stopped working: each was sent three times over more
// than half a second, so a service that is only briefly unavailable has
// had seconds to come back.
const createsFailedAfter = 5

// aliveProbe is a request a service that is up refuses with 400 before it
// stores anything: a body that is not a JSON object.
func (s *Session) aliveProbe(check string) sender {
	return s.client.raw(check, Request{Account: s.cfg.AccountID, Body: []byte(`[]`)})
}

// createsFailing counts one more input whose control create failed while
// the service answered the probe, and says how many in a row there were.
func (c *Client) createsFailing() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failedControls++
	return c.failedControls
}

// createsFailed says whether valid creates have stopped working (see
// createsFailedAfter): inputs are then judged without waiting for the
// service to come back.
func (c *Client) createsFailed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.failedControls >= createsFailedAfter
}

// judgeFailedControl decides what an input's persistent documented 5xx
// proves once its control create c failed as well: nothing (the example is
// discarded) while the service may be down or only a few inputs in a row
// saw it. When the service answers the probe and valid creates have failed
// for createsFailedAfter inputs in a row, the check that sent it fails,
// whatever it would have made of the answer: a 5xx is a crash whatever the
// input, and a check that only needed a create to prove something else
// (a "creates nothing" proof) must not pass it by. It never returns.
func judgeFailedControl(r requester, x, c *evidence.Exchange) {
	s := r.session()
	probe := r.exchange(s.aliveProbe(x.Check), false)
	if !probe.Answered() || probe.Status >= 500 || !unavailable(c) {
		r.discard("the service answers a documented 5xx to every request: unavailable, which proves nothing%s", x)
	}
	if n := s.client.createsFailing(); n < createsFailedAfter {
		r.discard("a documented 5xx to this create and to a control create, while the service answers other requests (HTTP %d): "+
			"%d of %d inputs in a row before valid creates are held to fail%s", probe.Status, n, createsFailedAfter, x)
	}
	r.Helper()
	r.Fatalf("valid creates fail: this request and the control creates of the last %d inputs got a documented 5xx, with no 201 between them, "+
		"while the service answered other requests (HTTP %d to a body that is not a JSON object): a crash, not a service briefly unavailable%s"+
		"\nthe last control create:%s", createsFailedAfter, probe.Status, x, c)
}

// resendPause is the wait before the n-th resend of a documented 5xx.
func resendPause(n int) time.Duration { return time.Duration(200<<n) * time.Millisecond }
