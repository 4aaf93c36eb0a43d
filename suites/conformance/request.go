package conformance

import (
	"net/http"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

// validBody draws a body the spec accepts: every combination of present and
// absent members, values drawn from the spec's patterns and enums. Every
// user it creates carries the run's tag: in its Email, else its Username
// (CU-REQ-01 sends the empty body once a run, untagged).
func validBody(p *framework.P) map[string]any {
	b := map[string]any{}
	for _, m := range gen.TheContract().Members {
		if !m.Required && !rapid.Bool().Draw(p.T, "has "+m.Name) {
			continue
		}
		v := m.Valid().Draw(p.T, m.Name)
		switch m.Name {
		case "Email":
			v = p.Data().Email(v)
		case "Username":
			v = p.Data().Username(v)
		}
		b[m.Name] = v
	}
	if _, ok := b["Email"]; !ok {
		// Without an Email, the Username carries the run's tag; a
		// non-empty one has it already.
		if u, _ := b["Username"].(string); u == "" {
			b["Username"] = p.Data().Tagged("")
		}
	}
	return b
}

// freshEmail draws a valid Email, tagged with the run (so it is unused).
func freshEmail(p *framework.P, label string) string {
	return p.Data().Email(gen.TheContract().Member("Email").Valid().Draw(p.T, label))
}

// createdNothing proves that a refused request created nothing: the probe
// Email it carried is still free at the target, so a valid create of it
// gets 201. A 409 is the proof it did create a user; any other answer
// proves neither (a valid create failing is CU-REQ-01's to judge), and
// the example is drawn afresh.
func createdNothing(p *framework.P, refused *evidence.Exchange, probeEmail, what string) {
	p.Helper()
	x := p.Send(framework.Request{Account: p.AccountID(), Body: body(map[string]any{"Email": probeEmail})})
	switch {
	case x.Answered() && x.Status == http.StatusCreated:
	case x.Answered() && x.Status == http.StatusConflict && x.Resent:
		p.Fatalf("the valid create that proves %s created nothing met a connection the server closed without answering; sent again, it got 409: "+
			"the service stored that user and lost its answer (not an effect of %s)%s", what, what, x)
	case x.Answered() && x.Status == http.StatusConflict:
		p.Fatalf("%s created a user anyway: a valid create of the Email it carried, sent next, got 409%s\nthe refused request was:%s", what, x, refused)
	default:
		p.Unproven("the valid create that proves %s created nothing got HTTP %d, neither 201 nor 409: nothing proven", what, x.Status)
	}
}

// rejectsMember checks that a body with one bad member (drawn by bad) in an
// otherwise valid body is rejected with 400 and creates nothing.
func rejectsMember(bad func(p *framework.P) (member string, value any)) func(*framework.T) {
	return func(t *framework.T) {
		t.Property(2, func(p *framework.P) {
			b := validBody(p)
			member, value := bad(p)
			probe := freshEmail(p, "probe Email")
			b["Email"] = probe
			b[member] = value
			x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
			framework.ExpectError(p, p.G, x, "BadRequestException")
			if member != "Email" {
				createdNothing(p, x, probe, "the rejected request")
			}
		})
	}
}

// constrained draws a bad string for a member the spec constrains.
func constrained(name string) func(p *framework.P) (string, any) {
	return func(p *framework.P) (string, any) {
		return name, gen.TheContract().Member(name).Invalid().Draw(p.T, "bad "+name)
	}
}

var (
	reqValid = framework.Define(must("CU-REQ-01", "request", "valid input is accepted with 201",
		"Email (Pattern .+@.+\\..+), Username and UserType (PrivateUser | SharedDevice) are each Required: No; "+
			"\"If the action is successful, the service sends back an HTTP 201 response.\"", page),
		func(t *framework.T) {
			// The contract's smallest input, once a run (the one user a run
			// leaves without its tag).
			framework.ExpectStatus(t, t.G, t.Send(framework.Request{Account: t.AccountID(), Body: []byte(`{}`)}), 201, "the empty body was not accepted")
			t.Property(1, func(p *framework.P) {
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(validBody(p))})
				framework.ExpectStatus(p, p.G, x, 201, "valid input was not accepted")
			})
		})

	reqBadEmail = framework.Define(must("CU-REQ-02", "request", "an Email not matching its pattern is rejected with 400",
		"Email Pattern: .+@.+\\..+; BadRequestException (400): \"The input parameters don't match the service's restrictions.\"", page),
		func(t *framework.T) {
			t.Property(2, func(p *framework.P) {
				bad := gen.TheContract().Member("Email").Invalid().Draw(p.T, "bad Email")
				b := validBody(p)
				b["Email"] = bad
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
				framework.ExpectError(p, p.G, x, "BadRequestException")
			})
		})

	// The page's patterns are ECMA-262 (Smithy, OpenAPI), and a service in
	// another dialect may read them otherwise: Go's and Python's `.` match
	// \r and U+2028/U+2029, ECMA-262's (and Java's) do not. The MUST
	// checks stay clear of that difference; this one tells a vendor about
	// it, as a SHOULD.
	reqLineTerminator = framework.Define(should("CU-REQ-08", "request", "an Email whose parts are joined only across a line terminator is rejected with 400",
		"Email Pattern: .+@.+\\..+, an ECMA-262 pattern: its `.` matches no line terminator (\\r, U+2028, U+2029), so \"a@exa\\rmple.com\" does not match; "+
			"dialects whose `.` matches them (Go's regexp, Python's re) accept it.", page),
		func(t *framework.T) {
			t.Property(2, func(p *framework.P) {
				word := rapid.StringMatching(`[a-z]{1,8}`)
				lt := rapid.SampledFrom([]string{"\r", "\u2028", "\u2029"}).Draw(p.T, "line terminator")
				email := p.Data().Email(word.Draw(p.T, "local")) + "@" + word.Draw(p.T, "domain") + lt + word.Draw(p.T, "more domain") + "." + word.Draw(p.T, "tld")
				if gen.TheContract().Member("Email").Pattern.ECMA.MatchString(email) {
					p.Fatalf("the suite built %q to be refused, but the pattern matches it (a bug of the suite)", email)
				}
				b := validBody(p)
				b["Email"] = email
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
				framework.ExpectError(p, p.G, x, "BadRequestException")
			})
		})

	reqBadUserType = framework.Define(must("CU-REQ-03", "request", "a UserType outside its Valid Values (case variants too) is rejected with 400 and creates nothing",
		"UserType Valid Values: PrivateUser | SharedDevice; BadRequestException (400).", page),
		rejectsMember(constrained("UserType")))

	reqWrongType = framework.Define(must("CU-REQ-04", "request", "a member of the wrong JSON type is rejected with 400 and creates nothing",
		"Email, Username, UserType are Type: String; BadRequestException (400).", page),
		rejectsMember(func(p *framework.P) (string, any) {
			m := rapid.SampledFrom(gen.TheContract().Members).Draw(p.T, "member")
			return m.Name, m.WrongType().Draw(p.T, "wrong-typed "+m.Name)
		}))

	reqNotObject = framework.Define(must("CU-REQ-05", "request", "a body that is not a JSON object is rejected with 400",
		"\"The request accepts the following data in JSON format\": { \"Email\": ..., \"Username\": ..., \"UserType\": ... }; BadRequestException (400).", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				v := rapid.OneOf(
					rapid.Map(rapid.SliceOfN(rapid.String(), 0, 3), func(s []string) any { return s }),
					rapid.Map(rapid.String(), func(s string) any { return s }),
					rapid.Map(rapid.Float64(), func(f float64) any { return f }),
					rapid.Map(rapid.Bool(), func(b bool) any { return b }),
				).Draw(p.T, "body")
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(v)})
				framework.ExpectError(p, p.G, x, "BadRequestException")
			})
		})

	reqMalformed = framework.Define(must("CU-REQ-06", "request", "malformed JSON is rejected with 400 and creates nothing",
		"The body is JSON; BadRequestException (400).", page),
		func(t *framework.T) {
			t.Property(2, func(p *framework.P) {
				probe := freshEmail(p, "probe Email")
				valid := body(map[string]any{"Email": probe, "UserType": "PrivateUser"})
				cut := rapid.IntRange(1, len(valid)-1).Draw(p.T, "cut at")
				x := p.Send(framework.Request{Account: p.AccountID(), Body: valid[:cut]})
				framework.ExpectError(p, p.G, x, "BadRequestException")
				createdNothing(p, x, probe, "the malformed request")
			})
		})

	reqBlankAccount = framework.Define(must("CU-REQ-07", "request", "an accountId without a non-whitespace character is rejected with 400",
		"accountId Pattern: .*\\S.*, Required: Yes; BadRequestException (400).", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				account := gen.TheContract().InvalidAccount().Draw(p.T, "accountId")
				x := p.Send(framework.Request{Account: account, Body: []byte(`{}`)})
				framework.ExpectError(p, p.G, x, "BadRequestException")
			})
		})
)
