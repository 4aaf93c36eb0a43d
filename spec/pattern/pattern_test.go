package pattern_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// The patterns of the CreateUser page and of the generated spec.
var pagePatterns = []string{
	`.+@.+\..+`,                             // Email
	`.*\S.*`,                                // accountId
	`^([^:#]*#)?(ConflictException)(:.*)?$`, // X-Amzn-ErrorType, as docgen writes it
	`^[a-z0-9-]+$`,                          // the made-up page's fleetId
}

// A corpus of what patterns on other pages use, and of the corners where
// dialects part: classes, anchors, escapes, Unicode, lookaround,
// backreferences (the backtracking engine), counts RE2 refuses.
var otherPatterns = []string{
	`^\s*$`, `\S`, `^\w+$`, `\W`, `^\d+$`, `\D`, `\bfoo\b`, `\Bo\B`, `a.c`, `^.$`, `^..$`, `.\n.`,
	`[^a]`, `[^\s]`, `[\s\S]`, `[^\n]+`, `^[\w.-]+@[\w-]+\.\w+$`, `^\S+$`, `[\d-]`, `[-a]`, `[a-]`,
	`\u00e9`, `\u{1F600}`, `[\u{1F600}-\u{1F64F}]`, `^[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t\n\r]*$`,
	`\uD83D\uDE00`, `^\uD800`, `[\uD800-\uDFFF]`, `\p{L}+`, `^\p{Lu}`, `\P{N}`, `\p{Script=Greek}`, `\p{gc=Nd}`,
	`[\p{L}\p{N}_]+`, `^\p{Zs}$`, `\p{Letter}`, `^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$`, `\p{Cn}`, `\p{C}`, `\p{Any}`,
	`(a|b)+c`, `a{2,3}`, `a{2}`, `a{2,}`, `x*?y`, `(?:ab)+`, `a|`, `^$`, `$^`, `(?:)`, `[]`, `[^]`, `^[^]*$`,
	`\cJ`, `\x41`, `\0`, `[\b]`, `\/`, `\f\v\t`, `^(?:\d{3}-)?\d{4}$`,
	`(?=a)a`, `(?!a).`, `(?<=@)\w+`, `(?<!\.)com`, `(a)\1`, `(?<x>.)\k<x>`, `\1(a)`, `(a)|\1b`,
	`(?:(a)|b)+\1`, `^(?!.*\.\.).+$`, `a{1001}`, `^(a+)+$`,
}

// Interesting code points: line terminators, NEL, spaces of every kind,
// word and non-word, ASCII and not, astral.
var interesting = []rune{'\n', '\r', 0x2028, 0x2029, 0x85, '\v', '\f', '\t', ' ', 0xA0, 0x1680, 0x2000, 0x200A,
	0x202F, 0x205F, 0x3000, 0xFEFF, 0x180E, 0x1C, 0, '@', '.', '-', '_', '#', ':', '/', 'a', 'b', 'c', 'o', 'x', 'y',
	'z', 'A', 'Z', '0', '9', 0xE9, 0x3B1, 0x3A9, 0x663, 0x1F600, 0x1D538, 0x378, 0xE000, 0xFFFD, 0x10FFFF}

var tokens = []string{"@", ".", "a@b.c", "foo", "ab", "aa", "com", "ConflictException", "x#", ":y", "123-", "4567"}

// input draws a string of interesting runes, random runes and tokens.
var input = rapid.Custom(func(t *rapid.T) string {
	var b strings.Builder
	for range rapid.IntRange(0, 8).Draw(t, "parts") {
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			b.WriteRune(rapid.SampledFrom(interesting).Draw(t, "rune"))
		case 1:
			b.WriteRune(rapid.Rune().Filter(assignedInGo).Draw(t, "any"))
		default:
			b.WriteString(rapid.SampledFrom(tokens).Draw(t, "token"))
		}
	}
	return b.String()
})

// assignedInGo: code points the Unicode versions of Go and V8 may disagree
// on (newly assigned ones) are drawn only from the interesting list.
func assignedInGo(r rune) bool {
	for name, table := range unicode.Categories {
		if len(name) == 2 && name != "Cn" && unicode.Is(table, r) {
			return true
		}
	}
	return false
}

func TestAgreesWithV8(t *testing.T) {
	node := startV8(t)
	for _, src := range append(append([]string{}, pagePatterns...), otherPatterns...) {
		t.Run(src, func(t *testing.T) {
			p, err := pattern.Compile(src)
			if err != nil {
				t.Fatal(err)
			}
			if _, msg := node.match(t, src); msg != "" {
				t.Fatalf("V8 refuses the corpus pattern: %s", msg)
			}
			fixed := []string{"", "a", strings.Repeat("a", 1001), strings.Repeat("a", 20) + "b", "a@b.c", "ab@exa\rmple.com"}
			want, _ := node.match(t, src, fixed...)
			for i, s := range fixed {
				if got := p.MatchString(s); got != want[i] {
					t.Errorf("%q on %q: got %v, V8 says %v", src, s, got, want[i])
				}
			}
			rapid.Check(t, func(rt *rapid.T) {
				s := input.Draw(rt, "s")
				want, _ := node.match(rt, src, s)
				if got := p.MatchString(s); got != want[0] {
					rt.Fatalf("%q on %q: got %v, V8 says %v", src, s, got, want[0])
				}
			})
		})
	}
}

