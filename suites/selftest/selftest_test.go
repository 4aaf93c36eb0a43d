// Package selftest proves the conformance checks both ways. By mutation:
// the suite runs against the fake with each of its contract faults switched
// on, one at a time, and every fault must be caught by at least one MUST
// check. By tolerance: the fake made to fill the page's gaps differently
// (decorated error names, absent or null or extra members, AWS front-door
// auth errors) must still pass, as must the unfaulted fake.
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
	"github.com/chime-conformance/createuser/fakes/faults"
	fw "github.com/chime-conformance/createuser/suites/framework"
)

// conform builds cmd/chime-conform once. The self-test proves the suite
// against the fake; it is not for a run checking CHIME_ENDPOINT.
func conform(t *testing.T) string {
	t.Helper()
	if os.Getenv("CHIME_ENDPOINT") != "" {
		t.Skip("CHIME_ENDPOINT is set: the self-test runs against the embedded fake only")
	}
	bin := filepath.Join(t.TempDir(), "chime-conform")
	cmd := exec.Command("go", "build", "-o", bin, "../../cmd/chime-conform")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runAgainst runs the suite against the embedded fake with the given rules
// and returns its report.
func runAgainst(t *testing.T, bin, rules string, extra ...string) (fw.Report, int) {
	t.Helper()
	dir := t.TempDir()
	args := append([]string{"-out", dir, "-quiet", "-examples", "50"}, extra...)
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
	for _, leak := range []string{fakes.DefaultCredential.SecretAccessKey, "Signature="} {
		if strings.Contains(string(out), leak) || strings.Contains(reportFiles(t, dir), leak) {
			t.Errorf("%q appears in the output or the reports of the run with %s", leak, rules)
		}
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

func TestValidVariationsPass(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite once per variation")
	}
	bin := conform(t)
	frontDoor := filepath.Join(t.TempDir(), "front-door.yaml")
	if err := os.WriteFile(frontDoor, []byte("authErrors: front-door\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	variations := []struct{ name, rules, config string }{
		{"error names with a :uri suffix", `{"action":{"type":"decorate-error-type","style":"suffix"}}`, ""},
		{"error names with a namespace# prefix", `{"action":{"type":"decorate-error-type","style":"namespace"}}`, ""},
		{"an optional member absent, not null", `{"action":{"type":"drop-member","member":"User.DisplayName"}}`, ""},
		{"an optional member null", `{"action":{"type":"null-member","member":"User.LicenseType"}}`, ""},
		{"an undocumented extra member", `{"action":{"type":"set-member","member":"User.Extra","value":{"a":[1]}}}`, ""},
		{"another registration status", `{"action":{"type":"set-member","member":"User.UserRegistrationStatus","value":"Unregistered"}}`, ""},
		{"AWS front-door auth errors (403)", "", frontDoor},
		{"a target that throttles (429s are waited out, not failures)", `{"action":{"type":"throttle","rate":400,"burst":20}}`, ""},
	}
	for _, v := range variations {
		var extra []string
		if v.config != "" {
			extra = []string{"-fake-config", v.config}
		}
		r, code := runAgainst(t, bin, v.rules, extra...)
		if code != 0 || !r.Compatible {
			t.Errorf("%s: a valid implementation was failed: exit %d, MUST failures %v", v.name, code, failedMUSTs(r))
			for _, c := range r.Checks {
				if c.Result == fw.Fail {
					t.Logf("%s: %s", c.ID, c.Evidence)
				}
			}
		}
	}
}

// reportFiles returns the text of every report file of a run.
func reportFiles(t *testing.T, dir string) string {
	t.Helper()
	var all strings.Builder
	for _, name := range []string{"report.md", "report.json", "junit.xml"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
	}
	return all.String()
}

func TestAgainstAnEndpointWithBudgetAndNoSecretsInOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite")
	}
	bin := conform(t)
	const secret = "s3cr3t-for-the-selftest-only/ABCDEFGHIJ"
	const token = "session-token-for-the-selftest"
	srv, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthVerify, Accounts: []string{"acct-under-test"},
		Credentials: []fakes.Credential{{AccessKeyID: "AKIDSELFTEST", SecretAccessKey: secret, SessionToken: token}},
		// a broken target, so that the report carries failure evidence
		Rules: []faults.Rule{mustRule(t, `{"action":{"type":"wrong-status","status":200}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	dir := t.TempDir()
	cmd := exec.Command(bin, "-out", dir, "-max-creates", "60")
	cmd.Env = append(os.Environ(), "CHIME_ENDPOINT="+srv.URL(), "CHIME_ACCOUNT_ID=acct-under-test",
		"AWS_ACCESS_KEY_ID=AKIDSELFTEST", "AWS_SECRET_ACCESS_KEY="+secret, "AWS_SESSION_TOKEN="+token,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_REGION=eu-west-1")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("want exit 1 (a MUST failed), got %v\n%s", err, out)
	}
	files := reportFiles(t, dir)
	for _, leak := range []string{secret, token, "Signature="} {
		if strings.Contains(string(out), leak) || strings.Contains(files, leak) {
			t.Errorf("%q appears in the output or the reports", leak)
		}
	}
	var r fw.Report
	b, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Stats.Creates > 60 || r.Stats.Creates == 0 {
		t.Errorf("%d requests that may create, with a budget of 60", r.Stats.Creates)
	}
	// What the target saw: signed requests to the account (the unsigned and
	// wrongly signed ones were refused with 401 and cannot create).
	mayCreate := 0
	for _, e := range srv.Journal(fakes.Filter{Account: "acct-under-test"}) {
		if e.Status != 401 {
			mayCreate++
		}
	}
	if mayCreate > 60 {
		t.Errorf("the target received %d requests that could create, with a budget of 60", mayCreate)
	}
	results := map[string]fw.CheckResult{}
	for _, c := range r.Checks {
		results[c.ID] = c
	}
	if c := results["CU-ERR-500"]; c.Result != fw.Skipped || !strings.Contains(c.Reason, "not provokable") {
		t.Errorf("CU-ERR-500 against an endpoint: %s %q", c.Result, c.Reason)
	}
	if c := results["CU-REQ-01"]; c.Result != fw.Fail || !strings.Contains(c.Evidence, "reproduce: curl") || !strings.Contains(c.Evidence, "rapid.seed=") {
		t.Errorf("CU-REQ-01 should fail with a curl and a seed: %s\n%s", c.Result, c.Evidence)
	}
	if !strings.Contains(files, "eu-west-1") {
		t.Error("the report should name the region signed for")
	}
}

func mustRule(t *testing.T, js string) faults.Rule {
	t.Helper()
	r, err := faults.ParseRule(js)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAnUnreachableEndpointIsARunNotMade(t *testing.T) {
	bin := conform(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "-out", dir, "-quiet")
	cmd.Env = append(os.Environ(), "CHIME_ENDPOINT=http://127.0.0.1:1", "CHIME_ACCOUNT_ID=x",
		"AWS_ACCESS_KEY_ID=AKIDX", "AWS_SECRET_ACCESS_KEY=secret-x", "AWS_CONFIG_FILE=/dev/null")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Fatalf("want exit 2, got %v\n%s", err, out)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.Contains(string(md), "NOT CHECKED") || !strings.Contains(string(md), "does not answer") {
		t.Fatalf("report:\n%s", md)
	}
}
