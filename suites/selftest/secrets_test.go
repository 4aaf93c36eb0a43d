package selftest

import (
	"os/exec"
	"strings"
	"testing"
)

// No output of a run carries a secret: not chime-conform's stdout and
// stderr, not `go test`'s, not a report file or the HAR, not the SDK
// checks' failure messages, with temporary credentials (a session token)
// in use and a broken target, so that every kind of evidence is written.
func TestNoSecretInAnyOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite twice")
	}
	f := startFake(t, `[{action: {type: retype-member, member: User.RegisteredOn}}, {every: 7, action: {type: truncate}}]`)
	leaks := func(what, out string) {
		t.Helper()
		for _, secret := range []string{selftestCreds.SecretAccessKey, selftestCreds.SessionToken, "Signature="} {
			if strings.Contains(out, secret) {
				t.Errorf("%q appears in %s", secret, what)
			}
		}
	}

	dir := t.TempDir()
	cmd := conformCmd(t, f.URL, dir)
	cmd.Args = append(cmd.Args[:len(cmd.Args)-3], "-seed", "7") // not -quiet: the whole report on stdout
	out, _ := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(string(out), "CU-CLIENT-01 fail") {
		t.Fatalf("want a failing run (exit 1, CU-CLIENT-01 failed), got exit %d:\n%s", code, out)
	}
	leaks("chime-conform's output", string(out))
	noSecretIn(t, dir)

	gotest := exec.Command("go", "test", "-count=1", "-v", "../conformance", "-run", "TestConformance")
	gotest.Env = append(conformCmd(t, f.URL, "").Env, "CHIME_REPORT_DIR="+t.TempDir())
	out, _ = gotest.CombinedOutput()
	if !strings.Contains(string(out), "[FAILED]") {
		t.Fatalf("want failing specs from go test:\n%s", out)
	}
	leaks("go test's output", string(out))
	noSecretIn(t, strings.TrimPrefix(gotest.Env[len(gotest.Env)-1], "CHIME_REPORT_DIR="))
}
