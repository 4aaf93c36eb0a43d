package gen

import (
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"
)

// members are the spec's request members, and Username as an edited page
// bounds it (Length Constraints: 1 to 64), so the draws are shown to meet
// length bounds together with the rest.
func members() []Member {
	ms := TheContract().Members
	u := TheContract().Member("Username")
	u.Name, u.MinLength, u.MaxLength = "Username (1..64)", 1, 64
	e := TheContract().Member("Email")
	e.Name, e.MaxLength = "Email (..64)", 64
	return append(ms, u, e)
}

// Valid draws, realistic and letter-of-the-pattern, meet every constraint
// of their member with the run's tag in front; realistic ones hold no
// control character, letter ones do.
func TestValidDrawsMeetEveryConstraint(t *testing.T) {
	for _, m := range members() {
		reserves := []int{0}
		if strings.HasPrefix(m.Name, "Email") {
			reserves = append(reserves, EmailReserve)
		}
		for _, reserve := range reserves {
			rapid.Check(t, func(rt *rapid.T) {
				v := m.ValidWithin(reserve).Draw(rt, "v")
				if !m.Accepts(sampleTag(reserve)+v) || strings.ContainsFunc(v, unicode.IsControl) {
					rt.Fatalf("%s: realistic %q (reserve %d) breaks a constraint or holds a control character", m.Name, v, reserve)
				}
				if len(m.Enum) > 0 || len(m.Edges(reserve, Letter)) == 0 {
					return
				}
				l := m.ValidLetter(reserve).Draw(rt, "letter")
				if !m.Accepts(sampleTag(reserve)+l) || !strings.ContainsFunc(l, unicode.IsControl) {
					rt.Fatalf("%s: letter %q breaks a constraint or holds no control character", m.Name, l)
				}
			})
		}
	}
}

// Every edge is valid; the classes the issue names are there for the
// members they apply to.
func TestEdgesAreValidAndReachTheClasses(t *testing.T) {
	want := map[string][]string{
		"Email":            {"null", "plus tag", "quoted local part", "IDN (Unicode domain)", "punycode domain", "long: 256 characters (no maximum stated)", "long: 20000 characters (no maximum stated)", "every Unicode plane"},
		"Username":         {"null", "length 0", "length 1", "long: 65 characters (no maximum stated)", "every Unicode plane", "4-byte UTF-8 (emoji ZWJ sequence)"},
		"UserType":         {"null", "enum value PrivateUser", "enum value SharedDevice"},
		"Username (1..64)": {"length 1", "maximum length (64)", "maximum length (64) in 2-byte characters"},
	}
	for _, m := range members() {
		reserve := 0
		if strings.HasPrefix(m.Name, "Email") {
			reserve = EmailReserve
		}
		classes := map[string]bool{}
		for _, e := range m.Edges(reserve, Realistic) {
			if !e.Null && !m.Accepts(sampleTag(reserve)+e.Value) {
				t.Errorf("%s: edge %s %q is not valid", m.Name, e.Class, e.Value)
			}
			classes[e.Class] = true
		}
		for _, c := range want[m.Name] {
			if !classes[c] {
				t.Errorf("%s: no %q edge (have %v)", m.Name, c, classes)
			}
		}
	}
}

// Length violations break the bound and nothing else.
func TestLengthViolationsBreakOnlyTheBound(t *testing.T) {
	for _, m := range members() {
		if m.MinLength == 0 && !m.Bounded() {
			continue
		}
		reserve := 0
		if strings.HasPrefix(m.Name, "Email") {
			reserve = EmailReserve
		}
		loose := m
		loose.MinLength, loose.MaxLength = 0, -1
		under, over := m.LengthViolations(reserve)
		if len(over) == 0 {
			t.Errorf("%s: no value past its maximum", m.Name)
		}
		for _, e := range append(under, over...) {
			if v := sampleTag(reserve) + e.Value; m.Accepts(v) || !loose.Accepts(v) {
				t.Errorf("%s: %s %q does not break the bound alone", m.Name, e.Class, e.Value)
			}
		}
		for _, under := range []bool{true, false} {
			if under && m.MinLength == 0 {
				continue
			}
			rapid.Check(t, func(rt *rapid.T) {
				v := sampleTag(reserve) + m.OutOfLength(reserve, under).Draw(rt, "v")
				if m.Accepts(v) || !loose.Accepts(v) {
					rt.Fatalf("%s: %q does not break the bound alone", m.Name, v)
				}
			})
		}
	}
}
