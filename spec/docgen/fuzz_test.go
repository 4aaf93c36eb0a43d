package docgen_test

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec"
	"github.com/chime-conformance/createuser/spec/docgen"
)

// The committed pages: the fuzzers start from them.
var seedPages = []string{seedPage, "testdata/CreateWidget.txt"}

// addSeeds reads the pages once, outside the fuzz loop. The corpora under
// testdata/fuzz add what fuzzing found; all of it runs in plain go test.
func addSeeds(f *testing.F, extra ...string) {
	for _, p := range seedPages {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range extra {
		f.Add(s)
	}
}

// Any text either parses into a page and an OpenAPI model or is refused
// with an error: never a panic, never a hang. The fast target (no YAML, no
// kin-openapi validation: those cost 20 times the parse); FuzzGenerate
// checks the whole property.
//
// Fuzz it with a bounded minimization (make fuzz does):
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzzminimizetime 100x ./spec/docgen
//
// By default each new input fuzzing finds is minimized for up to 60 s, and
// a page is kilobytes long: that, not the parser, kept fuzzing at about
// five executions in 45 s.
func FuzzParse(f *testing.F) {
	addSeeds(f, "Op - Svc\n\nRequest Syntax\n\nPOST /a/{b} HTTP/1.1 { \"x\": [ { \"y\": \"\\")
	f.Fuzz(func(t *testing.T, text string) {
		page, err := docgen.Parse(text)
		if err != nil {
			return
		}
		res, err := docgen.Build(page, docgen.Options{}, "")
		if err == nil && (res == nil || res.Doc == nil) {
			t.Fatal("Build returned neither a document nor an error")
		}
	})
}

// Any text is refused with an error or yields a spec that kin-openapi
// loads and validates (examples against schemas, patterns as ECMA-262),
// in the YAML form specgen writes. Slower than FuzzParse: about 10 ms an
// execution, most of it YAML.
func FuzzGenerate(f *testing.F) {
	addSeeds(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text string) {
		res, err := docgen.Generate([]byte(text), docgen.Options{})
		if err != nil {
			return
		}
		yml, err := docgen.MarshalYAML(res.Doc)
		if err != nil {
			t.Fatalf("the generated document does not render as YAML: %v", err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(yml)
		if err != nil {
			t.Fatalf("kin-openapi cannot load the generated spec: %v\n%s", err, yml)
		}
		if err := spec.ValidateDocument(ctx, doc); err != nil {
			t.Fatalf("kin-openapi rejects the generated spec: %v\n%s", err, yml)
		}
	})
}

func FuzzParseNode(f *testing.F) {
	for _, s := range []string{`{"a": number, "b": [ "string" ]}`, `{"a":`, `"\`, `[1, {`, `{"a" "b"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := docgen.ParseNode(s)
		if err == nil && n == nil {
			t.Fatal("ParseNode returned neither a node nor an error")
		}
	})
}

// Thousands of small random edits of the real pages: each generates a
// spec or fails with an error, never a panic. Deterministic (seeded), so a
// failure here reproduces; the fuzz targets above explore beyond it.
func TestMutatedPagesNeverPanic(t *testing.T) {
	edits := []byte("{}[]\":, \n.|")
	for _, path := range seedPages {
		page, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 150 {
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
