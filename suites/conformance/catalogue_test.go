package conformance_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// suites/conformance.yaml is the catalogue under version control: it must
// be what the code defines.
func TestCatalogueFileIsCurrent(t *testing.T) {
	have, err := os.ReadFile("../conformance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, conformance.CatalogueYAML()) {
		t.Fatal("suites/conformance.yaml is stale: make conformance-list")
	}
}

func TestEveryCheckRestsOnAStatement(t *testing.T) {
	for _, c := range conformance.Catalogue() {
		if c.Statement == "" || c.Source == "" || (c.Level != report.MUST && c.Level != report.SHOULD) || !strings.HasPrefix(c.ID, "CU-") {
			t.Errorf("%+v", c.Check)
		}
		if (c.OptIn == "") != (c.Enabled == nil) {
			t.Errorf("%s: an opt-in check says how to enable it and has Enabled, and only an opt-in check", c.ID)
		}
	}
}
