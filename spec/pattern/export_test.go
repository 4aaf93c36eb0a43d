package pattern

import "github.com/dlclark/regexp2/v2"

// Backtracking compiles source for the backtracking engine even when it
// has an RE2 translation, so tests can hold the two emitters against each
// other. The match reports false with ok false when the engine ran out of
// time.
func Backtracking(source string) (func(string) (match, ok bool), error) {
	tree, err := parse(source)
	if err != nil {
		return nil, err
	}
	re, err := regexp2.Compile(dialect{}.emit(tree), regexp2.ECMAScript|regexp2.Unicode)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = MatchTimeout
	return func(s string) (bool, bool) {
		m, err := re.MatchString(s)
		return m, err == nil
	}, nil
}
