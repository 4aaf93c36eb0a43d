// Package clip bounds strings that come from clients before the fake keeps
// or repeats them.
package clip

import (
	"strconv"
	"strings"
)

// String is s when it is at most n bytes long, else its first n bytes
// (valid UTF-8) and how long it was: "abc... (12345 bytes)". The result
// never shares s's memory, so keeping it does not keep s.
func String(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "... (" + strconv.Itoa(len(s)) + " bytes)"
}
