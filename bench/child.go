package bench

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// Each server under load runs in a child process of its own, as chime-fake
// would: its heap (a store growing by a million users) and its collector
// are its own, and never slow the load generator or the other server.

// childEnv tells a program started by StartChild to serve ("kind:auth").
const childEnv = "CHIME_BENCH_SERVE"

// IsChild says whether this process was started by StartChild: its main
// (or TestMain) must then call ServeChild and exit.
func IsChild() bool { return os.Getenv(childEnv) != "" }

// ServeChild serves what StartChild asked for until stdin closes, writing
// a CPU profile when CHIME_BENCH_PROFILE_DIR names a directory (go tool
// pprof reads it). It returns the exit status.
func ServeChild() int {
	kind, auth, _ := strings.Cut(os.Getenv(childEnv), ":")
	if dir := os.Getenv("CHIME_BENCH_PROFILE_DIR"); dir != "" {
		f, err := os.Create(filepath.Join(dir, kind+"-"+auth+".pprof"))
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "chime-bench:", err)
			return 1
		}
		defer func() { pprof.StopCPUProfile(); _ = f.Close() }()
	}
	if err := Serve(kind, auth, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "chime-bench:", err)
		return 1
	}
	return 0
}

// Serve is the child: it serves kind ("ceiling", or "fake" with auth
// "off" or "verify") on a loopback port, prints its address on stdout,
// and stops when stdin closes (the parent ended).
func Serve(kind, auth string, stdin io.Reader, stdout io.Writer) error {
	var addr string
	var stop func() error
	switch kind {
	case "ceiling":
		h, err := Ceiling()
		if err != nil {
			return err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		// A bare server: net/http's defaults, and the read-header bound
		// any server facing clients has.
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
		go func() { _ = srv.Serve(ln) }()
		addr, stop = ln.Addr().String(), srv.Close
	case "fake":
		// The fake as chime-fake serves it: its own listener and server
		// settings.
		srv, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthMode(auth)})
		if err != nil {
			return err
		}
		addr, stop = strings.TrimPrefix(srv.URL(), "http://"), srv.Close
	default:
		return fmt.Errorf("bench: no server %q (ceiling or fake)", kind)
	}
	fmt.Fprintln(stdout, addr)
	_, _ = io.Copy(io.Discard, stdin)
	return stop()
}

// Child is a server running in a child process.
type Child struct {
	Addr  string
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

// StartChild runs this program again as a server (see IsChild), and waits
// for its address.
func StartChild(kind, auth string) (*Child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+kind+":"+auth)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		_ = stdin.Close()
		return nil, errors.Join(fmt.Errorf("bench: the %s server did not start: %w", kind, err), cmd.Wait())
	}
	return &Child{Addr: strings.TrimSpace(line), cmd: cmd, stdin: stdin}, nil
}

// Stop ends the child and waits for it.
func (c *Child) Stop() error {
	_ = c.stdin.Close()
	return c.cmd.Wait()
}
