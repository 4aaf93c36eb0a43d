package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// What -state guarantees, tested on the built binary under concurrent
// load: a user answered 201 before a graceful stop (SIGTERM) is never
// lost; after SIGKILL, a user answered 201 before a save began is not
// lost (only what came after the last save is: at most one interval).
func TestStateSurvivesKillAndRestartUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and restarts the binary")
	}
	bin := buildFake(t)
	state := filepath.Join(t.TempDir(), "state.json")
	args := []string{"-auth", "off", "-state", state, "-state-interval", "50ms"}

	fake := startFake(t, bin, args...)
	load := startLoad(fake.url, "graceful")
	load.waitFor(200)
	fake.signal(t, syscall.SIGTERM)
	graceful := load.stop()
	fake.wait(t)

	fake = startFake(t, bin, args...)
	fake.requireAll(t, graceful, "after SIGTERM")

	before := startLoad(fake.url, "saved")
	before.waitFor(200)
	saved := before.stop()
	gen := generation(t, state)
	during := startLoad(fake.url, "unsaved")
	for generation(t, state) < gen+2 { // a save that began after the last of saved was answered
		if during.count() > 100000 {
			t.Fatal("the state file is not saved under load")
		}
		during.waitFor(during.count() + 1)
	}
	fake.signal(t, syscall.SIGKILL)
	unsaved := during.stop()
	fake.wait(t)

	fake = startFake(t, bin, args...)
	fake.requireAll(t, saved, "after SIGKILL")
	kept := fake.present(t, unsaved)
	t.Logf("%d users answered before SIGTERM, all kept; %d before a save and SIGKILL, all kept; of %d answered while the last interval ran, %d kept",
		len(graceful), len(saved), len(unsaved), kept)
	fake.signal(t, syscall.SIGTERM)
	fake.wait(t)
}

func buildFake(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "chime-fake")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type fakeProcess struct {
	cmd *exec.Cmd
	url string
}

func startFake(t *testing.T, bin string, args ...string) *fakeProcess {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() {
		t.Fatalf("no output from chime-fake: %v", cmd.Wait())
	}
	url, ok := strings.CutPrefix(lines.Text(), "chime-fake listening on ")
	if !ok {
		t.Fatalf("first line: %q", lines.Text())
	}
	go func() {
		for lines.Scan() {
		}
	}()
	return &fakeProcess{cmd: cmd, url: url}
}

func (f *fakeProcess) signal(t *testing.T, sig syscall.Signal) {
	if err := f.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

func (f *fakeProcess) wait(t *testing.T) { _ = f.cmd.Wait() }

// requireAll fails unless every Email is taken (a create of it meets 409).
func (f *fakeProcess) requireAll(t *testing.T, emails []string, when string) {
	t.Helper()
	if kept := f.present(t, emails); kept != len(emails) {
		t.Errorf("%s: %d of %d users answered 201 are lost", when, len(emails)-kept, len(emails))
	}
}

// present counts the Emails that are taken.
func (f *fakeProcess) present(t *testing.T, emails []string) int {
	t.Helper()
	n := 0
	for _, e := range emails {
		switch status := create(f.url, e); status {
		case 409:
			n++
		case 201:
		default:
			t.Fatalf("re-creating %s: %d", e, status)
		}
	}
	return n
}

func create(url, email string) int {
	resp, err := http.Post(url+"/accounts/12a3456b-7c89-012d-3456-78901e23fg45/users?operation=create",
		"application/json", strings.NewReader(`{"Email":"`+email+`"}`))
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// load is 8 workers creating distinct users until stopped; it keeps the
// Emails answered 201.
type load struct {
	stopped atomic.Bool
	wg      sync.WaitGroup
	mu      sync.Mutex
	created []string
	grew    chan struct{}
}

func startLoad(url, prefix string) *load {
	l := &load{grew: make(chan struct{}, 1)}
	var n atomic.Int64
	for range 8 {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for !l.stopped.Load() {
				email := fmt.Sprintf("%s-%d@example.com", prefix, n.Add(1))
				if create(url, email) == 201 {
					l.mu.Lock()
					l.created = append(l.created, email)
					l.mu.Unlock()
					select {
					case l.grew <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	return l
}

func (l *load) count() int { l.mu.Lock(); defer l.mu.Unlock(); return len(l.created) }

// waitFor waits until n users were created.
func (l *load) waitFor(n int) {
	for l.count() < n {
		<-l.grew
	}
}

func (l *load) stop() []string {
	l.stopped.Store(true)
	l.wg.Wait()
	return l.created
}

// generation reads how many saves wrote the state file.
func generation(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return 0
	}
	var f struct{ Generation int }
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("the state file is not whole: %v", err)
	}
	return f.Generation
}
