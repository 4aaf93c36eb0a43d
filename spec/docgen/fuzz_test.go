package docgen_test

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/chime-conformance/createuser/spec/docgen"
)

// Any text either parses or is refused with an error: never a panic.
// go test -fuzz FuzzParse ./spec/docgen explores further.
func FuzzParse(f *testing.F) {
	for _, p := range []string{"../source/CreateUser.txt", "testdata/CreateWidget.txt"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("Op - Svc\n\nRequest Syntax\n\nPOST /a/{b} HTTP/1.1 { \"x\": [ { \"y\": \"\\")
	f.Fuzz(func(t *testing.T, text string) {
		res, err := docgen.Generate([]byte(text), docgen.Options{})
		if err == nil {
			_, _ = docgen.MarshalYAML(res.Doc)
		}
	})
}

func FuzzParseNode(f *testing.F) {
	for _, s := range []string{`{"a": number, "b": [ "string" ]}`, `{"a":`, `"\`, `[1, {`, `{"a" "b"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { _, _ = docgen.ParseNode(s) })
}

// Thousands of small random edits of the real pages: each generates a
// spec or fails with an error, never a panic. Deterministic (seeded), so a
// failure here reproduces; the fuzz targets above explore beyond it.
func TestMutatedPagesNeverPanic(t *testing.T) {
	edits := []byte("{}[]\":, \n.|")
	for _, path := range []string{"../source/CreateUser.txt", "testdata/CreateWidget.txt"} {
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 400 {
			m := append([]byte(nil), page...)
			for range 1 + rng.IntN(4) {
				i := rng.IntN(len(m))
				switch rng.IntN(3) {
				case 0:
					m = append(m[:i], m[i+1:]...)
				case 1:
					m[i] = byte(rng.IntN(128))
				default:
					m = append(m[:i], append([]byte{edits[rng.IntN(len(edits))]}, m[i:]...)...)
				}
			}
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("panic on an edit of %s: %v\n%s", path, r, m)
					}
				}()
				if res, err := docgen.Generate(m, docgen.Options{}); err == nil {
					_, _ = docgen.MarshalYAML(res.Doc)
				}
			}()
		}
	}
}
