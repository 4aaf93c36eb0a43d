package spec_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/chime-conformance/createuser/spec"
	"github.com/chime-conformance/createuser/spec/docgen"
)

// The committed spec must be exactly what the committed page generates.
func TestEmbeddedSpecIsGenerated(t *testing.T) {
	text, err := os.ReadFile("source/CreateUser.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := docgen.Generate(text, docgen.Options{
		SourceFile: "spec/source/CreateUser.txt",
		SourceURL:  "https://docs.aws.amazon.com/chime/latest/APIReference/API_CreateUser.html",
		APIVersion: "2018-05-01",
	})
	if err != nil {
		t.Fatal(err)
	}
	yml, err := docgen.MarshalYAML(res.Doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(yml, spec.YAML) {
		t.Fatal("spec/createuser.openapi.yaml is stale: run go run ./cmd/specgen")
	}
}
