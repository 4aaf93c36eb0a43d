package pattern

import (
	"regexp"
	"strings"
	"testing"

	"github.com/dlclark/regexp2/v2"
)

// What the translation buys: the Email pattern read by Go's regexp as
// written (the wrong dialect, for scale), by its RE2 translation (what
// Compile uses), and by the backtracking engine (what Compile would use
// without a translation), on a typical Email and on 1,000 dots then 1,000 @s (no match:
// the backtracking engine tries every split). Compare the ratios.
func BenchmarkEmailPattern(b *testing.B) {
	const src = `.+@.+\..+`
	inputs := map[string]string{"typical": "jane.doe+conformance@subdomain.example.com", "no-match-2000": strings.Repeat(".", 1000) + strings.Repeat("@", 1000)}
	tree, err := parse(src)
	if err != nil {
		b.Fatal(err)
	}
	goRegexp := regexp.MustCompile(src)
	translated := regexp.MustCompile(dialect{re2: true}.emit(tree))
	backtracking := regexp2.MustCompile(dialect{}.emit(tree), regexp2.ECMAScript|regexp2.Unicode)
	for name, match := range map[string]func(string) bool{
		"go-regexp-as-written": goRegexp.MatchString,
		"re2-translation":      translated.MatchString,
		"regexp2-ecmascript": func(s string) bool {
			ok, err := backtracking.MatchString(s)
			return ok && err == nil
		},
	} {
		for input, s := range inputs {
			b.Run(name+"/"+input, func(b *testing.B) {
				for b.Loop() {
					if match(s) != (input == "typical") {
						b.Fatal("wrong answer")
					}
				}
			})
		}
	}
}
