package conformance

import (
	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// validBody draws a body the spec accepts: every combination of present and
// absent members, values drawn from the spec's patterns and enums.
func validBody(t *rapid.T) map[string]any {
	b := map[string]any{}
	for _, m := range fw.TheContract().Members {
		if !m.Required && !rapid.Bool().Draw(t, "has "+m.Name) {
			continue
		}
		v := m.Valid().Draw(t, m.Name)
		switch m.Name { // identifiable, unique test data
		case "Email":
			v = data.Email(v)
		case "Username":
			v = data.Username(v)
		}
		b[m.Name] = v
	}
	return b
}

// createdNothing proves an invalid request created nothing: the probe
// Email it carried is still free, and on the embedded fake (whose store the
// suite can see through its public API) the user count did not move.
func createdNothing(t *rapid.T, g gomega.Gomega, probeEmail string, usersBefore int) {
	if target.IsFake() {
		g.Expect(len(target.Fake.Users(target.AccountID))).To(gomega.Equal(usersBefore), "the rejected request created a user")
	}
	if probeEmail == "" {
		return
	}
	x := send(t, fw.Request{Account: target.AccountID, Body: body(map[string]any{"Email": probeEmail})})
	g.Expect(x.Status).To(gomega.Equal(201), "the rejected request created a user: its Email is now taken%s", x)
}

// userCount is the embedded fake's user count, -1 for other targets.
func userCount() int {
	if !target.IsFake() {
		return -1
	}
	return len(target.Fake.Users(target.AccountID))
}

// rejectsMember checks that a body with one bad member (drawn by bad) in an
// otherwise valid body is rejected with 400 and creates nothing.
func rejectsMember(bad func(t *rapid.T) (member string, value any)) func() {
	return func() {
		property(2, func(t *rapid.T, g gomega.Gomega) {
			b := validBody(t)
			member, value := bad(t)
			probe := data.Email(fw.TheContract().Member("Email").Valid().Draw(t, "probe Email"))
			b["Email"] = probe
			b[member] = value
			if member == "Email" {
				probe = ""
			}
			before := userCount()
			x := send(t, fw.Request{Account: target.AccountID, Body: body(b)})
			fw.ExpectError(g, x, "BadRequestException")
			createdNothing(t, g, probe, before)
		})
	}
}

// constrained draws a bad string for a member the spec constrains.
func constrained(name string) func(t *rapid.T) (string, any) {
	return func(t *rapid.T) (string, any) {
		return name, fw.TheContract().Member(name).Invalid().Draw(t, "bad "+name)
	}
}

func requestChecks() {
	fw.It(reqValid, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			x := send(t, fw.Request{Account: target.AccountID, Body: body(validBody(t))})
			fw.ExpectAnswered(g, x)
			g.Expect(x.Status).To(gomega.Equal(201), "valid input was not accepted with 201%s", x)
		})
	})
	fw.It(reqBadEmail, rejectsMember(constrained("Email")))
	fw.It(reqBadUserType, rejectsMember(constrained("UserType")))
	fw.It(reqWrongType, rejectsMember(func(t *rapid.T) (string, any) {
		m := rapid.SampledFrom(fw.TheContract().Members).Draw(t, "member")
		return m.Name, m.WrongType().Draw(t, "wrong-typed "+m.Name)
	}))
	fw.It(reqNotObject, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			v := rapid.OneOf(
				rapid.Map(rapid.SliceOfN(rapid.String(), 0, 3), func(s []string) any { return s }),
				rapid.Map(rapid.String(), func(s string) any { return s }),
				rapid.Map(rapid.Float64(), func(f float64) any { return f }),
				rapid.Map(rapid.Bool(), func(b bool) any { return b }),
			).Draw(t, "body")
			before := userCount()
			x := send(t, fw.Request{Account: target.AccountID, Body: body(v)})
			fw.ExpectError(g, x, "BadRequestException")
			createdNothing(t, g, "", before)
		})
	})
	fw.It(reqMalformed, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			valid := body(validBody(t))
			cut := rapid.IntRange(1, len(valid)-1).Draw(t, "cut at")
			before := userCount()
			x := send(t, fw.Request{Account: target.AccountID, Body: valid[:cut]})
			fw.ExpectError(g, x, "BadRequestException")
			createdNothing(t, g, "", before)
		})
	})
	fw.It(reqBlankAccount, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			account := fw.TheContract().InvalidAccount().Draw(t, "accountId")
			x := send(t, fw.Request{Account: account, Body: []byte(`{}`)})
			fw.ExpectError(g, x, "BadRequestException")
		})
	})
}
