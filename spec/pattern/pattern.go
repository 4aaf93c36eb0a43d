// Package pattern applies regular expressions the way JSON Schema, OpenAPI
// and Smithy define them: ECMA-262 syntax and semantics (with the u flag:
// code points, \u{...}, \p{...}), unanchored.
//
// Go's regexp (RE2) reads the same text differently: its . matches \r,
// U+2028 and U+2029, which ECMA-262's does not; its \s lacks \v, NBSP,
// U+FEFF and the Unicode space separators. So a pattern is parsed here
// and every class is resolved to explicit code points, then written back
// as RE2 when the pattern is regular (fast, linear time), or handed to a
// backtracking engine (regexp2 in ECMAScript mode) when it uses
// lookaround or backreferences. What cannot be represented is refused with
// an error, never guessed.
package pattern

import (
	"fmt"
	"regexp"
	"time"

	"github.com/dlclark/regexp2/v2"
)

// MatchTimeout bounds one match of the backtracking engine; a match that
// runs out of time counts as no match. RE2 needs no bound: it runs in
// linear time.
const MatchTimeout = 250 * time.Millisecond

// Pattern is a compiled ECMA-262 pattern.
type Pattern struct {
	source   string
	re2      string // the RE2 translation, "" when there is none
	portable string // the portable RE2, "" when there is none
	match    func(string) bool
}

// Compile parses an ECMA-262 pattern (u flag, no other flags) and compiles
// it for unanchored matching.
func Compile(source string) (*Pattern, error) {
	tree, err := parse(source)
	if err != nil {
		return nil, err
	}
	p := &Pattern{source: source}
	if tree.regular() {
		if re, err := regexp.Compile(dialect{re2: true}.emit(tree)); err == nil {
			p.re2, p.match = re.String(), re.MatchString
			p.portable = portable(tree)
			return p, nil
		}
		// RE2 refuses some regular patterns (a repeat count above 1000):
		// the backtracking engine takes them.
	}
	ecma := dialect{}.emit(tree)
	re, err := regexp2.Compile(ecma, regexp2.ECMAScript|regexp2.Unicode)
	if err != nil {
		return nil, &SyntaxError{Pattern: source, Err: fmt.Errorf("%w: the backtracking engine refuses %q: %v", ErrUnsupported, ecma, err)}
	}
	re.MatchTimeout = MatchTimeout
	p.match = func(s string) bool {
		ok, err := re.MatchString(s)
		return ok && err == nil
	}
	return p, nil
}

// MustCompile is Compile for patterns known to be valid.
func MustCompile(source string) *Pattern {
	p, err := Compile(source)
	if err != nil {
		panic(err)
	}
	return p
}

// MatchString reports whether s contains a match (the pattern is not
// anchored: JSON Schema applies it anywhere in the string).
func (p *Pattern) MatchString(s string) bool { return p.match(s) }

// String returns the pattern as written (on the page).
func (p *Pattern) String() string { return p.source }

// RE2 returns an RE2 pattern (Go's regexp syntax) that matches exactly the
// strings this pattern matches, and false when there is none (lookaround,
// backreferences, repeat counts RE2 refuses).
func (p *Pattern) RE2() (string, bool) { return p.re2, p.re2 != "" }
