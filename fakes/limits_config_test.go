package fakes_test

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// Each limit has a flag, an environment variable and a config key; unset
// ones take DefaultLimits.
func TestLimitsComeFromFlagsEnvAndConfig(t *testing.T) {
	cfg := writeFile(t, "fake.yaml", "limits: {readTimeout: 7s, maxConns: 70, idleTimeout: 3s, maxHeaderBytes: 32768}\n")
	cl, err := fakes.ParseCommandLine([]string{"-config", cfg, "-max-active-faults", "9", "-idle-timeout", "4s"},
		env(map[string]string{"CHIME_FAKE_SHUTDOWN_TIMEOUT": "2s", "CHIME_FAKE_MAX_CONNS": "80"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := fakes.Limits{ReadHeaderTimeout: fakes.DefaultLimits.ReadHeaderTimeout, ReadTimeout: 7 * time.Second,
		IdleTimeout: 4 * time.Second, MaxConns: 80, MaxActiveFaults: 9, ShutdownTimeout: 2 * time.Second, MaxHeaderBytes: 32 << 10}
	if cl.Options.Limits != want {
		t.Fatalf("limits %+v, want %+v", cl.Options.Limits, want)
	}
}

func TestNegativeOrMalformedLimitsAreRefused(t *testing.T) {
	for _, args := range [][]string{{"-max-conns", "-1"}, {"-read-timeout", "-1s"}, {"-idle-timeout", "soon"}, {"-max-active-faults", "many"}, {"-max-header-bytes", "-1"}} {
		if _, err := fakes.ParseCommandLine(args, env(nil), io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, err := fakes.ParseConfig([]byte("limits: {shutdownTimeout: 1 minute}")); err == nil || !strings.Contains(err.Error(), "limits.shutdownTimeout") {
		t.Errorf("a malformed limit in the config file: %v", err)
	}
	if _, err := fakes.New(fakes.Options{Limits: fakes.Limits{MaxActiveFaults: -1}}); err == nil {
		t.Error("a negative MaxActiveFaults accepted")
	}
}

// The journal's size is bounded like the limits: a negative one, or one
// past MaxJournalSize (whose entries could not all fit in memory), is an
// error at start, not an out-of-memory crash.
func TestAJournalSizePastTheCapIsRefused(t *testing.T) {
	for _, size := range []string{"-5", "1000001", "99999999999"} {
		_, err := fakes.ParseCommandLine([]string{"-journal-size", size}, env(nil), io.Discard)
		if err == nil || !strings.Contains(err.Error(), "journalSize must be within 1 and 1000000") {
			t.Errorf("-journal-size %s: %v", size, err)
		}
	}
	if _, err := fakes.ParseConfig([]byte("journalSize: -1")); err == nil {
		t.Error("journalSize -1 in a config file accepted")
	}
	cl, err := fakes.ParseCommandLine([]string{"-journal-size", "1000000"}, env(nil), io.Discard)
	if err != nil || cl.Options.JournalSize != fakes.MaxJournalSize {
		t.Fatalf("-journal-size 1000000: %v", err)
	}
	srv := start(t, cl.Options) // the journal grows as it is used
	plainPost(t, srv, `{}`)
}

// -log debug writes a line per request to the command line's output; the
// default, info, writes none.
func TestLogDebugWritesALinePerRequest(t *testing.T) {
	for level, want := range map[string]int{"debug": 1, "": 0} {
		var out lockedBuffer
		cl, err := fakes.ParseCommandLine([]string{"-auth", "off", "-log", level}, env(nil), &out)
		if err != nil {
			t.Fatal(err)
		}
		srv := start(t, cl.Options)
		plainPost(t, srv, `{}`)
		if got := strings.Count(out.String(), "msg=request"); got != want {
			t.Errorf("-log %q: %d request lines:\n%s", level, got, out.String())
		}
	}
	if _, err := fakes.ParseCommandLine([]string{"-log", "loud"}, env(nil), io.Discard); err == nil {
		t.Error("-log loud accepted")
	}
}

// lockedBuffer is a buffer the fake writes its log to while a test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
