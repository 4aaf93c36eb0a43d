package conformance

import (
	"fmt"
	"strings"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

// controlCharsOptIn says how a run sends letter-of-the-pattern values.
const controlCharsOptIn = "set CHIME_CONTROL_CHARS=1 (-control-chars) to send control characters, NUL, DEL and C1 " +
	"where the pattern admits them (the users they create stay at the target)"

// memberValidCheck: every value the page admits for the member is
// accepted, realistic ones (MUST). Its edges are sent first, one each, so
// every run reaches them; then random values. Its reserve is its edges.
func memberValidCheck(c *gen.Contract, m gen.Member) *framework.Check {
	edges := m.Edges(reserveOf(m), gen.Realistic)
	ch := framework.Define(must(derivedID(m.Name, cValid), "request",
		fmt.Sprintf("every realistic %s the page admits is accepted with 201 (its edges first: %d of them)", m.Name, len(edges)),
		pageSays(m)+`; "If the action is successful, the service sends back an HTTP 201 response." `+
			"Realistic values: printable text in any script, real address forms, long values where no maximum is stated, null (absent) for an optional member.",
		c.Source),
		acceptsAll(m, edges, m.ValidWithin(reserveOf(m)), "a valid "+m.Name+" was not accepted"))
	ch.Reserve = len(edges)
	return ch
}

// memberLetterCheck: values the pattern's letter admits but realistic
// input lacks (control characters) are accepted. A SHOULD: many sound
// implementations refuse them ("stricter than the page"); sent only when
// the run asks (Config.ControlChars).
func memberLetterCheck(c *gen.Contract, m gen.Member) *framework.Check {
	edges := m.Edges(reserveOf(m), gen.Letter)
	ch := framework.Define(should(derivedID(m.Name, cLetter), "request",
		"a"+article(m.Name)+" "+m.Name+" with control characters (NUL, DEL, C1) the page admits is accepted with 201",
		pageSays(m)+": "+admitsControls(m)+"; a service refusing them is stricter than the page.",
		c.Source),
		acceptsAll(m, edges, m.ValidLetter(reserveOf(m)), m.Name+" with control characters was refused: stricter than the page"))
	ch.OptIn = controlCharsOptIn
	ch.Enabled = func(s *framework.Session) bool { return s.Config().ControlChars }
	return ch
}

// memberExamples caps the random examples of a member's valid check.
const memberExamples = 30

// acceptsAll sends each edge of the member once (built afresh on every
// attempt), then a property of values drawn from values, each in an
// otherwise valid body: every one must get 201.
func acceptsAll(m gen.Member, edges []gen.Edge, values *rapid.Generator[string], what string) func(*framework.T) {
	return func(t *framework.T) {
		for _, e := range edges {
			x := t.SendFresh(func() framework.Request {
				return framework.Request{Account: t.AccountID(), Body: body(edgeBody(t.Contract(), t.Data(), m, e))}
			})
			framework.ExpectStatus(t, t.G, x, 201, fmt.Sprintf("%s (%s)", what, e.Class))
			t.Reached(e.Class)
		}
		// The random part adds to CU-REQ-01's draws of every member: a
		// few dozen examples, focused on this one, are its share.
		t.Limit(memberExamples)
		t.Property(1, func(p *framework.P) {
			b := validBody(p)
			v := values.Draw(p.T, m.Name)
			if m.Name == "Email" {
				v = p.Data().Email(v)
			}
			b[m.Name] = v
			x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
			framework.ExpectStatus(p, p.G, x, 201, what)
		})
	}
}

// memberPatternCheck: a value no dialect of the pattern matches is refused.
func memberPatternCheck(c *gen.Contract, m gen.Member) *framework.Check {
	title := "a" + article(m.Name) + " " + m.Name + " not matching its pattern is rejected with 400"
	if m.Name != "Email" {
		title += " and creates nothing"
	}
	return framework.Define(must(derivedID(m.Name, cPattern), "request", title,
		m.Name+" "+m.PageLine("Pattern")+"; "+refusal(c), c.Source),
		rejectsMember(func(p *framework.P) (string, any) { return m.Name, m.Invalid().Draw(p.T, "bad "+m.Name) }))
}

// memberEnumCheck: a value outside the Valid Values (case variants and
// near misses too) is refused.
func memberEnumCheck(c *gen.Contract, m gen.Member) *framework.Check {
	return framework.Define(must(derivedID(m.Name, cEnum), "request",
		"a"+article(m.Name)+" "+m.Name+" outside its Valid Values (case variants too) is rejected with 400 and creates nothing",
		m.Name+" "+m.PageLine("Valid Values")+"; "+refusal(c), c.Source),
		rejectsMember(func(p *framework.P) (string, any) { return m.Name, m.Invalid().Draw(p.T, "bad "+m.Name) }))
}

// memberLengthCheck: a value breaking only a length bound (just past it
// first, then random lengths beyond) is refused.
func memberLengthCheck(c *gen.Contract, m gen.Member, under bool, edges []gen.Edge) *framework.Check {
	k, title := cMaxLength, fmt.Sprintf("a%s %s longer than its maximum length (%d) is rejected with 400 and creates nothing", article(m.Name), m.Name, m.MaxLength)
	if under {
		k, title = cMinLength, fmt.Sprintf("a%s %s shorter than its minimum length (%d) is rejected with 400 and creates nothing", article(m.Name), m.Name, m.MinLength)
	}
	return framework.Define(must(derivedID(m.Name, k), "request", title,
		m.Name+" "+m.PageLine("Length Constraints")+" (characters: Unicode code points); "+refusal(c), c.Source),
		func(t *framework.T) {
			for _, e := range edges {
				refuseOne(t, m, e)
				t.Reached(e.Class)
			}
			rejectsMember(func(p *framework.P) (string, any) {
				return m.Name, m.OutOfLength(reserveOf(m), under).Draw(p.T, "bad "+m.Name)
			})(t)
		})
}

// refuseOne sends one bad value of a member (in an otherwise valid body)
// and wants 400, and nothing created.
func refuseOne(t *framework.T, m gen.Member, e gen.Edge) {
	t.Helper()
	x := t.SendFresh(func() framework.Request {
		return framework.Request{Account: t.AccountID(), Body: body(edgeBody(t.Contract(), t.Data(), m, e))}
	})
	framework.ExpectError(t, t.G, x, "BadRequestException")
}

// memberRequiredCheck: a body without a required member is refused.
func memberRequiredCheck(c *gen.Contract, m gen.Member) *framework.Check {
	return framework.Define(must(derivedID(m.Name, cRequired), "request",
		"a body without "+m.Name+" (Required: Yes) is rejected with 400 and creates nothing",
		pageSays(m)+"; "+refusal(c), c.Source),
		func(t *framework.T) {
			t.Property(2, func(p *framework.P) {
				b := validBody(p)
				if rapid.Bool().Draw(p.T, m.Name+" null, not absent") {
					b[m.Name] = nil
				} else {
					delete(b, m.Name)
				}
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
				framework.ExpectError(p, p.G, x, "BadRequestException")
			})
		})
}

// accountPatternCheck: an accountId no dialect of its pattern matches is
// refused (never empty: an empty segment is another path).
func accountPatternCheck(c *gen.Contract) *framework.Check {
	return framework.Define(must(derivedID("accountId", cPattern), "request",
		"an accountId not matching its pattern is rejected with 400",
		"accountId "+c.Account.PageLine("Pattern")+"; "+c.Account.PageLine("Required")+"; "+refusal(c), c.Source),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				account := p.Contract().InvalidAccount().Draw(p.T, "accountId")
				x := p.Send(framework.Request{Account: account, Body: []byte(`{}`)})
				framework.ExpectError(p, p.G, x, "BadRequestException")
			})
		})
}

// article is "n" before a vowel sound: "an Email", "a Username".
func article(name string) string {
	if name != "" && strings.ContainsRune("AEIO", rune(name[0])) {
		return "n"
	}
	return ""
}

// admitsControls says how the page admits control characters in a member.
func admitsControls(m gen.Member) string {
	if m.Pattern != nil {
		return "the pattern's letter admits control characters"
	}
	return "no pattern: any string, control characters included"
}
