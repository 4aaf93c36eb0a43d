package report

import (
	"encoding/xml"
	"strings"
	"testing"
)

type parsedCase struct {
	Name    string    `xml:"name,attr"`
	Failure *struct{} `xml:"failure"`
	Error   *struct {
		Type string `xml:"type,attr"`
	} `xml:"error"`
	Skipped *struct{} `xml:"skipped"`
}

func parseJUnit(t *testing.T, r Report) (cases []parsedCase, failures, errs int) {
	t.Helper()
	b, err := r.JUnit()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Cases []parsedCase `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil || len(doc.Suites) != 1 {
		t.Fatalf("%v\n%s", err, b)
	}
	return doc.Suites[0].Cases, doc.Failures, doc.Errors
}

// The verdict is a test case of its own, first: a JUnit viewer shows a
// run that exits non-zero as failed or errored, never green.
func TestTheVerdictIsATestCase(t *testing.T) {
	cases := []struct {
		name    string
		checks  []CheckResult
		setup   string
		failure bool
		err     bool
	}{
		{"COMPATIBLE passes", []CheckResult{result("A", MUST, "", Pass)}, "", false, false},
		{"INCOMPATIBLE fails", []CheckResult{result("A", MUST, "", Fail)}, "", true, false},
		{"INCOMPLETE errs", []CheckResult{result("A", MUST, "", Pass), result("B", MUST, "", NotRun)}, "", false, true},
		{"NOT CHECKED errs", []CheckResult{result("A", MUST, "", NotRun)}, "no credentials", false, true},
	}
	for _, c := range cases {
		r := Report{Checks: c.checks, SetupError: c.setup}
		r.Decide()
		got, _, _ := parseJUnit(t, r)
		v := got[0]
		if !strings.HasPrefix(v.Name, "[VERDICT] "+string(r.Verdict)) || (v.Failure != nil) != c.failure || (v.Error != nil) != c.err {
			t.Errorf("%s: the verdict's case is %+v", c.name, v)
		}
	}
}

// An inconclusive MUST check is an error (it keeps the run from
// COMPATIBLE); an inconclusive SHOULD check does not, and is skipped.
func TestAnInconclusiveMUSTIsAnError(t *testing.T) {
	r := Report{Checks: []CheckResult{result("A", MUST, "", Pass), result("B", MUST, "", Inconclusive), result("S", SHOULD, "", Inconclusive)}}
	r.Decide()
	got, failures, errs := parseJUnit(t, r)
	if failures != 0 || errs != 2 { // the verdict (INCOMPLETE) and B
		t.Fatalf("failures %d, errors %d", failures, errs)
	}
	if got[2].Error == nil || got[2].Error.Type != "inconclusive" || got[3].Skipped == nil {
		t.Fatalf("B %+v, S %+v", got[2], got[3])
	}
}

// A declared profile is in the verdict wherever it is printed, and the
// checks it exempts do not keep the run from COMPATIBLE.
func TestAProfileIsInTheVerdict(t *testing.T) {
	na := result("CU-AUTH-01", MUST, "", Skipped)
	na.NotApplicableIn, na.Reason = []string{"gw"}, NotApplicable("gw")
	r := Report{Profile: "gw", ProfileExempts: "CU-AUTH-*", Checks: []CheckResult{result("A", MUST, "", Pass), na}}
	r.Decide()
	want := "COMPATIBLE, profile gw: CU-AUTH-* not applicable"
	if r.Verdict != Compatible || r.Headline() != want || !strings.Contains(r.VerdictReason, "all 1 MUST checks") {
		t.Fatalf("%s: %s", r.Headline(), r.VerdictReason)
	}
	if !strings.HasPrefix(r.Markdown(), "**"+want+"**") {
		t.Errorf("markdown: %.120s", r.Markdown())
	}
	if got, _, _ := parseJUnit(t, r); got[0].Name != "[VERDICT] "+want {
		t.Errorf("junit: %q", got[0].Name)
	}
	// Without the profile, the same results are INCOMPLETE.
	r.Profile = ""
	if r.Decide(); r.Verdict != Incomplete {
		t.Errorf("without the profile: %s", r.Verdict)
	}
}

// A report of a run not made draws no seed, and prints none.
func TestNoSeedZero(t *testing.T) {
	r := Report{Checks: []CheckResult{result("A", MUST, "", NotRun)}, SetupError: "x"}
	r.Decide()
	if strings.Contains(r.Markdown(), "seed 0") {
		t.Fatal(r.Markdown())
	}
}
