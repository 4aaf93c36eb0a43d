package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/chime"
)

// The secrets of the test: chime-fake is configured with them, clients
// sign with them, and none may appear in anything chime-fake writes.
const (
	tempKey, tempSecret, tempToken = "ASIASECRETTEST", "temp-secret-5c2f0d9e", "session-token-81b7e4a3"
	deniedKey, deniedSecret        = "AKIDDENIED", "denied-secret-77aa31c0"
	wrongSecret                    = "wrong-secret-0f9d3b2e"
	adminToken                     = "admin-token-4e1c9a66"
)

// With a session token in use and every output switched on (-log debug,
// the journal, the admin API, -state), nothing chime-fake writes carries a
// secret key, a session token, a signature a client sent or the admin
// token: not its stdout or stderr, not an answer of its admin API, not its
// state file; nor its error when a config or flag holding a secret is bad.
func TestNoOutputCarriesASecret(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildFake(t)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	config := writeConfig(t, dir, `
auth: verify
headerFaults: true
credentials:
  - {accessKeyId: `+tempKey+`, secretAccessKey: `+tempSecret+`, sessionToken: `+tempToken+`}
  - {accessKeyId: `+deniedKey+`, secretAccessKey: `+deniedSecret+`, forbidden: true}
`)
	fake := runCaptured(t, bin, "-config", config, "-state", state, "-log", "debug", "-admin-token", adminToken)
	sent := &sentSecrets{}
	exercise(t, fake.url, sent)
	outputs := map[string]string{}
	for _, path := range []string{"/health", "/faults", "/requests", "/requests/count", "/accounts", "/users?account=12a3456b-7c89-012d-3456-78901e23fg45", "/fault-types"} {
		outputs["GET /_fake"+path] = adminGet(t, fake.url, path)
	}
	fake.stop(t)
	outputs["stdout"], outputs["stderr"] = fake.stdout.String(), fake.stderr.String()
	b, err := os.ReadFile(state)
	if err != nil {
		t.Fatal(err)
	}
	outputs["state file"] = string(b)
	for i, args := range [][]string{
		{"-credentials", tempSecret}, // malformed: no KEY: part
		{"-config", writeConfig(t, dir, "credentials: [{accessKeyId: K, secretAccessKey: ["+tempSecret+"]}]")},
		{"-config", writeConfig(t, dir, "credentials: [{accessKeyId: K, secretAccessKey: "+tempSecret+", sessionToken: \""+tempToken)},
	} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err == nil {
			t.Fatalf("chime-fake started with bad arguments #%d", i)
		}
		outputs[fmt.Sprintf("refusing arguments #%d", i)] = string(out)
	}

	// The outputs are not empty: the journal has the redacted requests, the
	// log a line per request; else a grep finding nothing proves nothing.
	if !strings.Contains(outputs["GET /_fake/requests"], "Signature=[REDACTED]") || !strings.Contains(outputs["GET /_fake/requests"], tempKey) {
		t.Fatalf("the journal has no signed request:\n%s", outputs["GET /_fake/requests"])
	}
	if n := strings.Count(outputs["stderr"], "msg=request"); n < 6 {
		t.Fatalf("-log debug wrote %d request lines:\n%s", n, outputs["stderr"])
	}
	secrets := append([]string{tempSecret, tempToken, deniedSecret, wrongSecret, adminToken}, sent.all()...)
	if len(secrets) < 10 {
		t.Fatalf("the clients sent only %d signatures", len(secrets)-5)
	}
	for name, text := range outputs {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s carries the secret %q", name, s)
			}
		}
	}
}

