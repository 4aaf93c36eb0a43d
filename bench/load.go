package bench

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Load is a loopback load test: Conns keep-alive connections, each sending
// one request at a time (the next as soon as the answer is read) for
// Duration. Requests come from Source, unique per call.
type Load struct {
	Addr     string // host:port
	Conns    int
	Duration time.Duration
	Source   func() []byte // the wire bytes of the next request
}

// LoadResult is what a load test saw.
type LoadResult struct {
	Requests  int
	Statuses  map[int]int
	Errors    int // transport errors (each ends a connection; it reconnects)
	FirstErr  error
	Elapsed   time.Duration
	Latencies Latencies
}

// RPS is answered requests per second.
func (r LoadResult) RPS() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// Run drives the load and gathers every request's latency.
func (l Load) Run() LoadResult {
	var wg sync.WaitGroup
	results := make([]LoadResult, l.Conns)
	start := time.Now()
	deadline := start.Add(l.Duration)
	for i := range results {
		wg.Go(func() { results[i] = l.conn(deadline) })
	}
	wg.Wait()
	total := LoadResult{Statuses: map[int]int{}, Elapsed: time.Since(start)}
	for _, r := range results {
		total.Requests += r.Requests
		total.Errors += r.Errors
		total.Latencies = append(total.Latencies, r.Latencies...)
		for s, n := range r.Statuses {
			total.Statuses[s] += n
		}
		if total.FirstErr == nil {
			total.FirstErr = r.FirstErr
		}
	}
	slices.Sort(total.Latencies) // once: every percentile asked of it reads it as it is
	return total
}

// conn is one connection's loop: write, read the whole answer, again.
func (l Load) conn(deadline time.Time) LoadResult {
	res := LoadResult{Statuses: map[int]int{}, Latencies: make(Latencies, 0, 4096)}
	var c net.Conn
	var br *bufio.Reader
	for time.Now().Before(deadline) {
		if c == nil {
			var err error
			if c, err = net.Dial("tcp", l.Addr); err != nil {
				res.fail(err)
				time.Sleep(10 * time.Millisecond)
				continue
			}
			br = bufio.NewReaderSize(c, 16<<10)
		}
		req := l.Source()
		t0 := time.Now()
		_ = c.SetDeadline(t0.Add(10 * time.Second))
		status, keep, err := roundTrip(c, br, req)
		if err != nil {
			res.fail(err)
			_ = c.Close()
			c = nil
			continue
		}
		res.Latencies = append(res.Latencies, time.Since(t0))
		res.Requests++
		res.Statuses[status]++
		if !keep {
			_ = c.Close()
			c = nil
		}
	}
	if c != nil {
		_ = c.Close()
	}
	return res
}

func (r *LoadResult) fail(err error) {
	r.Errors++
	if r.FirstErr == nil {
		r.FirstErr = err
	}
}

// roundTrip writes a request and reads its answer: the status line, the
// headers (for Content-Length and Connection: close) and the body,
// discarded. Both servers measured answer with a Content-Length.
func roundTrip(c net.Conn, br *bufio.Reader, req []byte) (status int, keep bool, err error) {
	if _, err = c.Write(req); err != nil {
		return 0, false, err
	}
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, false, fmt.Errorf("not an HTTP/1.1 status line: %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, false, fmt.Errorf("status line %q: %w", line, err)
	}
	length, keep := -1, true
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return 0, false, err
		}
		h := bytes.TrimRight(line, "\r\n")
		if len(h) == 0 {
			break
		}
		name, value, _ := bytes.Cut(h, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, false, fmt.Errorf("Content-Length %q: %w", value, err)
			}
		case bytes.EqualFold(name, []byte("Connection")) && bytes.EqualFold(value, []byte("close")):
			keep = false
		}
	}
	if length < 0 {
		return 0, false, errors.New("an answer without Content-Length")
	}
	if _, err = br.Discard(length); err != nil {
		return 0, false, err
	}
	return status, keep, nil
}

// Requests hands out prepared requests, then builds more when they run out.
type Requests struct {
	ready []([]byte)
	next  atomic.Int64
	build func(n int) []byte
	built atomic.Int64 // built during the run, not before
}

// NewRequests prepares n requests with build (in parallel, before the
// clock starts: signing is the client's cost, not the server's).
func NewRequests(n, workers int, build func(n int) []byte) *Requests {
	r := &Requests{ready: make([][]byte, n), build: build}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				r.ready[i] = build(i)
			}
		})
	}
	wg.Wait()
	return r
}

// Next is the next unused request.
func (r *Requests) Next() []byte {
	i := int(r.next.Add(1) - 1)
	if i < len(r.ready) {
		return r.ready[i]
	}
	r.built.Add(1)
	return r.build(i)
}

// BuiltDuringRun says how many requests were built while the clock ran.
func (r *Requests) BuiltDuringRun() int { return int(r.built.Load()) }
