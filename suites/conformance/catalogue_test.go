package conformance_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// suites/conformance.yaml is the catalogue under version control: it must
// be what the code defines.
func TestCatalogueFileIsCurrent(t *testing.T) {
	have, err := os.ReadFile("../conformance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, fw.CatalogueYAML()) {
		t.Fatal("suites/conformance.yaml is stale: go run ./cmd/chime-conform -list > suites/conformance.yaml")
	}
}

func TestEveryCheckRestsOnAStatement(t *testing.T) {
	for _, c := range fw.Catalogue() {
		if c.Statement == "" || c.Source == "" || (c.Level != fw.MUST && c.Level != fw.SHOULD) || !strings.HasPrefix(c.ID, "CU-") {
			t.Errorf("%+v", c)
		}
	}
}
