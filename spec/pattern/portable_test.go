package pattern_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// The measurement: of 2,000 Emails rapid draws from .+@.+\..+ read
// as Go reads it, how many ECMA-262 refuses (V8 confirms the count when
// node is installed). Those are the draws a suite built on Go's reading
// would wrongly call valid.
func TestGoReadingDrawsWhatECMARefuses(t *testing.T) {
	const src, draws = `.+@.+\..+`, 2000
	p := pattern.MustCompile(src)
	gen := rapid.StringMatching(src)
	var refused []string
	for i := range draws {
		if s := gen.Example(i); !p.MatchString(s) {
			refused = append(refused, s)
		}
	}
	t.Logf("ECMA-262 refuses %d of %d Emails drawn from %s as Go reads it (%.1f%%), e.g. %q",
		len(refused), draws, src, 100*float64(len(refused))/draws, refused[:min(3, len(refused))])
	if len(refused) == 0 {
		t.Fatal("no draw was refused: the dialects seem to agree, which they do not")
	}
	if node := startEngine(t, "V8", "node", "-e", v8Script); node != nil {
		answers, _ := node.match(t, src, refused...)
		for i, ok := range answers {
			if ok {
				t.Errorf("V8 matches %q, which this package refused", refused[i])
			}
		}
	}
}

// Draws from PortableRE2 match the pattern in ECMA-262 (here and in V8),
// and in Go's, Python's and Java's reading of the same text where each
// reads it alike: not where \u escapes (Python does not pair surrogate
// escapes) or \p classes (Java 17 knows Unicode 13, Go 1.26 Unicode 15)
// make it another pattern.
func TestPortableDrawsMatchEverywhere(t *testing.T) {
	engines := []*engine{startEngine(t, "V8", "node", "-e", v8Script), startPython(t), startJava(t)}
	for _, src := range append(append([]string{}, pagePatterns...), otherPatterns...) {
		p := pattern.MustCompile(src)
		portable, ok := p.PortableRE2()
		if !ok {
			continue
		}
		goRE, goErr := regexp.Compile(src)
		t.Run(src, func(t *testing.T) {
			readers := engines[:1] // V8 reads ECMA-262
			if strings.Contains(src, `\u`) || strings.Contains(src, `\p`) || strings.Contains(src, `\P`) {
				goErr = errors.New("not the same pattern to Go")
			} else {
				readers = engines
			}
			var reading []*engine
			for _, e := range readers {
				if _, msg := e.matchIfThere(t, src); e != nil && msg == "" {
					reading = append(reading, e) // the dialects that can read this text at all
				}
			}
			gen := rapid.StringMatching(portable)
			rapid.Check(t, func(rt *rapid.T) {
				s := gen.Draw(rt, "s")
				if !p.MatchString(s) {
					rt.Fatalf("ECMA-262 refuses %q", s)
				}
				if goErr == nil && !goRE.MatchString(s) {
					rt.Fatalf("Go's regexp refuses %q", s)
				}
				for _, e := range reading {
					if got, _ := e.match(rt, src, s); !got[0] {
						rt.Fatalf("%s refuses %q", e.name, s)
					}
				}
			})
		})
	}
}

func (e *engine) matchIfThere(t fataler, source string) ([]bool, string) {
	if e == nil {
		return nil, "absent"
	}
	return e.match(t, source)
}

// The Email pattern's portable draws: 2,000 of them, none with a code point
// that ends a line in some dialect, and still reaching beyond ASCII.
func TestPortableEmailDraws(t *testing.T) {
	p := pattern.MustCompile(`.+@.+\..+`)
	portable, ok := p.PortableRE2()
	if !ok {
		t.Fatal("the Email pattern has a portable form")
	}
	gen := rapid.StringMatching(portable)
	nonASCII := 0
	for i := range 2000 {
		s := gen.Example(i)
		if i := strings.IndexAny(s, "\n\r\u0085\u2028\u2029"); i >= 0 {
			t.Fatalf("draw %q holds the line terminator %U", s, []rune(s[i:])[0])
		}
		if strings.IndexFunc(s, func(r rune) bool { return r > 0x7F }) >= 0 {
			nonASCII++
		}
	}
	if nonASCII == 0 {
		t.Error("no draw holds a non-ASCII code point: the portable form narrowed too much")
	}
}

func TestNoPortableForm(t *testing.T) {
	for _, src := range []string{`\bfoo`, `a\B`, `(a)\1`, `(?=a)`, `a{1001}`} {
		if got, ok := pattern.MustCompile(src).PortableRE2(); ok {
			t.Errorf("%q: PortableRE2() = %q, want none", src, got)
		}
	}
	// \s narrowed to the white space every dialect agrees on is still a form.
	if got, _ := pattern.MustCompile(`\s`).PortableRE2(); got != `[\t\f\x{20}]` {
		t.Errorf("PortableRE2() of \\s = %q", got)
	}
}
