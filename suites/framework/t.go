package framework

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/onsi/gomega"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/gen"
	"github.com/chime-conformance/createuser/suites/report"
)

// T is one check's run: how its body reaches the target, and how it ends.
// Assertions go through G (a Gomega bound to T): the first failure ends the
// check. Properties (T.Property) assert through their own P instead.
type T struct {
	s     *Session
	check *Check
	G     gomega.Gomega

	res        *report.CheckResult
	helpers    sync.Map // names of the functions that called Helper
	mu         sync.Mutex
	exchanges  []*evidence.Exchange // of the check's plain requests
	steps      int
	limit      int
	warnings   []string
	replayAlso []string // checks whose requests a replay must send too
}

// end is what a check's body panics with to end the check early.
type end struct {
	result   report.Result
	reason   string // skipped, inconclusive
	evidence string // failed
	location string
	abort    bool // the run could not be made
	// unproven: this input proved nothing (a documented 5xx that went
	// away, client-side faults); another input may.
	unproven    bool
	budgetSpent bool // the create budget ran out (CHIME_MAX_CREATES)
}

func newT(s *Session, c *Check, res *report.CheckResult) *T {
	t := &T{s: s, check: c, res: res}
	t.G = gomega.NewWithT(t)
	return t
}

// Context is the run's context: it ends when the run is interrupted.
func (t *T) Context() context.Context { return t.s.ctx }

// Learn returns what the run found out about the target under key,
// finding it out with learn (which may send requests as this check) the
// first time any check asks. What the contract leaves open and a target
// decides for itself (how it compares Emails) is learned once, and the
// checks hold the target to its own choice. When learn fails the check,
// that is kept: the next checks to ask are inconclusive, naming it. When
// it ends the check otherwise (nothing proven), the next check tries again.
func (t *T) Learn(key string, learn func() any) any {
	t.s.learnMu.Lock()
	defer t.s.learnMu.Unlock()
	if t.s.learned == nil {
		t.s.learned = map[string]any{}
	}
	switch v := t.s.learned[key].(type) {
	case nil:
	case notLearned:
		// One check failed on it; the others that need it prove nothing
		// without it, and are not blamed for the same answer again.
		t.Inconclusive("this check needs what %s could not learn (%s)", v.check, v.why)
	default:
		return v
	}
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(end); ok && e.result == report.Fail {
				t.s.learned[key] = notLearned{check: t.check.ID, why: firstLine(e.evidence)}
			}
			panic(r)
		}
	}()
	v := learn()
	t.s.learned[key] = v
	return v
}

// notLearned is what Learn keeps when learning failed a check.
type notLearned struct{ check, why string }

// SetExamples says how many inputs a plain check judged (by default one).
func (t *T) SetExamples(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.res.Examples = n
}

// Config is the run's configuration (with defaults filled in).
func (t *T) Config() Config { return t.s.cfg }

// AccountID is the existing account under test.
func (t *T) AccountID() string { return t.s.cfg.AccountID }

// RunID tags the run's test data.
func (t *T) RunID() string { return t.s.target.RunID }

// Data makes the run's test data unique and identifiable.
func (t *T) Data() *gen.Data { return t.s.data }

// Contract is what the run's spec says of CreateUser's input.
func (t *T) Contract() *gen.Contract { return t.s.contract }

// Client is the run's client (its stats, findings and URLs).
func (t *T) Client() *Client { return t.s.client }

// Helper marks the calling function as a helper: failures point at its
// caller, as testing.T.Helper does.
func (t *T) Helper() { t.markHelper(2) }

// markHelper records the function skip frames up as a helper.
func (t *T) markHelper(skip int) {
	if pc, _, _, ok := runtime.Caller(skip); ok {
		t.helpers.Store(runtime.FuncForPC(pc).Name(), true)
	}
}

// Fatalf fails the check on the target's evidence, and ends it.
func (t *T) Fatalf(format string, args ...any) {
	panic(end{result: report.Fail, evidence: fmt.Sprintf(format, args...), location: t.location()})
}

// Abort ends the run: it could not be made (the target does not answer).
func (t *T) Abort(format string, args ...any) {
	panic(end{abort: true, reason: fmt.Sprintf(format, args...)})
}

// Skip ends the check as skipped (an opt-in check not enabled).
func (t *T) Skip(format string, args ...any) {
	panic(end{result: report.Skipped, reason: fmt.Sprintf(format, args...)})
}

// Inconclusive ends the check without a verdict.
func (t *T) Inconclusive(format string, args ...any) {
	panic(end{result: report.Inconclusive, reason: fmt.Sprintf(format, args...)})
}

// Warn records that a SHOULD check is not met (it does not end the check).
func (t *T) Warn(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.warnings = append(t.warnings, fmt.Sprintf(format, args...))
}

// location is where a failure happened: the first frame of the stack that
// is not in the framework, Gomega, rapid or the runtime, nor a helper.
func (t *T) location() string {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		if _, helper := t.helpers.Load(f.Function); !helper && !infrastructure(f.Function) {
			return fmt.Sprintf("%s:%d", filepath.Base(f.File), f.Line)
		}
		if !more {
			return t.check.where()
		}
	}
}

func infrastructure(fn string) bool {
	for _, prefix := range []string{
		"github.com/chime-conformance/createuser/suites/framework.",
		"github.com/onsi/", "pgregory.net/rapid", "runtime.", "testing.",
	} {
		if strings.HasPrefix(fn, prefix) {
			return true
		}
	}
	return false
}

// Attach adds the findings' exchanges to the check's evidence (HAR).
func (t *T) Attach(findings ...Finding) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range findings {
		t.exchanges = append(t.exchanges, f.Exchange)
	}
}

// Reached records edge classes of input the check sent (the report lists
// them per check).
func (t *T) Reached(classes ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.res.Edges = append(t.res.Edges, classes...)
}

// Budget is the creates this check may spend (-1: unlimited).
func (t *T) Budget() int { return t.s.Budget(t.check) }

// Seed is this check's seed, derived from the run's.
func (t *T) Seed() uint64 { return t.s.checkSeed(t.check.ID) }

// ReplayWith says that a replay of this check's failure needs the requests
// of other checks too (an audit of what they met).
func (t *T) ReplayWith(ids ...string) { t.replayAlso = append(t.replayAlso, ids...) }

// Wait waits d, or until the run stops.
func (t *T) Wait(d time.Duration) { _ = sleep(t.s.ctx, d) }
