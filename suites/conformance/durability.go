package conformance

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/chime-conformance/createuser/suites/framework"
)

// durabilitySample is how many of the run's users are re-created. A store
// that forgets one user in ten is caught unless all of them survived:
// 1 - 0.9^50 = 99.5%; 44 would give the 99% the check promises.
const durabilitySample, durabilityFloor, forgetting = 50, 44, 0.1

var stateDurable = func() *framework.Check {
	c := framework.Define(must("CU-STATE-02", "stateful", "a user once created stays: re-creating earlier Emails is 409",
		fmt.Sprintf("Creates a user under the account; a second user with the same Email conflicts (409), however long after. "+
			"%d Emails are sampled uniformly from every Email the run saw created (by any check) and created again: a store that forgets "+
			"one user in ten is caught with probability 1-0.9^%d = %.1f%%.", durabilitySample, durabilitySample, 100*detection(durabilitySample)), page),
		func(t *framework.T) {
			created := t.Client().Created()
			budget := t.Budget()
			n := min(durabilitySample, len(created))
			if budget >= 0 {
				n = min(n, budget)
			}
			if n < durabilityFloor {
				t.Inconclusive("only %d of the run's %d users could be re-created (create budget %d): a store forgetting one user in ten would be caught with probability %.1f%%, under 99%%",
					n, len(created), budget, 100*detection(n))
			}
			rng := rand.New(rand.NewPCG(t.Seed(), 0))
			for _, i := range rng.Perm(len(created))[:n] {
				x := t.Send(framework.Request{Account: t.AccountID(), Body: body(map[string]any{"Email": created[i]})})
				framework.ExpectError(t, t.G, x, "ConflictException")
			}
		})
	c.Reserve = durabilitySample
	return c
}()

// detection is the chance that n sampled users include one a store forgot,
// when it forgets one in ten.
func detection(n int) float64 { return 1 - math.Pow(1-forgetting, float64(n)) }