// Patterns ECMA-262 (with the u flag) refuses are refused here too, with
// an error that says where.
func TestRefusesWhatV8Refuses(t *testing.T) {
	node := startV8(t)
	for _, src := range []string{`a{`, `\-`, `]`, `}`, `(?<a>x)(?<a>y)`, `\1`, `\k<b>(?<a>.)`, `[z-a]`, `\c1`, `(?i)a`,
		`a**`, `\u{110000}`, `\p{Foo}`, `(?=a)*`, `^*`, `[\d-z]`, `(`, `)`, `[a`, `\`, `a{3,2}`, `\00`, `\q`, `\p{Greek}`} {
		_, err := pattern.Compile(src)
		var se *pattern.SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: want a SyntaxError, got %v", src, err)
		}
		if _, msg := node.match(t, src); msg == "" {
			t.Errorf("%q: V8 accepts it, but the corpus says it is invalid", src)
		}
	}
}

// What is valid ECMA-262 but not represented here is refused as such,
// never read some other way.
func TestRefusesWhatItCannotRepresent(t *testing.T) {
	for _, src := range []string{`\p{Alphabetic}`, `\p{Script=Grek}`, `\p{scx=Greek}`} {
		if _, err := pattern.Compile(src); !errors.Is(err, pattern.ErrUnsupported) {
			t.Errorf("%q: want ErrUnsupported, got %v", src, err)
		}
	}
}

func TestRE2Translation(t *testing.T) {
	dot := `[^\n\r\x{2028}\x{2029}]`
	for src, want := range map[string]string{
		`.+@.+\..+`:     dot + `+@` + dot + `+\.` + dot + `+`,
		`^[a-z0-9-]+$`:  `^[\-0-9a-z]+$`,
		`\bfoo\b`:       `\bfoo\b`,
		`(a)\1`:         "",
		`(?<=a)b`:       "",
		`a{1001}`:       "",
		`\u{1F600}|\0`:  `(?:\x{1f600}|\x{0})`,
		`[\s\S]`:        `[\x{0}-\x{d7ff}\x{e000}-\x{10ffff}]`,
		`\S`:            `[^\t-\r\x{20}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]`,
		`x{2,}?|y{0,1}`: `(?:x{2,}?|y?)`,
	} {
		p := pattern.MustCompile(src)
		got, ok := p.RE2()
		if got != want || ok != (want != "") {
			t.Errorf("%q: RE2() = %q, %v; want %q", src, got, ok, want)
		}
		if p.String() != src {
			t.Errorf("String() = %q, want the source %q", p.String(), src)
		}
	}
}

// Where Go's regexp, reading a page pattern as it stands, and ECMA-262
// disagree: these are the inputs a Go service or suite gets wrong.
func TestWhereGoAndECMADisagree(t *testing.T) {
	cases := []struct {
		pattern, input string
		ecma, goRegexp bool
	}{
		{`.+@.+\..+`, "ab@exa\rmple.com", false, true},     // ECMA's . stops at \r; RE2's does not
		{`.+@.+\..+`, "ab@exa\u2028mple.com", false, true}, // ... and at U+2028, U+2029
		{`.+@.+\..+`, "x@\r~.#a", false, true},
		{`.*\S.*`, "\v", false, true},     // \v is white space to ECMA; RE2's \s lacks it
		{`.*\S.*`, "\u00a0", false, true}, // so are NBSP,
		{`.*\S.*`, "\ufeff", false, true}, // the BOM,
		{`.*\S.*`, "\u3000", false, true}, // every Zs space,
		{`.*\S.*`, "\u2028", false, true}, // and the line terminators
		{`^a.$`, "a\u2029", false, true},
		{`^\s$`, "\u205f", true, false},
		{`^\s+$`, "\u00a0\v", true, false},
		{`^.$`, "\u0085", true, true}, // NEL is no line terminator in ECMA-262: here they agree
	}
	node := startEngine(t, "V8", "node", "-e", v8Script)
	for _, c := range cases {
		if got := pattern.MustCompile(c.pattern).MatchString(c.input); got != c.ecma {
			t.Errorf("%q on %q: got %v, want %v", c.pattern, c.input, got, c.ecma)
		}
		if got := regexp.MustCompile(c.pattern).MatchString(c.input); got != c.goRegexp {
			t.Errorf("%q on %q: Go's regexp says %v, the table %v", c.pattern, c.input, got, c.goRegexp)
		}
		if node != nil {
			if want, _ := node.match(t, c.pattern, c.input); want[0] != c.ecma {
				t.Errorf("%q on %q: V8 says %v", c.pattern, c.input, want[0])
			}
		}
	}
}