// exercise sends what makes chime-fake write: creates signed well with a
// session token, a forbidden key, another secret, another token, a header
// fault, a reset; every signature sent is recorded.
func exercise(t *testing.T, url string, sent *sentSecrets) {
	c := func(key, secret, token string, header ...string) *chime.Client {
		return chime.New(chime.Options{BaseEndpoint: aws.String(url), Region: "us-east-1", RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider(key, secret, token),
			HTTPClient:  &http.Client{Transport: recorder{sent, header}, Timeout: 10 * time.Second}})
	}
	in := func(email string) *chime.CreateUserInput {
		return &chime.CreateUserInput{AccountId: aws.String("12a3456b-7c89-012d-3456-78901e23fg45"), Email: aws.String(email)}
	}
	ctx := context.Background()
	if _, err := c(tempKey, tempSecret, tempToken).CreateUser(ctx, in("jane@example.com")); err != nil {
		t.Fatalf("a create signed well: %v", err)
	}
	for _, call := range []struct {
		client *chime.Client
		email  string
	}{
		{c(tempKey, tempSecret, tempToken), "jane@example.com"}, // 409
		{c(deniedKey, deniedSecret, ""), "denied@example.com"},  // 403
		{c(tempKey, wrongSecret, tempToken), "wrong@example.com"},
		{c(tempKey, tempSecret, "another-token"), "token@example.com"},
		{c(tempKey, tempSecret, tempToken, "X-Fake-Fault", "ServiceUnavailableException"), "fault@example.com"},
		{c(tempKey, tempSecret, tempToken, "X-Fake-Fault", `{"type":"reset"}`), "reset@example.com"},
	} {
		if _, err := call.client.CreateUser(ctx, in(call.email)); err == nil {
			t.Fatalf("%s: created", call.email)
		}
	}
}

// recorder sends requests, with extra headers, and keeps their secrets.
type recorder struct {
	sent   *sentSecrets
	header []string
}

var signature = regexp.MustCompile(`Signature=([0-9a-f]{64})`)

func (r recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	for i := 0; i+1 < len(r.header); i += 2 {
		req.Header.Set(r.header[i], r.header[i+1])
	}
	if m := signature.FindStringSubmatch(req.Header.Get("Authorization")); m != nil {
		r.sent.add(m[1])
	}
	return http.DefaultTransport.RoundTrip(req)
}

type sentSecrets struct {
	mu         sync.Mutex
	signatures []string
}

func (s *sentSecrets) add(sig string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signatures = append(s.signatures, sig)
}

func (s *sentSecrets) all() []string { s.mu.Lock(); defer s.mu.Unlock(); return s.signatures }

func adminGet(t *testing.T, url, path string) string {
	req, _ := http.NewRequest("GET", url+"/_fake"+path, nil)
	req.Header.Set("X-Fake-Admin-Token", adminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /_fake%s: %d %s", path, resp.StatusCode, b)
	}
	return string(b)
}

func writeConfig(t *testing.T, dir, text string) string {
	f, err := os.CreateTemp(dir, "config-*.yaml")
	if err == nil {
		_, err = f.WriteString(text)
		err = errors.Join(err, f.Close())
	}
	if err != nil {
		t.Fatal(err)
	}
	return f.Name()
}

// captured is a running chime-fake whose stdout and stderr are kept whole.
type captured struct {
	cmd            *exec.Cmd
	url            string
	stdout, stderr lockedText
	done           sync.WaitGroup
}

func runCaptured(t *testing.T, bin string, args ...string) *captured {
	t.Helper()
	c := &captured{cmd: exec.Command(bin, args...)}
	stdout, _ := c.cmd.StdoutPipe()
	stderr, _ := c.cmd.StderrPipe()
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.cmd.Process.Kill() })
	first := make(chan string, 1)
	c.done.Add(2)
	go func() {
		defer c.done.Done()
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			select {
			case first <- lines.Text():
			default:
			}
			c.stdout.add(lines.Text() + "\n")
		}
	}()
	go func() { defer c.done.Done(); b, _ := io.ReadAll(stderr); c.stderr.add(string(b)) }()
	select {
	case line := <-first:
		var ok bool
		if c.url, ok = strings.CutPrefix(line, "chime-fake listening on "); !ok {
			t.Fatalf("first line: %q", line)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("chime-fake did not start")
	}
	return c
}

// stop ends chime-fake with SIGTERM (it saves its state) and collects its output.
func (c *captured) stop(t *testing.T) {
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	c.done.Wait()
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("chime-fake after SIGTERM: %v", err)
	}
}

type lockedText struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedText) add(s string)   { l.mu.Lock(); defer l.mu.Unlock(); l.b.WriteString(s) }
func (l *lockedText) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }
