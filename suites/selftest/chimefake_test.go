package selftest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// buildCommand builds one of the project's commands once per test binary.
func buildCommand(name string) func() (string, error) {
	return sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "selftest-bin")
		if err != nil {
			return "", err
		}
		bin := filepath.Join(dir, name)
		if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/"+name).CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})
}

var (
	chimeFakeBin    = buildCommand("chime-fake")
	chimeConformBin = buildCommand("chime-conform")
)

// fake is a chime-fake process, as a vendor's server would be: the suite
// reaches it over HTTP only. Its admin API backs the self-test's own
// evidence (which rules fired), never a check.
type fake struct {
	URL string
	cmd *exec.Cmd
}

// startFake runs chime-fake with verify-mode auth for the self-test's
// credentials, the self-test's account, a fixed seed, and the given rules
// (a JSON array) and extra config lines.
func startFake(t *testing.T, rules string, extra ...string) *fake {
	t.Helper()
	bin, err := chimeFakeBin()
	if err != nil {
		t.Fatal(err)
	}
	if rules == "" {
		rules = "[]"
	}
	lines := []string{"auth: verify", "accounts: [" + selftestAccount + "]", "seed: 7", "rules: " + rules}
	if !slices.ContainsFunc(extra, func(l string) bool { return strings.HasPrefix(l, "credentials:") }) {
		lines = append(lines, "credentials: ["+credentialYAML(selftestCreds.AccessKeyID, selftestCreds.SecretAccessKey, selftestCreds.SessionToken, false)+"]")
	}
	config := strings.Join(append(lines, extra...), "\n") + "\n"
	path := filepath.Join(t.TempDir(), "fake.yaml")
	if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-config", path)
	cmd.Env = append(os.Environ(), "CHIME_FAKE_ADDR=127.0.0.1:0")
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f := &fake{cmd: cmd}
	t.Cleanup(f.stop)
	out := bufio.NewScanner(stdout)
	deadline := time.AfterFunc(20*time.Second, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for out.Scan() {
		if url, ok := strings.CutPrefix(out.Text(), "chime-fake listening on "); ok {
			f.URL = url
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return f
		}
	}
	t.Fatalf("chime-fake did not start with:\n%s", config)
	return nil
}

// credentialYAML is one credential of a chime-fake config file.
func credentialYAML(key, secret, token string, forbidden bool) string {
	return fmt.Sprintf("{accessKeyId: %s, secretAccessKey: %q, sessionToken: %q, forbidden: %v}", key, secret, token, forbidden)
}

func (f *fake) stop() {
	if f.cmd.Process != nil {
		_ = f.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = f.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = f.cmd.Process.Kill()
		}
	}
}

// fired says how often the fake's rules fired (its admin API).
func (f *fake) fired(t *testing.T) int {
	t.Helper()
	resp, err := http.Get(f.URL + "/_fake/faults")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var status struct {
		Rules []struct {
			Fired int `json:"fired"`
		} `json:"rules"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&status); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range status.Rules {
		n += r.Fired
	}
	return n
}
