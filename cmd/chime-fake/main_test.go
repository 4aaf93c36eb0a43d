package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
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

// The merge of flags, env and config is fakes.ParseCommandLine's, tested
// there; here, that the command reports a bad one and exits.
func TestBadCommandLineIsAnError(t *testing.T) {
	err := run(context.Background(), []string{"-auth", "sometimes"}, env(nil), io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "auth must be") {
		t.Fatalf("got %v", err)
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
	// What differs by client: the stored-then-fail row of each measured client.
	// What the scenario set up besides the rule is said under it.
	if !strings.Contains(out.String(), "{\"action\":{\"type\":\"stored-then-fail\"}}\n  (500 ServiceFailureException by default)\n  aws-sdk-go-v2      2 attempts: ConflictException, stored") {
		t.Fatalf("no measured client behaviour listed:\n%s", out.String())
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

// kill -TERM with idle connections open (a keep-alive one that served a
// create, and one that never sent a byte: a pool's spare, a TCP health
// probe) ends chime-fake at once with exit 0: nothing was in flight, so
// nothing was cut, and the 5 s drain is not waited out.
func TestBinaryStopsAtOnceWithIdleConnectionsOpen(t *testing.T) {
	cmd := exec.Command(buildFake(t), "-auth", "off")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatal("no banner")
	}
	url, ok := strings.CutPrefix(lines.Text(), "chime-fake listening on ")
	if !ok {
		t.Fatalf("first line: %q", lines.Text())
	}
	exited := make(chan error, 1)
	go func() {
		for lines.Scan() {
		}
		exited <- cmd.Wait()
	}()
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	resp, err := client.Post(url+"/accounts/12a3456b-7c89-012d-3456-78901e23fg45/users?operation=create", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	probe, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("exit after SIGTERM with idle connections: %v", err)
		}
	case <-time.After(time.Second): // the bound; the drain it must not wait is 5 s
		_ = cmd.Process.Kill()
		t.Fatal("chime-fake did not end within 1 s of SIGTERM with idle connections open")
	}
}
