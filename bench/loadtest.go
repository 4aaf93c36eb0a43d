package bench

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// LoadPlan is the load test: for each connection count, Rounds rounds;
// in each, for each auth mode, the ceiling and the fake take turns (which
// goes first alternates by round), each for Duration.
type LoadPlan struct {
	Conns    []int
	Rounds   int
	Duration time.Duration
}

// LoadRow is one server, auth mode and connection count over the rounds.
type LoadRow struct {
	Server, Auth string
	Conns        int
	Rounds       []LoadResult
	Built        int // requests built (and signed) while the clock ran: the prepared ones ran out
}

// MedianRPS is the median of the rounds' request rates.
func (r LoadRow) MedianRPS() float64 {
	return median(mapRounds(r.Rounds, func(x LoadResult) float64 { return x.RPS() }))
}

// MedianPercentile is the median over the rounds of the p-th percentile.
func (r LoadRow) MedianPercentile(p float64) time.Duration {
	return time.Duration(median(mapRounds(r.Rounds, func(x LoadResult) float64 { return float64(x.Latencies.Percentile(p)) })))
}

// Unexpected counts answers that were not 201, and transport errors.
func (r LoadRow) Unexpected() (non201, errs int) {
	for _, x := range r.Rounds {
		non201 += x.Requests - x.Statuses[201]
		errs += x.Errors
	}
	return non201, errs
}

// RatioTo is the median over rounds of this row's value over base's, each
// round's pair measured back to back, with the lowest and highest ratio:
// the spread says how much the machine moved during the run.
func (r LoadRow) RatioTo(base LoadRow, value func(LoadResult) float64) (med, lo, hi float64) {
	var ratios []float64
	for i := range min(len(r.Rounds), len(base.Rounds)) {
		if b := value(base.Rounds[i]); b > 0 {
			ratios = append(ratios, value(r.Rounds[i])/b)
		}
	}
	if len(ratios) == 0 {
		return 0, 0, 0
	}
	return median(ratios), slices.Min(ratios), slices.Max(ratios)
}

func mapRounds(rs []LoadResult, f func(LoadResult) float64) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = f(r)
	}
	return out
}

var authModes = []fakes.AuthMode{fakes.AuthOff, fakes.AuthVerify}

// RunLoad runs the plan against a ceiling and a fake per auth mode, each in
// a child process, and returns a row per server, mode and connection count.
func RunLoad(plan LoadPlan, progress io.Writer) ([]LoadRow, error) {
	servers := map[string]*Child{}
	defer func() {
		for _, c := range servers {
			_ = c.Stop()
		}
	}()
	for _, name := range []string{"ceiling", "fake-off", "fake-verify"} {
		kind, auth := "ceiling", "off"
		if name != "ceiling" {
			kind, auth = "fake", name[len("fake-"):]
		}
		c, err := StartChild(kind, auth)
		if err != nil {
			return nil, err
		}
		servers[name] = c
	}
	var rows []LoadRow
	expected := 50000.0 // requests per second, until a round says better
	for _, conns := range plan.Conns {
		for _, auth := range authModes {
			ceiling := LoadRow{Server: "ceiling", Auth: string(auth), Conns: conns}
			fake := LoadRow{Server: "fake", Auth: string(auth), Conns: conns}
			for round := range plan.Rounds {
				order := []*LoadRow{&ceiling, &fake}
				if round%2 == 1 {
					order = []*LoadRow{&fake, &ceiling}
				}
				for _, row := range order {
					child := servers["ceiling"]
					if row.Server == "fake" {
						child = servers["fake-"+row.Auth]
					}
					tag := fmt.Sprintf("c%d-r%d-%s-%s", conns, round, row.Auth, row.Server)
					reqs := requestsFor(child.Addr, auth, tag, int(math.Ceil(1.5*expected*plan.Duration.Seconds())))
					res := Load{Addr: child.Addr, Conns: conns, Duration: plan.Duration, Source: reqs.Next}.Run()
					row.Rounds = append(row.Rounds, res)
					row.Built += reqs.BuiltDuringRun()
					expected = max(expected, res.RPS())
					fmt.Fprintf(progress, "  load: %-7s auth=%-6s conns=%d round %d: %.0f req/s, p99 %v\n",
						row.Server, row.Auth, conns, round+1, res.RPS(), res.Latencies.Percentile(99))
				}
			}
			rows = append(rows, ceiling, fake)
		}
	}
	return rows, nil
}

// requestsFor prepares the round's requests before the clock starts:
// unique Emails (tagged by round and server), signed in verify mode.
func requestsFor(addr string, auth fakes.AuthMode, tag string, n int) *Requests {
	w := &Workload{Host: addr, Account: fakes.SampleAccountID, Tag: tag}
	if auth == fakes.AuthVerify {
		w.Credentials = DefaultCredentials()
	}
	return NewRequests(n, 2, func(i int) []byte { return Wire(w.Create(i)) })
}
