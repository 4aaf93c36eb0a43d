// Command chime-bench measures the fake against a ceiling in one run and
// prints one table (Markdown): the request path's Go benchmarks, a
// loopback load test of the fake beside a bare net/http server answering
// the same route with a fixed 201 of the same size, the store at scale,
// and the suites' own overhead. `make bench` runs it.
//
//	go run ./cmd/chime-bench                       # everything (~3 minutes on 2 cores)
//	go run ./cmd/chime-bench -sections load -conns 64 -rounds 5
//
// It reports; it never fails on a number. Compare ratios within one run,
// not absolute times across machines.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/chime-conformance/createuser/bench"
	"github.com/chime-conformance/createuser/bench/suitebench"
)

func main() {
	if bench.IsChild() { // a server under load, started by this program
		os.Exit(bench.ServeChild())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

type options struct {
	sections    map[string]bool
	conns       []int
	rounds      int
	duration    time.Duration
	sizes       []int
	samples     int
	rawRequests int
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	o, err := parse(args, stderr)
	if err != nil {
		return 2
	}
	t := &table{w: stdout}
	t.header()
	if err := sections(ctx, o, t, stderr); err != nil {
		fmt.Fprintln(stderr, "chime-bench:", err)
		return 1
	}
	return 0
}

func parse(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("chime-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sections := fs.String("sections", "go,load,store,suites", "which parts to measure")
	conns := fs.String("conns", "32,64", "connection counts of the load test")
	rounds := fs.Int("rounds", 7, "rounds of the load test (medians over them)")
	duration := fs.Duration("duration", 1500*time.Millisecond, "length of one server's turn in a round")
	sizes := fs.String("sizes", "1000,100000,1000000", "store sizes (users)")
	samples := fs.Int("samples", 5000, "creates timed at each store size")
	raw := fs.Int("raw", 2000, "requests of the suites' raw round-trip rate")
	o := options{sections: map[string]bool{}, rounds: *rounds}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*sections, ",") {
		o.sections[strings.TrimSpace(s)] = true
	}
	var errConns, errSizes error
	o.conns, errConns = ints(*conns)
	o.sizes, errSizes = ints(*sizes)
	if err := errors.Join(errConns, errSizes); err != nil {
		fmt.Fprintln(stderr, "chime-bench:", err)
		return o, err
	}
	o.rounds, o.duration, o.samples, o.rawRequests = *rounds, *duration, *samples, *raw
	return o, nil
}

func ints(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is not a list of positive numbers", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func sections(ctx context.Context, o options, t *table, progress io.Writer) error {
	if o.sections["go"] {
		fmt.Fprintln(progress, "Go benchmarks (testing.Benchmark, 1s each)...")
		t.goRows(bench.RunGo(bench.GoBenchmarks(), func(r bench.GoRow) {
			fmt.Fprintf(progress, "  %s: %.0f ns/op, %d allocs/op\n", r.Name, r.NsPerOp, r.AllocsPerOp)
		}))
	}
	if o.sections["load"] {
		fmt.Fprintln(progress, "Load test...")
		rows, err := bench.RunLoad(bench.LoadPlan{Conns: o.conns, Rounds: o.rounds, Duration: o.duration}, progress)
		if err != nil {
			return err
		}
		t.loadRows(o, rows)
	}
	if o.sections["store"] {
		fmt.Fprintln(progress, "Store at scale...")
		rows, err := bench.RunScale(o.sizes, o.samples, progress)
		if err != nil {
			return err
		}
		t.scaleRows(o, rows)
	}
	if o.sections["suites"] {
		fmt.Fprintln(progress, "Suites...")
		rows, err := suitebench.Run(ctx, o.rawRequests, progress)
		if err != nil {
			return err
		}
		t.suiteRows(o, rows)
	}
	return ctx.Err()
}

// table prints the sections as Markdown.
type table struct{ w io.Writer }

func (t *table) header() {
	fmt.Fprintf(t.w, "# chime-bench\n\n%s, %s/%s, GOMAXPROCS=%d, %s\n", cpuModel(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.Version())
}

func (t *table) goRows(rows []bench.GoRow) {
	fmt.Fprintf(t.w, "\n## 1. The request path in process (Go benchmarks)\n\n| benchmark | ns/op | B/op | allocs/op | × create/auth=off |\n|---|---:|---:|---:|---:|\n")
	base := rows[0].NsPerOp
	for _, r := range rows {
		fmt.Fprintf(t.w, "| %s | %.0f | %d | %d | %.2f |\n", r.Name, r.NsPerOp, r.BytesPerOp, r.AllocsPerOp, r.NsPerOp/base)
	}
}

func (t *table) loadRows(o options, rows []bench.LoadRow) {
	fmt.Fprintf(t.w, "\n## 2. Loopback load: the fake beside a bare net/http server (the ceiling)\n\n"+
		"Keep-alive connections, unique Emails (the fake's store grows), %d rounds of %v per server, ceiling and fake alternating; medians over rounds; ratios are taken per round (the two turns back to back), median (lowest–highest). "+
		"Each server runs in a child process; the load generator shares the machine.\n\n"+
		"| conns | auth | server | req/s | p50 | p99 | p99.9 | non-201 / errors | fake/ceiling req/s | fake/ceiling p99 |\n|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n",
		o.rounds, o.duration)
	for i := 0; i+1 < len(rows); i += 2 {
		ceiling, fake := rows[i], rows[i+1]
		for _, r := range []bench.LoadRow{ceiling, fake} {
			non201, errs := r.Unexpected()
			ratio, p99 := "", ""
			if r.Server == "fake" {
				med, lo, hi := r.RatioTo(ceiling, func(x bench.LoadResult) float64 { return x.RPS() })
				ratio = fmt.Sprintf("**%.2f** (%.2f–%.2f)", med, lo, hi)
				med, lo, hi = r.RatioTo(ceiling, func(x bench.LoadResult) float64 { return float64(x.Latencies.Percentile(99)) })
				p99 = fmt.Sprintf("%.2f (%.2f–%.2f)", med, lo, hi)
			}
			built := ""
			if r.Built > 0 {
				built = fmt.Sprintf(" (%d built during the run)", r.Built)
			}
			fmt.Fprintf(t.w, "| %d | %s | %s | %.0f%s | %v | %v | %v | %d / %d | %s | %s |\n", r.Conns, r.Auth, r.Server, r.MedianRPS(), built,
				round(r.MedianPercentile(50)), round(r.MedianPercentile(99)), round(r.MedianPercentile(99.9)), non201, errs, ratio, p99)
		}
	}
}

func (t *table) scaleRows(o options, rows []bench.ScaleRow) {
	fmt.Fprintf(t.w, "\n## 3. The store at scale (in process, one account, auth off)\n\n"+
		"Heap after a full GC. Per user: the fake's whole heap growth over the users (its journal of 1,000 requests and its calls included); "+
		"marginal: the growth since the previous size per user added. Latency: %d creates timed one by one at each size.\n\n"+
		"| users | heap B/user | marginal B/user | create p50 | create p99 | p99 / p99 at first size |\n|---:|---:|---:|---:|---:|---:|\n", o.samples)
	for _, r := range rows {
		fmt.Fprintf(t.w, "| %d | %.0f | %.0f | %v | %v | %.2f |\n", r.Users, r.HeapPerUser, r.Marginal, round(r.P50), round(r.P99), float64(r.P99)/float64(rows[0].P99))
	}
}

func (t *table) suiteRows(o options, rows []suitebench.Row) {
	fmt.Fprintf(t.w, "\n## 4. The suites' own overhead (a default run, the fake with -auth verify)\n\n"+
		"Exchanges: every HTTP exchange of the run (raw and SDK) through one counting transport. Raw rate: %d creates signed beforehand, "+
		"sent one after another through the same transport to the same fake.\n\n"+
		"| target | verdict | wall | exchanges | exchanges/s | raw round trips/s | run/raw |\n|---|---|---:|---:|---:|---:|---:|\n", o.rawRequests)
	for _, r := range rows {
		fmt.Fprintf(t.w, "| %s | %s | %.2fs | %d | %.0f | %.0f | **%.2f** |\n", r.Target, r.Verdict, r.Wall.Seconds(), r.Exchanges, r.Rate(), r.RawRate, r.Rate()/r.RawRate)
	}
}

func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	case d >= 10*time.Microsecond:
		return d.Round(time.Microsecond)
	}
	return d
}

// cpuModel names the CPU where Linux says it, for the table's header.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "CPU unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			return fmt.Sprintf("%s, %d logical CPUs", strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":")), runtime.NumCPU())
		}
	}
	return "CPU unknown"
}
