package conformance

import (
	"errors"
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
			"one user in ten is caught with probability 1-0.9^%d = %.1f%%. An Email answered with a passing documented 5xx proves nothing and is replaced by another.", durabilitySample, durabilitySample, 100*detection(durabilitySample)), page),
		func(t *framework.T) {
			created := t.Client().Created()
			budget := t.Budget()
			n := min(durabilitySample, len(created))
			if budget >= 0 {
				n = min(n, budget)
			}
			switch {
			case len(created) < durabilityFloor:
				t.Inconclusive("the run created only %d users, fewer than the %d to re-create: a store forgetting one user in ten would be caught with probability %.1f%%, under 99%%",
					len(created), durabilitySample, 100*detection(len(created)))
			case n < durabilityFloor:
				t.Inconclusive("the create budget left (%d) allows only %d of the %d re-creates: a store forgetting one user in ten would be caught with probability %.1f%%, under 99%%",
					budget, n, durabilitySample, 100*detection(n))
			}
			// A sample the target answers with a passing documented 5xx
			// proves nothing: the next Email takes its place.
			rng := rand.New(rand.NewPCG(t.Seed(), 0))
			judged, unproven, why := 0, 0, ""
			for _, i := range rng.Perm(len(created)) {
				if judged == n || unproven > n { // a target down for good ends the sampling
					break
				}
				x, err := t.TrySend(framework.Request{Account: t.AccountID(), Body: body(map[string]any{"Email": created[i]})})
				if errors.Is(err, framework.ErrBudgetSpent) {
					why = err.Error()
					break
				}
				if err != nil {
					unproven, why = unproven+1, err.Error()
					continue
				}
				judged++
				t.SetExamples(judged)
				framework.ExpectError(t, t.G, x, "ConflictException")
			}
			if judged < durabilityFloor {
				t.Inconclusive("only %d re-creates proved something (%d proved nothing; the last: %s): a store forgetting one user in ten would be caught with probability %.1f%%, under 99%%",
					judged, unproven, why, 100*detection(judged))
			}
		})
	c.Reserve = durabilitySample
	return c
}()

// detection is the chance that n sampled users include one a store forgot,
// when it forgets one in ten.
func detection(n int) float64 { return 1 - math.Pow(1-forgetting, float64(n)) }
