package conformance

import (
	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/framework"
)

// Concurrent requests arrive together (a start barrier), each on its own
// connection, from 4 to 16 senders per round.
const minSenders, maxSenders = 4, 16

func statuses(xs []*evidence.Exchange) map[int]int {
	m := map[int]int{}
	for _, x := range xs {
		m[x.Status]++
	}
	return m
}

var (
	raceDuplicate = func() *framework.Check {
		c := framework.Define(must("CU-RACE-01", "concurrency", "concurrent creates of one Email create exactly one user",
			"ConflictException (409) for a second user with the same Email holds under concurrency: of N simultaneous creates of one Email "+
				"(4 <= N <= 16; ASCII case varied when the target ignores case, CU-ERR-409C), exactly one gets 201 and the rest 409; "+
				"a later create of that Email is 409. The report's example count is the number of rounds.", page),
			func(t *framework.T) {
				emails := emailCaseOf(t)
				t.Property(maxSenders+1, func(p *framework.P) {
					n := rapid.IntRange(minSenders, maxSenders).Draw(p.T, "senders")
					email := freshEmail(p, "Email")
					reqs := make([]framework.Request, n)
					for i := range reqs {
						reqs[i] = framework.Request{Account: p.AccountID(), Body: body(map[string]any{"Email": emails.variant(p, email)})}
					}
					xs := p.SendAll(reqs, n)
					for _, x := range xs {
						framework.ExpectAnswered(p, p.G, x)
						if x.Status != 201 {
							framework.ExpectError(p, p.G, x, "ConflictException")
						}
					}
					got := statuses(xs)
					p.G.Expect(got[201]).To(gomega.Equal(1), "%d simultaneous creates of one Email got %v: want exactly one 201, the rest 409%s", n, got, firstOf(xs, 201))
					later := p.Send(framework.Request{Account: p.AccountID(), Body: body(map[string]any{"Email": email})})
					framework.ExpectError(p, p.G, later, "ConflictException")
				})
			})
		c.Reserve = 3 * (maxSenders + 1) // three rounds at the least
		return c
	}()

	raceDistinct = func() *framework.Check {
		c := framework.Define(must("CU-RACE-02", "concurrency", "concurrent creates of distinct Emails all succeed with distinct UserIds",
			"Creates a user under the account, for each of N simultaneous requests with distinct Emails (4 <= N <= 16): all 201, each User with its own UserId.", page),
			func(t *framework.T) {
				t.Property(maxSenders, func(p *framework.P) {
					n := rapid.IntRange(minSenders, maxSenders).Draw(p.T, "senders")
					reqs := make([]framework.Request, n)
					for i := range reqs {
						reqs[i] = framework.Request{Account: p.AccountID(), Body: body(map[string]any{"Email": freshEmail(p, "Email")})}
					}
					ids := map[string]bool{}
					for _, x := range p.SendAll(reqs, n) {
						framework.ExpectStatus(p, p.G, x, 201, "one of simultaneous creates of distinct Emails")
						u := decodeUser(p, x)
						p.G.Expect(u.User.UserID).NotTo(gomega.BeNil(), "User has no UserId%s", x)
						p.G.Expect(ids[*u.User.UserID]).To(gomega.BeFalse(), "UserId %q given to two simultaneous creates%s", *u.User.UserID, x)
						ids[*u.User.UserID] = true
					}
				})
			})
		c.Reserve = 2 * maxSenders
		return c
	}()
)

// firstOf is the first exchange with the status, for a failure message.
func firstOf(xs []*evidence.Exchange, status int) *evidence.Exchange {
	for _, x := range xs {
		if x.Status == status {
			return x
		}
	}
	return nil
}
