package fakes_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// Sequences and attempt matching work alike for every client on the
// machine, whether it sends an invocation ID (aws-sdk-go-v2, boto3, CLI v1,
// the JS SDK) or not (CLI v2).
func TestSequencesWorkForEveryClient(t *testing.T) {
	forEachClient(t, func(t *testing.T, c realClient) {
		for rule, attempts := range map[string]int{
			`{"sequence":[{"type":"error","exception":"ServiceUnavailableException"},{"type":"error","exception":"ServiceUnavailableException"},{"type":"pass"}]}`: 3,
			`{"match":{"attempt":1},"action":{"type":"error","exception":"ServiceUnavailableException"}}`:                                                          2,
		} {
			b := measure(t, c, scenario{rule: rule})
			if b.Sees != "ok" || b.Attempts != attempts || b.Exit != nil && *b.Exit != 0 {
				t.Errorf("%s: %s, want ok after %d attempts", rule, cell(b), attempts)
			}
		}
	})
}

// measureGaps times each client's pauses between an answer and its retry.
func measureGaps(t *testing.T, clients []realClient) []fakes.RetryGaps {
	calls := 10
	if n, err := strconv.Atoi(os.Getenv("CHIME_CLIENTS_GAP_CALLS")); err == nil && n > 0 {
		calls = n
	}
	out := make([]fakes.RetryGaps, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = gapsOf(t, c, calls)
		}()
	}
	wg.Wait()
	return out
}

func gapsOf(t *testing.T, c realClient, calls int) fakes.RetryGaps {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify, JournalSize: 100 * calls,
		Rules: []faults.Rule{rule(t, `{"action":{"type":"error","exception":"ServiceUnavailableException"}}`)}})
	for i := range calls {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		c.call(ctx, srv.URL(), fmt.Sprintf("gap%d@example.com", i), 0)
		cancel()
	}
	byCall := map[string][]fakes.Entry{}
	for _, e := range srv.Journal(fakes.Filter{}) {
		byCall[e.Call] = append(byCall[e.Call], e)
	}
	g := fakes.RetryGaps{Client: c.name, Calls: calls}
	var sum float64
	for _, es := range byCall {
		slices.SortFunc(es, func(a, b fakes.Entry) int { return a.Seq - b.Seq })
		for k := 1; k < len(es); k++ {
			answered := es[k-1].Time.Add(time.Duration(es[k-1].DurationMs * float64(time.Millisecond)))
			gap := es[k].Time.Sub(answered).Seconds()
			sum += gap
			g.Gaps++
			g.MaxS = max(g.MaxS, gap)
		}
	}
	if g.Gaps > 0 {
		g.MeanS = sum / float64(g.Gaps)
	}
	return g
}
