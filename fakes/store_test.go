package fakes

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Two Emails collide in an account exactly when strings.EqualFold says so.
func TestFoldKeyAgreesWithEqualFold(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		alphabet := rapid.SampledFrom([]rune("aAkKsSſıIİiß\u212a\u00b5\u03bc\u039c\u01c4\u01c5\u01c6e@."))
		a := rapid.StringOf(alphabet).Draw(t, "a")
		b := rapid.StringOf(alphabet).Draw(t, "b")
		if (foldKey(a) == foldKey(b)) != strings.EqualFold(a, b) {
			t.Fatalf("foldKey and EqualFold disagree on %q and %q", a, b)
		}
	})
}
