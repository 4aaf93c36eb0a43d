package pattern_test

import (
	"regexp"
	"testing"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// Any pattern text compiles or is refused with a SyntaxError, never a
// panic; a compiled pattern answers any input; its RE2 translation, when
// there is one, is a valid Go regexp that agrees on every input with the
// same pattern emitted for the backtracking engine (two emitters, two
// engines: a class resolved wrongly in either shows).
func FuzzCompile(f *testing.F) {
	for _, src := range append(append([]string{}, pagePatterns...), otherPatterns...) {
		f.Add(src, "ab@exa\rmple.com")
	}
	f.Fuzz(func(t *testing.T, src, input string) {
		p, err := pattern.Compile(src)
		if err != nil {
			return
		}
		got := p.MatchString(input)
		if re2, ok := p.RE2(); ok {
			if regexp.MustCompile(re2).MatchString(input) != got {
				t.Fatalf("%q on %q: the RE2 translation %q disagrees", src, input, re2)
			}
			backtrack, err := pattern.Backtracking(src)
			if err != nil {
				t.Fatalf("%q: RE2 takes its translation %q, the backtracking engine refuses the same tree: %v", src, re2, err)
			}
			if want, ok := backtrack(input); ok && want != got {
				t.Fatalf("%q on %q: RE2 translation %q says %v, the backtracking engine %v", src, input, re2, got, want)
			}
		}
		if portable, ok := p.PortableRE2(); ok {
			regexp.MustCompile(portable)
		}
	})
}
