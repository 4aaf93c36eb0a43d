package conformance

import (
	"fmt"
	"strings"

	"net/http"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

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
// otherwise valid body is rejected with 400 and creates nothing (proven
// by the body's probe Email, when the bad member is not the Email).
func rejectsMember(bad func(p *framework.P) (member string, value any)) func(*framework.T) {
	return func(t *framework.T) {
		t.Property(2, func(p *framework.P) {
			b := validBody(p)
			member, value := bad(p)
			_, hasEmail := p.Contract().Lookup("Email")
			probe := ""
			if hasEmail && member != "Email" {
				probe = freshEmail(p, "probe Email")
				b["Email"] = probe
			}
			b[member] = value
			x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
			framework.ExpectError(p, p.G, x, "BadRequestException")
			if probe != "" {
				createdNothing(p, x, probe, "the rejected request")
			}
		})
	}
}

var (
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
				if p.Contract().Member("Email").Pattern.ECMA.MatchString(email) {
					p.Fatalf("the suite built %q to be refused, but the pattern matches it (a bug of the suite)", email)
				}
				b := validBody(p)
				b["Email"] = email
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
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
)

// wrongTypeCheck: a member of another JSON type than the page's is refused.
func wrongTypeCheck(c *gen.Contract) *framework.Check {
	var types []string
	for _, m := range c.Members {
		types = append(types, m.Name+" "+m.PageLine("Type"))
	}
	return framework.Define(must("CU-REQ-04", "request", "a member of the wrong JSON type is rejected with 400 and creates nothing",
		strings.Join(types, "; ")+"; "+refusal(c), c.Source),
		rejectsMember(func(p *framework.P) (string, any) {
			m := rapid.SampledFrom(p.Contract().Members).Draw(p.T, "member")
			return m.Name, m.WrongType().Draw(p.T, "wrong-typed "+m.Name)
		}))
}

// notObjectCheck: a body that is not a JSON object is refused.
func notObjectCheck(c *gen.Contract) *framework.Check {
	return framework.Define(must("CU-REQ-05", "request", "a body that is not a JSON object is rejected with 400",
		"\"The request accepts the following data in JSON format\": "+skeleton(c)+"; BadRequestException (400).", c.Source),
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
}

// skeleton is the request body as the page's Request Syntax shows it.
func skeleton(c *gen.Contract) string {
	var parts []string
	for _, m := range c.Members {
		parts = append(parts, fmt.Sprintf("%q: ...", m.Name))
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// bodyEdges are the bodies every member's absence makes valid: no body at
// all, the empty object, every optional member null (restJson1 reads
// null as absent). A run sends each once (they carry no tag).
var bodyEdges = []struct {
	class string
	body  func(c *gen.Contract) []byte
}{
	{"no body at all", func(*gen.Contract) []byte { return nil }},
	{"the empty object {}", func(*gen.Contract) []byte { return []byte(`{}`) }},
	{"every optional member null", func(c *gen.Contract) []byte {
		b := map[string]any{}
		for _, m := range c.Members {
			if !m.Required {
				b[m.Name] = nil
			}
		}
		return body(b)
	}},
}

// validCheck: valid input is accepted with 201: the bodies of bodyEdges
// (when no member is required), then random bodies of every member
// present, absent or null.
func validCheck(c *gen.Contract) *framework.Check {
	var required []string
	for _, m := range c.Members {
		if m.Required {
			required = append(required, m.Name)
		}
	}
	optional := len(required) == 0
	ch := framework.Define(must("CU-REQ-01", "request", "valid input is accepted with 201",
		requiredness(c)+`; "If the action is successful, the service sends back an HTTP 201 response."`+
			" With every member optional, no body, {} and all-null bodies are valid (restJson1 reads null as absent).", c.Source),
		func(t *framework.T) {
			if optional {
				for _, e := range bodyEdges {
					x := t.Send(framework.Request{Account: t.AccountID(), Body: e.body(t.Contract())})
					framework.ExpectStatus(t, t.G, x, 201, "a valid body ("+e.class+") was not accepted")
					t.Reached(e.class)
				}
			}
			t.Property(1, func(p *framework.P) {
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(validBody(p))})
				framework.ExpectStatus(p, p.G, x, 201, "valid input was not accepted")
			})
		})
	if optional {
		ch.Reserve = len(bodyEdges)
	}
	return ch
}

// requiredness is what the page says of the members' Required lines.
func requiredness(c *gen.Contract) string {
	var lines []string
	for _, m := range c.Members {
		lines = append(lines, m.Name+" "+m.PageLine("Required"))
	}
	return strings.Join(lines, "; ")
}
