package conformance

import (
	"flag"
	"fmt"
	"slices"
	"strconv"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// accountModel is what the account should hold after a sequence of creates:
// the Emails taken (lower-cased) and how many users were created.
type accountModel struct {
	taken    map[string]string // ASCII-lower-cased -> as sent
	rejected []string          // Emails of refused requests: still free
	created  int
}

func statefulChecks() {
	fw.It(stateModel, func() {
		steps := 30
		if !target.IsFake() {
			steps = 10 // each step is a request against a real endpoint
		}
		_ = flag.Set("rapid.steps", strconv.Itoa(steps))
		property(steps*2, func(t *rapid.T, g gomega.Gomega) {
			m := &accountModel{taken: map[string]string{}}
			base := userCount()
			email := func(label string) string {
				return data.Email(fw.TheContract().Member("Email").Valid().Draw(t, label))
			}
			create := func(account string, b map[string]any) *fw.Exchange {
				x := send(t, fw.Request{Account: account, Body: body(b)})
				fw.ExpectAnswered(g, x)
				return x
			}
			t.Repeat(map[string]func(*rapid.T){
				"fresh Email": func(t *rapid.T) {
					e := email("Email")
					x := create(target.AccountID, map[string]any{"Email": e})
					g.Expect(x.Status).To(gomega.Equal(201), "a fresh Email was refused%s", x)
					m.taken[fw.ASCIICase(e, false)] = e
					m.created++
				},
				"no Email": func(t *rapid.T) {
					x := create(target.AccountID, map[string]any{})
					g.Expect(x.Status).To(gomega.Equal(201), "a create without Email was refused%s", x)
					m.created++
				},
				"duplicate Email": func(t *rapid.T) {
					if len(m.taken) == 0 {
						t.Skip("no user yet")
					}
					var emails []string
					for _, e := range m.taken {
						emails = append(emails, e)
					}
					slices.Sort(emails) // map order is random; draws must replay
					e := rapid.SampledFrom(emails).Draw(t, "taken Email")
					if c := rapid.IntRange(0, 2).Draw(t, "case: 0 same, 1 upper, 2 lower"); c > 0 {
						e = fw.ASCIICase(e, c == 1)
					}
					fw.ExpectError(g, create(target.AccountID, map[string]any{"Email": e}), "ConflictException")
				},
				"invalid input": func(t *rapid.T) {
					e := email("Email")
					bad := fw.TheContract().Member("UserType").Invalid().Draw(t, "bad UserType")
					fw.ExpectError(g, create(target.AccountID, map[string]any{"Email": e, "UserType": bad}), "BadRequestException")
					m.rejected = append(m.rejected, e)
				},
				"unknown account": func(t *rapid.T) {
					e := email("Email")
					account := fmt.Sprintf("cf-%s-missing-%d", target.RunID, len(m.rejected))
					fw.ExpectError(g, create(account, map[string]any{"Email": e}), "NotFoundException")
					m.rejected = append(m.rejected, e)
				},
				"reuse a refused Email": func(t *rapid.T) {
					if len(m.rejected) == 0 {
						t.Skip("nothing refused yet")
					}
					i := rapid.IntRange(0, len(m.rejected)-1).Draw(t, "refused")
					e := m.rejected[i]
					m.rejected = append(m.rejected[:i], m.rejected[i+1:]...)
					x := create(target.AccountID, map[string]any{"Email": e})
					g.Expect(x.Status).To(gomega.Equal(201), "an Email whose create was refused is taken: the refusal stored a user%s", x)
					m.taken[fw.ASCIICase(e, false)] = e
					m.created++
				},
				"": func(t *rapid.T) {
					if target.IsFake() {
						g.Expect(userCount()-base).To(gomega.Equal(m.created), "the fake holds another number of users than the model")
					}
				},
			})
		})
	})
}
