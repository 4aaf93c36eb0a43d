package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// The command is tested as users run it: built, then executed.
var binary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "chime-conform-test")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "chime-conform")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
})

type outcome struct {
	code           int
	stdout, stderr string
}

// conform runs the built command with only the given environment (and a
// home of its own: no profile of the machine's leaks in).
func conform(t *testing.T, env map[string]string, args ...string) outcome {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + cmd.Dir, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(cmd.Dir, "none"), "AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(cmd.Dir, "none")}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return outcome{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

// countingEndpoint is an endpoint that counts what reaches it (a refusal
// before the first request leaves it at 0).
func countingEndpoint(t *testing.T) (string, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		http.Error(w, "no", http.StatusTeapot)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &n
}

var creds = map[string]string{"AWS_ACCESS_KEY_ID": "AKIDCLITEST", "AWS_SECRET_ACCESS_KEY": "cli-test-secret", "CHIME_ACCOUNT_ID": "acct"}

func with(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// Every misreadable invocation exits 2, before a single request, saying
// what to do.
func TestMisreadableInvocationsAreRefused(t *testing.T) {
	endpoint, requests := countingEndpoint(t)
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fakeConfig := filepath.Join(t.TempDir(), "fake.yaml")
	if err := os.WriteFile(fakeConfig, []byte("auth: any\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	withEndpoint := with(creds, "CHIME_ENDPOINT", endpoint)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		says string
	}{
		{"a positional URL", creds, []string{"https://staging.example.com"}, "did you mean -endpoint https://staging.example.com?"},
		{"a positional URL after flags", creds, []string{"-quiet", "https://staging.example.com"}, "did you mean -endpoint"},
		{"a stray word", creds, []string{"run"}, `unexpected argument "run"`},
		{"-examples -5", withEndpoint, []string{"-examples", "-5"}, "examples (CHIME_EXAMPLES, -examples) must be 0"},
		{"-max-creates -3", withEndpoint, []string{"-max-creates", "-3"}, "-max-creates) must be 0"},
		{"-timeout -1s", withEndpoint, []string{"-timeout", "-1s"}, "-timeout) must be positive"},
		{"-request-timeout -1s", withEndpoint, []string{"-request-timeout", "-1s"}, "-request-timeout) must be positive"},
		{"-rps -1", withEndpoint, []string{"-rps", "-1"}, "-rps) must be 0"},
		{"CHIME_EXAMPLES=-5", with(withEndpoint, "CHIME_EXAMPLES", "-5"), nil, "CHIME_EXAMPLES"},
		{"an unknown profile", withEndpoint, []string{"-profile", "gateway"}, `profile "gateway": no such profile`},
		{"a label filter selecting nothing", withEndpoint, []string{"-labels", "CU-NOPE-01"}, `label filter "CU-NOPE-01" selects no check`},
		{"a label filter that does not parse", withEndpoint, []string{"-labels", "(("}, "label filter"},
		{"an unwritable -out", withEndpoint, []string{"-out", filepath.Join(blocker, "reports")}, "report directory"},
		{"CHIME_FAKE_CONFIG with an endpoint", with(withEndpoint, "CHIME_FAKE_CONFIG", fakeConfig), nil, "CHIME_FAKE_CONFIG is set"},
		{"CHIME_FAKE_RULES with an endpoint", with(withEndpoint, "CHIME_FAKE_RULES", "[]"), nil, "CHIME_FAKE_RULES is set"},
		{"-fake-config with an endpoint", withEndpoint, []string{"-fake-config", fakeConfig}, "-fake-config configures the embedded fake"},
		{"an endpoint that is no base URL", creds, []string{"-endpoint", "https://h/x?y=1"}, "without a query"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := conform(t, c.env, c.args...)
			if got.code != 2 || !strings.Contains(got.stderr, c.says) {
				t.Fatalf("exit %d, stderr %q; want 2 saying %q (stdout %.300q)", got.code, got.stderr, c.says, got.stdout)
			}
			if n := requests.Load(); n != 0 {
				t.Fatalf("%d requests reached the endpoint", n)
			}
		})
	}
}

// -h and --help exit 0 and list the variables.
func TestHelpExitsZeroAndListsTheVariables(t *testing.T) {
	for _, flag := range []string{"-h", "--help"} {
		got := conform(t, nil, flag)
		if got.code != 0 {
			t.Fatalf("%s: exit %d", flag, got.code)
		}
		for _, want := range []string{"-endpoint", "CHIME_ENDPOINT", "AWS_ENDPOINT_URL_CHIME", "AWS_CA_BUNDLE", "HTTPS_PROXY", "CHIME_PROFILE", "CHIME_RPS", "CHIME_REQUEST_TIMEOUT"} {
			if !strings.Contains(got.stdout, want) {
				t.Errorf("%s does not list %s", flag, want)
			}
		}
	}
}

// A run not made drew no seed: its report prints none (never "seed 0").
func TestARunNotMadePrintsNoSeedZero(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"CHIME_ENDPOINT": "http://127.0.0.1:1", "CHIME_ACCOUNT_ID": "acct"} // no credentials
	quiet := conform(t, env, "-quiet", "-out", dir)
	full := conform(t, env, "-out", dir)
	if quiet.code != 2 || !strings.HasPrefix(quiet.stdout, "NOT CHECKED") || full.code != 2 {
		t.Fatalf("exit %d %q / %d", quiet.code, quiet.stdout, full.code)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	for name, text := range map[string]string{"the quiet line": quiet.stdout, "the printed report": full.stdout, "report.md": string(md)} {
		if strings.Contains(text, "seed 0") || strings.Contains(text, "seed=0") {
			t.Errorf("%s prints seed 0:\n%s", name, text)
		}
	}
}

// The replay line carries every setting that changes what is sent or
// judged, and replays the failure as printed. The embedded fake
// configured to accept any signature (chime-fake's own default) fails
// CU-ERR-403, and the verdict says why.
func TestTheReplayCarriesEverySettingAndReproduces(t *testing.T) {
	dir := t.TempDir()
	fakeConfig := filepath.Join(dir, "fake.yaml")
	if err := os.WriteFile(fakeConfig, []byte("auth: any\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"CHIME_FAKE_CONFIG": fakeConfig, "CHIME_RPS": "500", "CHIME_REQUEST_TIMEOUT": "7s", "AWS_REGION": "eu-west-1"}
	got := conform(t, env, "-quiet", "-labels", "CU-ERR-403", "-examples", "3", "-out", dir)
	if got.code != 1 {
		t.Fatalf("exit %d: %s%s", got.code, got.stdout, got.stderr)
	}
	var rep struct {
		VerdictReason string
		Checks        []struct{ ID, Result, Replay string }
	}
	b, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.VerdictReason, "accepts requests signed with a wrong secret") || !strings.Contains(rep.VerdictReason, "-auth verify") {
		t.Errorf("the verdict does not explain an accept-any target: %s", rep.VerdictReason)
	}
	replay := ""
	for _, c := range rep.Checks {
		if c.ID == "CU-ERR-403" {
			replay = c.Replay
		}
	}
	for _, want := range []string{"-fake-config " + fakeConfig, "-rps 500", "-request-timeout 7s", "-region eu-west-1", "-examples 3", "-labels CU-ERR-403"} {
		if !strings.Contains(replay, want) {
			t.Errorf("the replay %q lacks %q", replay, want)
		}
	}
	args := strings.Fields(strings.TrimPrefix(replay, "chime-conform "))
	again := conform(t, nil, append([]string{"-quiet", "-out", t.TempDir()}, args...)...)
	if again.code != 1 {
		t.Fatalf("the replay, with nothing from the environment, exited %d: %s%s", again.code, again.stdout, again.stderr)
	}
}

// A declared profile turns the same target COMPATIBLE, and says so in the
// verdict line.
func TestAProfileIsDeclaredAndPrinted(t *testing.T) {
	fakeConfig := filepath.Join(t.TempDir(), "fake.yaml")
	if err := os.WriteFile(fakeConfig, []byte("auth: any\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	got := conform(t, map[string]string{"CHIME_FAKE_CONFIG": fakeConfig, "CHIME_PROFILE": "signatures-at-gateway"}, "-quiet", "-examples", "5", "-out", t.TempDir())
	want := "COMPATIBLE, profile signatures-at-gateway: CU-AUTH-*, CU-ERR-401/403 not applicable"
	if got.code != 0 || !strings.HasPrefix(got.stdout, want) {
		t.Fatalf("exit %d: %s%s", got.code, got.stdout, got.stderr)
	}
}

// Credentials come from the AWS SDK's own chain: here a named profile of
// the shared files, against chime-fake verifying signatures with them.
func TestCredentialsFromAProfile(t *testing.T) {
	dir := t.TempDir()
	endpoint := startChimeFake(t, "AKIDPROFILE:profile-secret")
	config, shared := filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	_ = os.WriteFile(config, []byte("[profile staging]\nregion = us-east-1\n"), 0o600)
	_ = os.WriteFile(shared, []byte("[staging]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n"), 0o600)
	env := map[string]string{"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": shared, "AWS_PROFILE": "staging"}
	got := conform(t, env, "-endpoint", endpoint, "-account", "12a3456b-7c89-012d-3456-78901e23fg45", "-examples", "3", "-quiet", "-out", t.TempDir())
	if got.code != 0 || !strings.HasPrefix(got.stdout, "COMPATIBLE") {
		t.Fatalf("exit %d: %s%s", got.code, got.stdout, got.stderr)
	}
	env["AWS_PROFILE"] = "nosuch"
	if got := conform(t, env, "-endpoint", endpoint, "-account", "x", "-quiet", "-out", t.TempDir()); got.code != 2 || !strings.Contains(got.stdout+got.stderr, "nosuch") {
		t.Fatalf("an unknown profile: exit %d: %s%s", got.code, got.stdout, got.stderr)
	}
}

// startChimeFake builds and runs chime-fake verifying signatures by the
// given credentials; it returns its URL.
func startChimeFake(t *testing.T, credentials string) string {
	t.Helper()
	fakeBin := filepath.Join(t.TempDir(), "chime-fake")
	if out, err := exec.Command("go", "build", "-o", fakeBin, "../chime-fake").CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	fake := exec.Command(fakeBin, "-auth", "verify", "-credentials", credentials, "-addr", "127.0.0.1:0")
	stdout, _ := fake.StdoutPipe()
	if err := fake.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Process.Kill(); _ = fake.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "chime-fake listening on ")
	if err != nil || !ok {
		t.Fatalf("chime-fake said %q (%v)", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	return endpoint
}

// stsAnswer is STS's answer to AssumeRole and AssumeRoleWithWebIdentity,
// with the temporary credentials chime-fake is told to verify.
const stsAnswer = `<{{.Action}}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><{{.Action}}Result>
<Credentials><AccessKeyId>ASIASTSTEST</AccessKeyId><SecretAccessKey>sts-secret</SecretAccessKey><SessionToken>sts-token</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/conformance/ci</Arn><AssumedRoleId>AROATEST:ci</AssumedRoleId></AssumedRoleUser>
</{{.Action}}Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></{{.Action}}Response>`

// The chain's role sources work as in the SDKs: a web identity token
// (GitHub's OIDC, EKS) and an assume-role profile, both through STS (a
// loopback one here, by AWS_ENDPOINT_URL_STS), whose temporary
// credentials then sign every request.
func TestCredentialsFromRoles(t *testing.T) {
	endpoint := startChimeFake(t, "ASIASTSTEST:sts-secret:sts-token")
	var actions sync.Map
	sts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		action := r.Form.Get("Action")
		actions.Store(action, true)
		w.Header().Set("Content-Type", "text/xml")
		_, _ = io.WriteString(w, strings.ReplaceAll(stsAnswer, "{{.Action}}", action))
	}))
	t.Cleanup(sts.Close)
	dir := t.TempDir()
	token, config, shared := filepath.Join(dir, "token"), filepath.Join(dir, "config"), filepath.Join(dir, "credentials")
	_ = os.WriteFile(token, []byte("a-web-identity-token"), 0o600)
	_ = os.WriteFile(config, []byte("[profile ci]\nrole_arn = arn:aws:iam::123456789012:role/conformance\nsource_profile = base\nregion = us-east-1\n"), 0o600)
	_ = os.WriteFile(shared, []byte("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n"), 0o600)
	base := map[string]string{"AWS_ENDPOINT_URL_STS": sts.URL, "AWS_REGION": "us-east-1"}
	for name, env := range map[string]map[string]string{
		"AssumeRoleWithWebIdentity": with(base, "AWS_WEB_IDENTITY_TOKEN_FILE", token, "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/conformance", "AWS_ROLE_SESSION_NAME", "ci"),
		"AssumeRole":                with(base, "AWS_CONFIG_FILE", config, "AWS_SHARED_CREDENTIALS_FILE", shared, "AWS_PROFILE", "ci"),
	} {
		t.Run(name, func(t *testing.T) {
			got := conform(t, env, "-endpoint", endpoint, "-account", "12a3456b-7c89-012d-3456-78901e23fg45", "-examples", "3", "-quiet", "-out", t.TempDir())
			if got.code != 0 || !strings.HasPrefix(got.stdout, "COMPATIBLE") {
				t.Fatalf("exit %d: %s%s", got.code, got.stdout, got.stderr)
			}
			if _, ok := actions.Load(name); !ok {
				t.Fatalf("STS was not asked to %s", name)
			}
		})
	}
}
