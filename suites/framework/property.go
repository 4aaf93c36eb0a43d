package framework

import (
	"context"
	"flag"
	"fmt"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/gen"
	"github.com/chime-conformance/createuser/suites/report"
)

// P is one example of a property: a rapid.T whose failures are recorded
// with where they happened and the exchanges behind them. Assertions go
// through G (a Gomega bound to P), so rapid sees a failure and shrinks its
// input before the check reports it.
type P struct {
	*rapid.T
	G gomega.Gomega

	run       *propRun
	mu        sync.Mutex
	failed    bool
	skipped   bool
	exchanges []*evidence.Exchange
}

// propRun is the bookkeeping of one T.Property.
type propRun struct {
	t *T

	mu              sync.Mutex
	valid           int  // examples that ran to an answer before any failure
	shrinking       bool // a failure was found: rapid replays and shrinks it
	reporting       bool // rapid runs the minimal example once more, to show it
	shrinkUsed      int
	shrinkAllowance int
	allowanceSpent  bool // shrinking stopped for want of requests
	first, last     *failure
	// minimal is the last failure of the first's kind met before rapid's
	// replay to show it: the smallest input rapid kept, as it failed. The
	// replay may answer otherwise (the failing attempt changed the
	// target: a stored bad input meets its own 409).
	minimal    *failure
	draws      []string // of the minimal example
	skips      map[string]int
	suiteError string
	stopped    bool
}

type failure struct {
	message, location string
	kind              string // what rapid compares failures by
	exchanges         []*evidence.Exchange
}

// Limit caps the examples of the next Property (checks that prove their
// point in a few examples need not spend a run's budget).
func (t *T) Limit(n int) { t.limit = n }

// Steps sets the average number of actions of a state machine (t.Repeat)
// in the next Property.
func (t *T) Steps(n int) { t.steps = n }

// Property runs prop on generated inputs, as many as the check's share of
// the create budget allows (perExample: how many creates one example may
// make). A failing input is shrunk, within its own allowance of requests,
// before the check fails with it. Examples that met a client-side fault, a
// documented 5xx or a spent budget are discarded and drawn afresh.
func (t *T) Property(perExample int, prop func(*P)) {
	n := t.s.examples(t.check, perExample)
	if t.limit > 0 {
		n = min(n, t.limit)
	}
	if n == 0 {
		t.Inconclusive("create budget spent (CHIME_MAX_CREATES) before this check could run an example")
	}
	run := &propRun{t: t, shrinkAllowance: t.s.shrinkAllowance(), skips: map[string]int{}}
	tb := &rapidTB{run: run, ctx: t.s.ctx, name: t.check.ID}
	withRapid(n, t.s.checkSeed(t.check.ID), t.steps, func() {
		rapid.Check(tb, func(rt *rapid.T) { run.invoke(rt, prop) })
	})
	t.res.Examples += run.valid
	if run.first != nil {
		t.res.Examples++ // the failing one
	}
	run.settle(tb)
}

func (run *propRun) invoke(rt *rapid.T, prop func(*P)) {
	p := &P{T: rt, run: run}
	p.G = gomega.NewWithT(p)
	run.mu.Lock()
	giveUp := run.stopped || run.suiteError != ""
	run.mu.Unlock()
	if giveUp || run.t.s.ctx.Err() != nil {
		p.skip("the run stopped")
	}
	defer func() {
		r := recover()
		run.mu.Lock()
		switch {
		case r == nil:
			if !run.shrinking {
				run.valid++
			}
		case p.failed || p.skipped:
		case !isRapidSignal(r):
			run.suiteError = fmt.Sprintf("%v\n%s", r, debug.Stack())
		}
		run.mu.Unlock()
		if r != nil {
			panic(r)
		}
	}()
	prop(p)
}

// isRapidSignal tells rapid's own control flow (a failed or discarded
// example) from a panic of the check's code.
func isRapidSignal(r any) bool {
	switch fmt.Sprintf("%T", r) {
	case "rapid.stopTest", "rapid.invalidData":
		return true
	}
	return false
}

// Helper marks the calling function as a helper (see T.Helper).
func (p *P) Helper() {
	p.run.t.markHelper(2)
	p.T.Helper()
}

