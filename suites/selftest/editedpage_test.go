package selftest

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/spec/docgen"
	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// pageEdit is a change of the page as AWS pages change: a replacement of
// its text that must apply.
type pageEdit struct{ what, old, new string }

var pageEdits = []pageEdit{
	{"a new optional member with Valid Values (syntax)", `"UserType": "string" }`, `"UserType": "string", "Tier": "string" }`},
	{"a new optional member with Valid Values (block)", "Request Body\n\nThe request accepts the following data in JSON format.\n\n",
		"Request Body\n\nThe request accepts the following data in JSON format.\n\nTier\n\nThe user's tier.\n\nType: String\n\nValid Values: Basic | Pro | Enterprise\n\nRequired: No\n\n"},
	{"a Length Constraints line on Username", "The user name.\n\nType: String\n\n",
		"The user name.\n\nType: String\n\nLength Constraints: Minimum length of 1. Maximum length of 64.\n\n"},
	{"one more documented 400 error", "ConflictException\n\n",
		"InvalidParameterException\n\nA parameter is not valid.\n\nHTTP Status Code: 400\n\nConflictException\n\n"},
	{"UserType removed (syntax)", `, "UserType": "string", "Tier"`, `, "Tier"`},
	{"UserType removed (block)", "UserType\n\nThe user type.\n\nType: String\n\nValid Values: PrivateUser | SharedDevice\n\nRequired: No\n\n", ""},
}

// editedSpec applies the edits to a copy of the page in a temporary
// directory and generates its spec, as cmd/specgen does.
func editedSpec(t *testing.T) []byte {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("..", "..", "spec", "source", "CreateUser.txt"))
	if err != nil {
		t.Fatal(err)
	}
	page := strings.ReplaceAll(string(text), "\r\n", "\n")
	for _, e := range pageEdits {
		if !strings.Contains(page, e.old) {
			t.Fatalf("edit %q: the page has no %q", e.what, e.old)
		}
		page = strings.Replace(page, e.old, e.new, 1)
	}
	path := filepath.Join(t.TempDir(), "CreateUser.txt")
	if err := os.WriteFile(path, []byte(page), 0o600); err != nil {
		t.Fatal(err)
	}
	edited, _ := os.ReadFile(path)
	res, err := docgen.Generate(edited, docgen.Options{SourceFile: path, APIVersion: "2018-05-01"})
	if err != nil {
		t.Fatal(err)
	}
	yml, err := docgen.MarshalYAML(res.Doc)
	if err != nil {
		t.Fatal(err)
	}
	return yml
}

// The suite follows an edited page with no code change: the edits add
// and remove derived checks; the fake built on the edited spec is
// COMPATIBLE; an independent server that ignores the new rules fails
// exactly the checks derived from them.
func TestTheSuiteFollowsAnEditedPage(t *testing.T) {
	yml := editedSpec(t)
	ids := catalogueIDs(t, yml)
	for _, id := range []string{"CU-REQ-Tier-valid", "CU-REQ-Tier-enum", "CU-REQ-Username-minLength", "CU-REQ-Username-maxLength", "CU-REQ-02", "CU-REQ-07"} {
		if !slices.Contains(ids, id) {
			t.Errorf("the edited page's catalogue has no %s: %v", id, ids)
		}
	}
	for _, id := range []string{"CU-REQ-03", "CU-REQ-UserType-valid"} {
		if slices.Contains(ids, id) {
			t.Errorf("UserType is gone from the page, but %s is still in the catalogue", id)
		}
	}

	fake, err := conformance.Run(context.Background(), conformance.Config{Spec: yml, Examples: 20, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if fake.Verdict != report.Compatible {
		explain(t, fake)
		t.Fatalf("the fake of the edited page: %s, want COMPATIBLE", fake.Verdict)
	}
	if !slices.ContainsFunc(fake.Coverage, func(c report.Coverage) bool { return c.Exception == "InvalidParameterException" && c.Status == 400 }) {
		t.Errorf("the report's documented errors lack the new 400: %+v", fake.Coverage)
	}

	_, url := serveIndie(t, nil)
	rep, _ := runAgainst(t, url, func(c *conformance.Config) { c.Spec = yml; c.Examples = 20 })
	// Each new rule is caught by the check derived from it; the server
	// takes a Tier of any JSON type too (CU-REQ-04), and a refused Tier
	// as a valid create (CU-STATE-01's invalid input): nothing else fails.
	got := failed(rep)
	for _, id := range []string{"CU-REQ-Tier-enum", "CU-REQ-Username-maxLength", "CU-REQ-Username-minLength"} {
		if !slices.Contains(got, id) {
			t.Errorf("an independent server ignoring the new rules passes %s (fails %v)", id, got)
		}
	}
	for _, id := range got {
		if !slices.Contains([]string{"CU-REQ-Tier-enum", "CU-REQ-Username-maxLength", "CU-REQ-Username-minLength", "CU-REQ-04", "CU-STATE-01"}, id) {
			explain(t, rep)
			t.Errorf("%s fails, but rests on no new rule", id)
		}
	}
}

// catalogueIDs lists the check IDs a spec derives, from a run's report.
func catalogueIDs(t *testing.T, yml []byte) []string {
	t.Helper()
	rep, err := conformance.Run(context.Background(), conformance.Config{Spec: yml, Labels: "CU-REQ-07"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range rep.Checks {
		ids = append(ids, c.ID)
	}
	return ids
}
