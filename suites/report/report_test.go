package report

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func result(id string, level Level, optIn string, r Result) CheckResult {
	return CheckResult{Check: Check{ID: id, Level: level, OptIn: optIn, Title: id}, Result: r}
}

func leftOut(id string) CheckResult {
	c := result(id, MUST, "", NotRun)
	c.Reason = NotSelected
	return c
}

func TestVerdicts(t *testing.T) {
	cases := []struct {
		name   string
		checks []CheckResult
		setup  string
		want   Verdict
		code   int
		reason string
	}{
		{"every default MUST passed", []CheckResult{result("A", MUST, "", Pass), result("B", SHOULD, "", Warn), result("O", MUST, "opt-in", Skipped)},
			"", Compatible, 0, "all 1 MUST checks"},
		{"a MUST failed", []CheckResult{result("A", MUST, "", Fail), result("B", MUST, "", Inconclusive)}, "", Incompatible, 1, "A"},
		{"an opt-in MUST that ran and failed", []CheckResult{result("A", MUST, "", Pass), result("O", MUST, "x", Fail)}, "", Incompatible, 1, "O"},
		{"a MUST skipped for budget", []CheckResult{result("A", MUST, "", Pass), result("B", MUST, "", Inconclusive)}, "", Incomplete, 3, "B inconclusive"},
		{"a filtered run that passed", []CheckResult{result("A", MUST, "", Pass), result("B", MUST, "", NotRun)}, "", Incomplete, 3, "B not run"},
		{"opt-in checks that ran are said", []CheckResult{result("A", MUST, "", Pass), result("O", MUST, "opt-in", Pass)}, "", Compatible, 0, "and 1 opt-in check too"},
		{"checks a filter left out are one item", []CheckResult{result("A", MUST, "", Pass), leftOut("B"), leftOut("C")}, "", Incomplete, 3, "2 checks of the default selection did not pass: 2 left out by the label filter"},
		{"a SHOULD failure is no failure", []CheckResult{result("A", MUST, "", Pass), result("S", SHOULD, "", Warn)}, "", Compatible, 0, ""},
		{"an opt-in not provoked proves nothing and costs nothing", []CheckResult{result("A", MUST, "", Pass), result("O", MUST, "x", Inconclusive)}, "", Compatible, 0, ""},
		{"the run could not be made", []CheckResult{result("A", MUST, "", NotRun)}, "unreachable", NotChecked, 2, "unreachable"},
	}
	for _, c := range cases {
		r := Report{Checks: c.checks, SetupError: c.setup}
		r.Decide()
		if r.Verdict != c.want || r.Verdict.ExitCode() != c.code || !strings.Contains(r.VerdictReason, c.reason) {
			t.Errorf("%s: %s (%d) %q; want %s (%d) with %q", c.name, r.Verdict, r.Verdict.ExitCode(), r.VerdictReason, c.want, c.code, c.reason)
		}
		if first, _, _ := strings.Cut(r.Markdown(), "\n"); !strings.HasPrefix(first, "**"+string(r.Verdict)+"**: ") {
			t.Errorf("%s: the Markdown's first line is %q", c.name, first)
		}
	}
}

func TestFilesAreWrittenAndWellFormed(t *testing.T) {
	r := Report{Checks: []CheckResult{result("A", MUST, "", Pass), result("B", MUST, "", Fail), result("C", MUST, "", Inconclusive)}}
	r.Checks[1].Evidence = "want 201 <got> 200 & more"
	r.Decide()
	dir := t.TempDir()
	if err := r.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	junit, err := os.ReadFile(filepath.Join(dir, FileJUnit))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
	}
	// The verdict's case and B fail; C, a MUST inconclusive, is an error.
	if err := xml.Unmarshal(junit, &doc); err != nil || doc.Tests != 4 || doc.Failures != 2 || doc.Errors != 1 || doc.Skipped != 0 {
		t.Fatalf("junit: %+v %v\n%s", doc, err, junit)
	}
	for _, name := range []string{FileMarkdown, FileJSON, FileHAR} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}
