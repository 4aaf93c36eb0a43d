package selftest

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// The opt-in provocations, with real means: a second AWS profile whose
// identity may not call CreateUser (403), a concurrent burst (429).
func TestOptInProvocations(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite")
	}
	const forbiddenKey, forbiddenSecret = "AKIDFORBIDDEN", "forbidden-secret-for-the-selftest"
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	profile := "[no-chime]\naws_access_key_id = " + forbiddenKey + "\naws_secret_access_key = " + forbiddenSecret + "\n"
	if err := os.WriteFile(creds, []byte(profile), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	withForbidden := func(forbidden bool) string {
		return "credentials: [" + credentialYAML(selftestCreds.AccessKeyID, selftestCreds.SecretAccessKey, selftestCreds.SessionToken, false) +
			", " + credentialYAML(forbiddenKey, forbiddenSecret, "", forbidden) + "]"
	}
	optIn := func(c *conformance.Config) {
		c.ForbiddenProfile, c.ProbeThrottling, c.Labels = "no-chime", true, "opt-in"
	}
	check := func(t *testing.T, r report.Report, id string, want report.Result) {
		t.Helper()
		if c, _ := r.Result(id); c.Result != want {
			explain(t, r)
			t.Errorf("%s: %s (%s), want %s", id, c.Result, firstLines(c.Reason+c.Evidence, 3), want)
		}
	}

	t.Run("a faithful target", func(t *testing.T) {
		f := startFake(t, `[{action: {type: throttle, rate: 20, burst: 10}}]`, withForbidden(true))
		r, _ := runAgainst(t, f.URL, optIn)
		check(t, r, "CU-ERR-403F", report.Pass)
		check(t, r, "CU-ERR-429", report.Pass)
		if r.Stats.Statuses[403] == 0 || r.Stats.Statuses[429] == 0 {
			t.Errorf("statuses seen: %v", r.Stats.Statuses)
		}
	})
	t.Run("an identity without permission is let in", func(t *testing.T) {
		f := startFake(t, "", withForbidden(false))
		r, _ := runAgainst(t, f.URL, optIn)
		check(t, r, "CU-ERR-403F", report.Fail)
		check(t, r, "CU-ERR-429", report.Inconclusive) // nothing throttles: not provoked, proves nothing
		if r.Verdict != report.Incompatible {
			t.Errorf("verdict %s", r.Verdict)
		}
	})
}

// A failure's replay command reproduces it as printed: run by a shell
// with nothing but credentials and region in the environment (the target,
// the fake's rules, examples and budget travel in the command), it selects
// the one check, draws the same shrunk input, and exits 1 (INCOMPATIBLE).
func TestTheReplayCommandReproduces(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite twice")
	}
	t.Run("an endpoint", func(t *testing.T) {
		f := startFake(t, `[{action: {type: store-invalid}}]`)
		first, _ := runAgainst(t, f.URL, func(c *conformance.Config) { c.Seed = 99 })
		replayReproduces(t, first, "CU-REQ-03")
	})
	t.Run("the embedded fake with rules", func(t *testing.T) {
		first, _ := runAgainst(t, "", func(c *conformance.Config) {
			c.Seed, c.AccountID, c.Region, c.Credentials = 99, "", "", nil
			c.FakeRules = `[{"action": {"type": "store-invalid"}}]` // quotes and spaces: the shell must get it back
		})
		replayReproduces(t, first, "CU-REQ-03")
	})
}

func replayReproduces(t *testing.T, first report.Report, id string) {
	t.Helper()
	failedCheck, _ := first.Result(id)
	if failedCheck.Result != report.Fail || !strings.HasPrefix(failedCheck.Replay, "chime-conform -seed 99 -labels "+id+" ") {
		t.Fatalf("%s: %s, replay %q", id, failedCheck.Result, failedCheck.Replay)
	}
	bin, err := chimeConformBin()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cmd := exec.Command("bash", "-c", bin+" -out "+dir+" -quiet"+strings.TrimPrefix(failedCheck.Replay, "chime-conform"))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_ACCESS_KEY_ID=" + selftestCreds.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + selftestCreds.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + selftestCreds.SessionToken, "AWS_REGION=eu-west-1"}
	out, _ := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("%s exited %d, want 1:\n%s", failedCheck.Replay, code, out)
	}
	var replay report.Report
	b, _ := os.ReadFile(filepath.Join(dir, report.FileJSON))
	if err := json.Unmarshal(b, &replay); err != nil {
		t.Fatal(err)
	}
	again, _ := replay.Result(id)
	if want := inputOf(failedCheck.Evidence); want == "" || inputOf(again.Evidence) != want {
		t.Fatalf("the replay drew another input:\nfirst:\n%s\nreplay:\n%s", failedCheck.Evidence, again.Evidence)
	}
	t.Logf("replayed: %s", failedCheck.Replay)
}

// inputOf is the shrunk input lines of a failure's evidence (the requests
// as sent), with the run's tags left out: a replay is another run.
func inputOf(evidence string) string {
	_, input, _ := strings.Cut(evidence, "\ninput (")
	return runTag.ReplaceAllString(input, "<tag>")
}

// runTag is what gen.Data adds to the run's Emails and Usernames.
var runTag = regexp.MustCompile(`[0-9a-f]{8}-[0-9]{6}`)

// The embedded fake is judged exactly as chime-fake over HTTP is: the same
// checks, with the same seed, run the same examples and requests to the
// same results.
func TestTheEmbeddedFakeIsJudgedLikeAnEndpoint(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite twice")
	}
	f := startFake(t, "")
	same := func(c *conformance.Config) { c.Examples, c.MaxCreates, c.Seed = 25, 4000, 5 }
	overHTTP, _ := runAgainst(t, f.URL, same)
	// The embedded fake, configured as chime-fake is (the same file).
	config := filepath.Join(t.TempDir(), "fake.yaml")
	yaml := "auth: verify\nseed: 7\ncredentials: [" + credentialYAML(selftestCreds.AccessKeyID, selftestCreds.SecretAccessKey, selftestCreds.SessionToken, false) + "]\n"
	if err := os.WriteFile(config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	embedded, err := conformance.Run(t.Context(), conformance.Config{Examples: 25, MaxCreates: 4000, Seed: 5, Region: "eu-west-1",
		AccountID: selftestAccount, FakeConfig: config, Credentials: credentials.StaticCredentialsProvider{Value: selftestCreds}})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range overHTTP.Checks {
		e := embedded.Checks[i]
		if h.ID != e.ID || h.Result != e.Result || h.Examples != e.Examples || h.Requests != e.Requests {
			t.Errorf("%s over HTTP: %s, %d examples, %d requests; embedded: %s, %d examples, %d requests",
				h.ID, h.Result, h.Examples, h.Requests, e.Result, e.Examples, e.Requests)
		}
	}
	t.Logf("over HTTP: %s, %d requests; embedded: %s, %d requests", overHTTP.Verdict, overHTTP.Stats.Requests, embedded.Verdict, embedded.Stats.Requests)
}
