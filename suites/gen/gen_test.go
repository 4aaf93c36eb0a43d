package gen

import (
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// Valid draws mean the same to every regex dialect: ECMA-262 (the
// contract) and Go's reading of the page's text both match them, and they
// hold no line terminator of any dialect (\n, \r, NEL, U+2028, U+2029).
func TestValidDrawsMatchInEveryDialect(t *testing.T) {
	for _, m := range TheContract().Members {
		if m.Pattern == nil {
			continue
		}
		rapid.Check(t, func(rt *rapid.T) {
			v := m.Valid().Draw(rt, m.Name)
			if !m.Pattern.ECMA.MatchString(v) || !m.Pattern.GoRE.MatchString(v) || strings.ContainsAny(v, "\n\r\u0085\u2028\u2029") {
				rt.Fatalf("valid %s %q: ECMA %v, Go %v", m.Name, v, m.Pattern.ECMA.MatchString(v), m.Pattern.GoRE.MatchString(v))
			}
		})
	}
}

// Invalid draws are refused by every dialect, line feeds included where
// they break a valid value.
func TestInvalidDrawsAreRefusedByEveryDialect(t *testing.T) {
	email := TheContract().Member("Email")
	lineFeeds := 0
	rapid.Check(t, func(rt *rapid.T) {
		v := email.Invalid().Draw(rt, "bad Email")
		if email.Pattern.ECMA.MatchString(v) || email.Pattern.GoRE.MatchString(v) || strings.ContainsFunc(v, disputedBeyondNewline) {
			rt.Fatalf("invalid Email %q is matched by some dialect", v)
		}
		if strings.Contains(v, "\n") && strings.Contains(v, "@") {
			lineFeeds++
		}
	})
	if lineFeeds == 0 {
		t.Error("no invalid Email was a valid one broken by a line feed")
	}
	c := TheContract()
	rapid.Check(t, func(rt *rapid.T) {
		v := c.InvalidAccount().Draw(rt, "accountId")
		if v == "" || c.AccountPattern.ECMA.MatchString(v) || c.AccountPattern.GoRE.MatchString(v) {
			rt.Fatalf("invalid accountId %q", v)
		}
	})
}

// The inputs the generators stay clear of: dialects disagree on them, so a
// check built on either reading would fail a faithful service.
func TestTheDisagreeingInputs(t *testing.T) {
	p := TheContract().Member("Email").Pattern
	for _, v := range []string{"x@\r~.#a", "ab@exa\rmple.com", "ab@exa\u2028mple.com", "ab@exa\u2029mple.com"} {
		if p.ECMA.MatchString(v) || !p.GoRE.MatchString(v) {
			t.Errorf("%q: ECMA-262 should refuse it and Go's reading accept it", v)
		}
		if !strings.ContainsFunc(v, pattern.Disputed) {
			t.Errorf("%q holds no disputed character", v)
		}
	}
	// NEL is no line terminator to ECMA-262 or Go, but one to Java's "."
	if v := "ab@exa\u0085mple.com"; !p.ECMA.MatchString(v) || !pattern.Disputed('\u0085') {
		t.Errorf("%q: ECMA-262 matches it, and the generators avoid it", v)
	}
}
