// Package selftest proves the conformance checks by mutation: the suite
// runs against the fake with each of its contract faults switched on, one
// at a time. Every fault must be caught by at least one MUST check, and the
// unfaulted fake must pass.
package selftest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
	fw "github.com/chime-conformance/createuser/suites/framework"
)

// conform builds cmd/chime-conform once.
func conform(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chime-conform")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/chime-conform")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runAgainst runs the suite against the embedded fake with the given rules
// and returns its report.
func runAgainst(t *testing.T, bin, rules string) (fw.Report, int) {
	t.Helper()
	dir := t.TempDir()
	args := []string{"-out", dir, "-quiet", "-examples", "50"}
	if rules != "" {
		args = append(args, "-fake-rules", rules)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "CHIME_ENDPOINT=") // always the embedded fake
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatalf("no report (exit %d): %v\n%s", code, err, out)
	}
	var r fw.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r, code
}

func failedMUSTs(r fw.Report) []string {
	var ids []string
	for _, c := range r.Checks {
		if c.Result == fw.Fail && c.Level == fw.MUST {
			ids = append(ids, c.ID)
		}
	}
	return ids
}

func TestEveryContractFaultIsCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("the mutation self-test runs the suite once per fault")
	}
	bin := conform(t)

	base, code := runAgainst(t, bin, "")
	if code != 0 || !base.Compatible || len(failedMUSTs(base)) > 0 {
		t.Fatalf("the unfaulted fake must pass: exit %d, failed %v", code, failedMUSTs(base))
	}

	var table strings.Builder
	table.WriteString("| contract fault | MUST checks that caught it |\n|---|---|\n")
	caught := 0
	var faults []fakes.FaultType
	for _, ft := range fakes.FaultTypes() {
		if ft.Category == "contract" {
			faults = append(faults, ft)
		}
	}
	if len(faults) < 12 {
		t.Fatalf("%d contract faults; the fake promises at least 12", len(faults))
	}
	for _, ft := range faults {
		r, code := runAgainst(t, bin, `{"action":`+ft.Example+`}`)
		ids := failedMUSTs(r)
		slices.Sort(ids)
		fmt.Fprintf(&table, "| `%s` | %s |\n", ft.Example, strings.Join(ids, ", "))
		switch {
		case len(ids) == 0:
			t.Errorf("contract fault %s was not caught by any MUST check", ft.Example)
		case code != 1 || r.Compatible:
			t.Errorf("contract fault %s: exit %d, compatible=%v; want 1 and false", ft.Example, code, r.Compatible)
		default:
			caught++
		}
	}
	t.Logf("mutation self-test: %d of %d contract faults caught; the unfaulted fake passes %d checks\n%s",
		caught, len(faults), base.Counts[fw.Pass], table.String())
}
