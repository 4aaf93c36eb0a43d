package selftest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/suites/report"
)

// The documented bounds of a run against any server (README, "Safe
// against real endpoints"): its time bound, and resident memory.
const maxResidentMB = 512

// conformCmd is chime-conform against endpoint, with the self-test's
// credentials and short bounds.
func conformCmd(t *testing.T, endpoint, dir string, env ...string) *exec.Cmd {
	t.Helper()
	bin, err := chimeConformBin()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-out", dir, "-quiet", "-seed", "7")
	cmd.Env = append(os.Environ(), append([]string{"CHIME_ENDPOINT=" + endpoint, "CHIME_ACCOUNT_ID=" + selftestAccount,
		"AWS_ACCESS_KEY_ID=" + selftestCreds.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + selftestCreds.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + selftestCreds.SessionToken, "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_REGION=eu-west-1", "CHIME_EXAMPLES=5", "CHIME_REQUEST_TIMEOUT=1s"}, env...)...)
	return cmd
}

// peakResidentMB waits for the command, reading its peak resident memory
// (VmHWM) as it goes; the last reading before it exits is its peak. (The
// rusage of a child is no good here: Go starts children with vfork, so it
// counts the parent's memory too.)
func peakResidentMB(cmd *exec.Cmd) int {
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	peak := 0
	for {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				var kb int
				if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil {
					peak = max(peak, kb/1024)
				}
			}
		}
		select {
		case <-done:
			return peak
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// resultIn reads one check's result from a run's report.json.
func resultIn(t *testing.T, dir, id string) report.Result {
	t.Helper()
	var r report.Report
	b, err := os.ReadFile(filepath.Join(dir, report.FileJSON))
	if err == nil {
		err = json.Unmarshal(b, &r)
	}
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.Result(id)
	return c.Result
}

// hijack takes the connection from net/http, for answers it cannot write.
func hijack(w http.ResponseWriter) (*bufio.ReadWriter, func()) {
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	return rw, func() { _ = conn.Close() }
}

// The suite against hostile servers: whatever the server does, the run
// ends within its bound, with INCOMPATIBLE or INCOMPLETE, in bounded
// memory, for the raw client and the SDK client alike (the hostile answer
// meets every check, CU-CLIENT-01/02 included).
func TestHostileServersCannotHangOrExhaustTheSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite against each hostile server")
	}
	const bound = 30 * time.Second
	hostile := map[string]func(w http.ResponseWriter, r *http.Request){
		"an endless 201 body": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(201)
			_, _ = w.Write([]byte(`{"User":{"UserId":"`)) // a string that never ends
			chunk := []byte(strings.Repeat("a", 32<<10))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		},
		"a body dripped a byte a second": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(201)
			for r.Context().Err() == nil {
				_, _ = w.Write([]byte(" "))
				w.(http.Flusher).Flush()
				time.Sleep(time.Second)
			}
		},
		"endless redirects": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, r.URL.String(), http.StatusTemporaryRedirect)
		},
		"endless headers": func(w http.ResponseWriter, r *http.Request) {
			rw, done := hijack(w)
			defer done()
			_, _ = rw.WriteString("HTTP/1.1 201 Created\r\n")
			for i := 0; r.Context().Err() == nil; i++ {
				if _, err := fmt.Fprintf(rw, "X-Endless-%d: %s\r\n", i, strings.Repeat("a", 1000)); err != nil {
					return
				}
			}
		},
		"accepts and never answers": func(w http.ResponseWriter, r *http.Request) {
			_, done := hijack(w)
			defer done()
			time.Sleep(bound)
		},
		"garbage instead of HTTP": func(w http.ResponseWriter, r *http.Request) {
			rw, done := hijack(w)
			defer done()
			_, _ = rw.WriteString("\x00\xff garbage \r\n\r\n")
			_ = rw.Flush()
		},
		"an HTML page for a 201": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(201)
			_, _ = w.Write([]byte("<html><body>Created!</body></html>"))
		},
	}
	for name, answer := range hostile {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s, endpoint := serveIndie(t, func(s *indie) { s.hostile = answer })
			dir := t.TempDir()
			// A check of the raw client and both of the SDK's, so that each
			// meets the hostile answer within the bound.
			cmd := conformCmd(t, endpoint, dir, "CHIME_TIMEOUT="+bound.String(), "CHIME_LABELS=CU-REQ-01 || CU-CLIENT-01 || CU-CLIENT-02")
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			err := cmd.Start()
			if err != nil {
				t.Fatal(err)
			}
			rss := peakResidentMB(cmd)
			took := time.Since(start)
			code := cmd.ProcessState.ExitCode()
			t.Logf("exit %d after %s, peak resident %d MB: %s", code, took.Round(time.Second), rss, strings.TrimSpace(out.String()))
			switch {
			case code != 1 && code != 3:
				t.Fatalf("want exit 1 (INCOMPATIBLE) or 3 (INCOMPLETE), got %d", code)
			case took > bound+10*time.Second:
				t.Errorf("the run took %s, its bound is %s", took, bound)
			case rss > maxResidentMB:
				t.Errorf("peak resident memory %d MB, the documented ceiling is %d MB", rss, maxResidentMB)
			case s.Fired("hostile") == 0:
				t.Errorf("the hostile answer was never given")
			}
			if got := resultIn(t, dir, "CU-CLIENT-01"); got != report.Fail {
				t.Errorf("CU-CLIENT-01: %s, want fail (the SDK met the hostile answer, within bounds)", got)
			}
			noSecretIn(t, dir)
		})
	}
}

// SIGTERM (a CI job cancelled) ends a run blocked on a server that never
// answers within seconds, with a partial report marked interrupted.
func TestSIGTERMEndsARunWithAPartialReport(t *testing.T) {
	silent := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	s, endpoint := serveIndie(t, func(s *indie) { s.hostile = silent })
	dir := t.TempDir()
	cmd := conformCmd(t, endpoint, dir, "CHIME_REQUEST_TIMEOUT=10m", "CHIME_TIMEOUT=1h")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for s.Fired("hostile") == 0 {
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	start := time.Now()
	err := cmd.Wait()
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the run took %s to stop after SIGTERM", took)
	}
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Errorf("exit %d (%v), want 3 (INCOMPLETE)", code, err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if !strings.HasPrefix(string(md), "**INCOMPLETE**: the run stopped early (interrupted)") {
		t.Errorf("report.md begins:\n%s", firstLines(string(md), 3))
	}
}