// Fatalf fails the example on the target's evidence.
func (p *P) Fatalf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.mu.Lock()
	p.failed = true
	f := &failure{message: msg, location: p.run.t.location()}
	// rapid keeps a smaller input only when it fails with the same error
	// text; the message carries what differs in every attempt (the run's
	// tags, request IDs, dates), so rapid gets the failure's kind: its
	// place and first line, quoted values left out. The report gets the
	// message.
	f.kind = fmt.Sprintf("failed at %s: %s", f.location, quoted.ReplaceAllString(firstLine(msg), `"…"`))
	for _, x := range p.exchanges[max(0, len(p.exchanges)-maxExchangesPerExample):] {
		f.exchanges = append(f.exchanges, x.Kept())
	}
	p.mu.Unlock()
	p.run.mu.Lock()
	if p.run.first == nil {
		p.run.first = f
	}
	if p.run.reporting {
		p.run.last = f
	} else if f.kind == p.run.first.kind {
		p.run.minimal = f
	}
	p.run.shrinking = true
	p.run.mu.Unlock()
	p.T.Fatalf("%s", f.kind)
}

// quoted matches a Go-quoted value in a message.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// skip discards the example: rapid draws a fresh one.
func (p *P) skip(why string) {
	p.mu.Lock()
	p.skipped = true
	p.mu.Unlock()
	p.run.mu.Lock()
	key, _, _ := strings.Cut(why, " (")
	p.run.skips[key]++
	p.run.mu.Unlock()
	p.T.Skip(why)
}

// pool is the share of the budget the example's next n requests draw
// from: the main pool, or, while shrinking, the shrink allowance (the
// example is discarded when that is spent).
func (p *P) pool(n int) pool {
	run := p.run
	run.mu.Lock()
	shrinking, reporting, spent := run.shrinking, run.reporting, run.shrinkUsed+n > run.shrinkAllowance
	if shrinking && !spent {
		run.shrinkUsed += n
	}
	run.mu.Unlock()
	switch {
	case !shrinking:
		return mainPool
	case spent && reporting:
		// rapid's last replay of the smallest failing input it found:
		// without it the report would have no input to show.
		return mainPool
	case spent:
		run.mu.Lock()
		run.allowanceSpent = true
		run.mu.Unlock()
		p.skip("the shrink allowance is spent")
	}
	return shrinkPool
}

func (run *propRun) stop() {
	run.mu.Lock()
	run.stopped = true
	run.mu.Unlock()
}

// settle ends the check by what the property found.
func (run *propRun) settle(tb *rapidTB) {
	switch {
	case run.first != nil: // found on the target's evidence, even if the run stopped while shrinking it
		f, how := run.shown()
		run.t.exchanges = f.exchanges
		panic(end{result: report.Fail, evidence: f.message + "\n" + run.input(f, how), location: f.location})
	case run.stopped || run.t.s.ctx.Err() != nil:
		panic(end{result: report.NotRun, reason: "the run stopped during this check"})
	case run.suiteError != "":
		panic(end{result: report.Inconclusive, reason: "the suite itself failed, not the target: " + run.suiteError})
	case tb.failed:
		panic(end{result: report.Inconclusive, reason: fmt.Sprintf("only %d examples ran to an answer; discarded: %s", run.valid, run.skipSummary())})
	}
}

// shown is the failure the report shows, and how it was found: rapid's
// replay of the smallest failing input when it failed the same way; else
// that input's own failure, as it happened (a replay that answers
// otherwise, because the failing attempt changed the target, hides the
// answer that was the bug); else the first failure.
func (run *propRun) shown() (*failure, string) {
	how := "shrunk to the smallest input that still fails"
	if run.allowanceSpent {
		how = fmt.Sprintf("the smallest that still fails before the shrink allowance, %d requests, ran out", run.shrinkAllowance)
	}
	if run.minimal == run.first {
		how = "not shrunk"
	}
	switch {
	case run.last != nil && run.last.kind == run.first.kind:
		return run.last, how
	case run.last != nil && run.minimal != nil:
		return run.minimal, how + "; sent again, the same input then got another answer (" + firstLine(run.last.message) +
			"): the failing attempt had changed the target's state, so the exchange shown is the one that failed"
	}
	return run.first, "intermittent: the failure did not recur when its input was replayed; the first occurrence is shown"
}

