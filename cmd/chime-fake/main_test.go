package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestFlagsEnvAndConfigPrecedence(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "fake.yaml")
	os.WriteFile(cfg, []byte("seed: 5\nauth: verify\naccounts: [from-config]\njournalSize: 7\n"), 0o644)
	f := newFlags(io.Discard)
	set, err := f.parse([]string{"-config", cfg, "-seed", "9"}, env(map[string]string{
		"CHIME_FAKE_SEED": "8", "CHIME_FAKE_AUTH": "off", "CHIME_FAKE_ANY_ACCOUNT": "true",
	}))
	if err != nil {
		t.Fatal(err)
	}
	o, err := f.options(set)
	if err != nil {
		t.Fatal(err)
	}
	// flag beats env beats config beats default
	if o.Seed != 9 || o.Auth != "off" || !o.AnyAccount || o.Accounts[0] != "from-config" || o.JournalSize != 7 {
		t.Fatalf("options: seed %d auth %s any %v accounts %v journal %d", o.Seed, o.Auth, o.AnyAccount, o.Accounts, o.JournalSize)
	}
}

func TestBadInputsAreClearErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("rules: [{action: {type: explode}}]\n"), 0o644)
	for want, args := range map[string][]string{
		`unknown type "explode"`: {"-config", bad},
		"no such file":           {"-config", "/nonexistent.yaml"},
		"auth must be":           {"-auth", "sometimes"},
		"ACCESS_KEY:SECRET":      {"-credentials", "justakey"},
		"unexpected arguments":   {"stray"},
	} {
		err := run(context.Background(), args, env(nil), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: want %q, got %v", args, want, err)
		}
	}
	err := run(context.Background(), nil, env(map[string]string{"CHIME_FAKE_SEED": "many"}), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "CHIME_FAKE_SEED") {
		t.Errorf("bad env: %v", err)
	}
}

func TestListFaults(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-list-faults"}, env(nil), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), " contract "); n < 12 {
		t.Fatalf("%d contract faults listed:\n%s", n, out.String())
	}
}

func TestServesAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"-auth", "off"}, env(nil), pw, io.Discard); pw.Close() }()
	lines := bufio.NewScanner(pr)
	lines.Scan()
	url, ok := strings.CutPrefix(lines.Text(), "chime-fake listening on ")
	if !ok {
		t.Fatalf("first line: %q", lines.Text())
	}
	go io.Copy(io.Discard, pr)
	resp, err := http.Post(url+"/accounts/12a3456b-7c89-012d-3456-78901e23fg45/users?operation=create", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop")
	}
}

func TestBinaryStopsOnSIGTERM(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "chime-fake")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "chime-fake listening on http://127.0.0.1:") {
		t.Fatalf("first line: %q", lines.Text())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest strings.Builder
	for lines.Scan() {
		rest.WriteString(lines.Text() + "\n")
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if !strings.Contains(rest.String(), "chime-fake: stopping") {
		t.Fatalf("output: %s", rest.String())
	}
}
