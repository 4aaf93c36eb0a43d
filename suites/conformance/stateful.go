package conformance

import (
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

// accountModel is what the account should hold after a sequence of creates:
// the Emails taken, and those of refused requests (still free). A create
// answered with a documented 5xx may or may not have happened: its Email
// leaves the model.
type accountModel struct {
	taken    map[string]string // as the target compares Emails (emailCase.key) -> as sent
	rejected []string
}

// stateSteps is the average length of a sequence: shorter when the run has
// a create budget (each step is a request), whatever the target is.
func stateSteps(c framework.Config) int {
	if c.MaxCreates == 0 {
		return 30
	}
	return 10
}

var stateModel = framework.Define(must("CU-STATE-01", "stateful", "sequences of creates behave as a model of the account's users",
	"Creates a user under the account; a second user with the same Email conflicts (409); invalid input (400) and unknown accounts (404) change nothing.", page),
	func(t *framework.T) {
		steps := stateSteps(t.Config())
		t.Steps(steps)
		emails := emailCaseOf(t)
		t.Property(steps, func(p *framework.P) {
			m := &accountModel{taken: map[string]string{}}
			// create sends one step's request; a documented 5xx leaves the
			// model unsure about that Email, so the step proves nothing.
			create := func(account string, b map[string]any) *evidence.Exchange {
				x := p.SendUnchecked(framework.Request{Account: account, Body: body(b)})
				framework.ExpectAnswered(p, p.G, x)
				if x.Status >= 500 && p.Contract().Status(x.ErrorCode()) >= 500 {
					if e, ok := b["Email"].(string); ok {
						delete(m.taken, emails.key(e))
					}
					p.Skip("a documented 5xx: the create may or may not have happened")
				}
				return x
			}
			p.Repeat(map[string]func(*rapid.T){
				"fresh Email": func(*rapid.T) {
					e := freshEmail(p, "Email")
					x := create(p.AccountID(), map[string]any{"Email": e})
					p.G.Expect(x.Status).To(gomega.Equal(201), "a fresh Email was refused%s", x)
					m.taken[emails.key(e)] = e
				},
				"no Email": func(*rapid.T) {
					x := create(p.AccountID(), map[string]any{"Username": p.Data().Tagged("")})
					p.G.Expect(x.Status).To(gomega.Equal(201), "a create without Email was refused%s", x)
				},
				"duplicate Email": func(*rapid.T) {
					if len(m.taken) == 0 {
						p.Skip("no user yet")
					}
					// map order is random; draws must replay
					e := rapid.SampledFrom(slices.Sorted(maps.Values(m.taken))).Draw(p.T, "taken Email")
					e = emails.variant(p, e)
					framework.ExpectError(p, p.G, create(p.AccountID(), map[string]any{"Email": e}), "ConflictException")
				},
				"invalid input": func(*rapid.T) {
					e := freshEmail(p, "Email")
					b := map[string]any{"Email": e}
					if m, ok := constrainedBesideEmail(p.Contract()); ok {
						b[m.Name] = m.Invalid().Draw(p.T, "bad "+m.Name)
					} else {
						b["Email"] = 0 // the page constrains nothing else: a wrong type
					}
					framework.ExpectError(p, p.G, create(p.AccountID(), b), "BadRequestException")
					m.rejected = append(m.rejected, e)
				},
				"unknown account": func(*rapid.T) {
					e := freshEmail(p, "Email")
					account := p.Data().MissingAccount(fmt.Sprint(len(m.rejected)))
					framework.ExpectError(p, p.G, create(account, map[string]any{"Email": e}), "NotFoundException")
					m.rejected = append(m.rejected, e)
				},
				"reuse a refused Email": func(*rapid.T) {
					if len(m.rejected) == 0 {
						p.Skip("nothing refused yet")
					}
					i := rapid.IntRange(0, len(m.rejected)-1).Draw(p.T, "refused")
					e := m.rejected[i]
					m.rejected = slices.Delete(m.rejected, i, i+1)
					x := create(p.AccountID(), map[string]any{"Email": e})
					if x.Status == http.StatusConflict {
						p.Fatalf("an Email whose create was refused is taken: the refusal stored a user%s", x)
					}
					p.G.Expect(x.Status).To(gomega.Equal(201), "a valid create of an Email whose earlier create was refused%s", x)
					m.taken[emails.key(e)] = e
				},
			})
		})
	})

// constrainedBesideEmail is a member other than the Email that some string
// breaks (an enum, a pattern), for an invalid create that still carries
// a probe Email.
func constrainedBesideEmail(c *gen.Contract) (gen.Member, bool) {
	for _, m := range c.Members {
		if m.Name != "Email" && m.Constrained() {
			return m, true
		}
	}
	return gen.Member{}, false
}