// input is the failing example's input as the report shows it: the
// requests exactly as they were sent, in order (what the generators drew
// is no input when the check then overrode it), or rapid's draws for an
// example that sent none.
func (run *propRun) input(f *failure, how string) string {
	var lines []string
	for _, x := range f.exchanges {
		lines = append(lines, x.Sent())
	}
	if len(lines) == 0 {
		lines = run.draws
	}
	if len(lines) == 0 {
		return "(" + how + ")"
	}
	return "input (" + how + "):\n  " + strings.Join(lines, "\n  ")
}

func (run *propRun) skipSummary() string {
	var parts []string
	for why, n := range run.skips {
		parts = append(parts, fmt.Sprintf("%d × %s", n, why))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, "; ")
}

// rapidTB is what rapid reports to: it keeps rapid's verdict and the draws
// of the minimal failing example, and gives rapid the run's context.
type rapidTB struct {
	run    *propRun
	ctx    context.Context
	name   string
	failed bool
	notes  []string
}

func (tb *rapidTB) Helper()      {}
func (tb *rapidTB) Name() string { return tb.name }
func (tb *rapidTB) Logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	tb.run.mu.Lock()
	defer tb.run.mu.Unlock()
	if d, ok := strings.CutPrefix(line, "[rapid] draw "); ok && tb.run.reporting {
		tb.run.draws = append(tb.run.draws, d)
	}
}
func (tb *rapidTB) Log(args ...any)                   { tb.Logf("%s", fmt.Sprint(args...)) }
func (tb *rapidTB) Skipf(format string, args ...any)  { tb.Errorf(format, args...) }
func (tb *rapidTB) Skip(args ...any)                  { tb.Error(args...) }
func (tb *rapidTB) SkipNow()                          { tb.Fail() }
func (tb *rapidTB) Fatalf(format string, args ...any) { tb.Errorf(format, args...) }
func (tb *rapidTB) Fatal(args ...any)                 { tb.Error(args...) }
func (tb *rapidTB) Error(args ...any)                 { tb.Errorf("%s", fmt.Sprint(args...)) }
func (tb *rapidTB) FailNow()                          { tb.Fail() }
func (tb *rapidTB) Fail()                             { tb.failed = true }
func (tb *rapidTB) Failed() bool                      { return tb.failed }
func (tb *rapidTB) Context() context.Context          { return tb.ctx }

// Errorf is rapid's verdict. After a failure rapid runs the minimal example
// once more to show it: its draws are the input the report shows.
func (tb *rapidTB) Errorf(format string, args ...any) {
	tb.failed = true
	tb.notes = append(tb.notes, fmt.Sprintf(format, args...))
	tb.run.mu.Lock()
	tb.run.reporting = tb.run.first != nil
	tb.run.mu.Unlock()
}

// rapidMu serialises properties: rapid takes its settings from global
// flags, so one property runs at a time in a process.
var rapidMu sync.Mutex

func withRapid(checks int, seed uint64, steps int, f func()) {
	rapidMu.Lock()
	defer rapidMu.Unlock()
	if steps == 0 {
		steps = 30
	}
	settings := map[string]string{
		"rapid.checks": strconv.Itoa(checks), "rapid.seed": strconv.FormatUint(seed, 10),
		"rapid.steps": strconv.Itoa(steps), "rapid.nofailfile": "true", "rapid.shrinktime": "20s",
	}
	// rapid's flags are the process's: what they were is restored after,
	// so a caller's own properties keep their settings.
	for name, value := range settings {
		fl := flag.Lookup(name)
		if fl == nil {
			panic("framework: rapid has no flag " + name)
		}
		was := fl.Value.String()
		if err := fl.Value.Set(value); err != nil {
			panic("framework: rapid's flag " + name + ": " + err.Error())
		}
		defer func() { _ = fl.Value.Set(was) }()
	}
	f()
}

// AccountID is the existing account under test.
func (p *P) AccountID() string { return p.run.t.AccountID() }

// Data makes the run's test data unique and identifiable.
func (p *P) Data() *gen.Data { return p.run.t.Data() }

// Contract is what the run's spec says of CreateUser's input.
func (p *P) Contract() *gen.Contract { return p.run.t.Contract() }

// RunID tags the run's test data.
func (p *P) RunID() string { return p.run.t.RunID() }
