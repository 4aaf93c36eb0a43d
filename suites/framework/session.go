package framework

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/chime-conformance/createuser/suites/gen"
	"github.com/chime-conformance/createuser/suites/report"
)

// Session is one conformance run against one target: the checks run one at
// a time, in catalogue order, sharing the run's client, budget and data.
type Session struct {
	cfg          Config
	cat          *Catalogue
	parent       context.Context
	ctx          context.Context
	cancel       context.CancelFunc
	target       *Target
	client       *Client
	sdk          *chime.Client
	data         *gen.Data
	seed         uint64
	filter       types.LabelFilter
	started      time.Time
	rng          *lockedRand
	mu           sync.Mutex
	results      map[string]*report.CheckResult
	gateShut     string // why the remaining checks do not run (a gate check failed)
	reserveScale float64
	setupErr     string
}

// NewSession checks the configuration, and connects to the target (or
// starts the embedded fake). An error means the run cannot be made.
func NewSession(ctx context.Context, cfg Config, cat *Catalogue) (*Session, error) {
	cfg, err := cfg.WithDefaults()
	if err != nil {
		return nil, err
	}
	s := &Session{cfg: cfg, cat: cat, parent: ctx, started: time.Now(), results: map[string]*report.CheckResult{}, seed: cfg.Seed}
	if cfg.Labels != "" {
		if s.filter, err = types.ParseLabelFilter(cfg.Labels); err != nil {
			return nil, fmt.Errorf("label filter %q: %w", cfg.Labels, err)
		}
	}
	if s.seed == 0 {
		var b [8]byte
		_, _ = rand.Read(b[:])
		s.seed = binary.LittleEndian.Uint64(b[:]) >> 1 // fits a signed flag too
	}
	prepareRapid()
	s.ctx, s.cancel = context.WithTimeout(ctx, cfg.Timeout)
	if s.target, err = startTarget(s.ctx, cfg); err != nil {
		s.cancel()
		return nil, err
	}
	s.rng = newLockedRand(s.seed)
	hc := newHTTPClient(s.ctx, cfg, s.rng)
	s.client = newClient(s, hc)
	s.data = &gen.Data{RunID: s.target.RunID}
	s.sdk = chime.New(chime.Options{Region: cfg.Region, Credentials: s.target.Credentials,
		BaseEndpoint: aws.String(s.target.Endpoint), RetryMaxAttempts: 1, HTTPClient: hc})
	s.scaleReserves()
	return s, nil
}

// prepareRapid makes rapid usable outside `go test`: it reads testing's
// flags (testing.Short), which need testing.Init and parsed flags.
func prepareRapid() {
	testing.Init()
	if !flag.Parsed() {
		_ = flag.CommandLine.Parse(nil)
	}
}

// Close stops the embedded fake, if any, and ends the run's context.
func (s *Session) Close() {
	s.cancel()
	s.target.stop()
}

// Config is the run's configuration, with its defaults.
func (s *Session) Config() Config { return s.cfg }

// UsesSessionToken says whether the run's credentials carry a session
// token (temporary credentials).
func (s *Session) UsesSessionToken() bool {
	creds, err := s.client.credentials(s.ctx, nil)
	return err == nil && creds.SessionToken != ""
}

// Seed is the run's seed.
func (s *Session) Seed() uint64 { return s.seed }

// Catalogue is what the session runs.
func (s *Session) Catalogue() *Catalogue { return s.cat }

// Selected says whether the label filter (and opt-in settings) let a
// check run.
func (s *Session) Selected(c *Check) bool {
	return c.Always || s.filter == nil || s.filter(c.Labels())
}

// RunAll runs every check, in catalogue order.
func (s *Session) RunAll() {
	for _, c := range s.cat.Checks() {
		s.Run(c.ID)
	}
}

// Run runs one check (once: a second call returns the first result).
func (s *Session) Run(id string) report.CheckResult {
	c, ok := s.cat.Lookup(id)
	if !ok {
		panic("framework: no check " + id)
	}
	s.mu.Lock()
	if done, ok := s.results[id]; ok {
		s.mu.Unlock()
		return *done
	}
	res := &report.CheckResult{Check: c.Check, Location: c.where(), Result: report.NotRun}
	s.results[id] = res
	gate, setup := s.gateShut, s.setupErr
	s.mu.Unlock()
	switch {
	case setup != "":
		res.Reason = "the run could not be made"
	case s.ctx.Err() != nil:
		res.Reason = "the run stopped before this check: " + s.stopReason()
	case gate != "":
		res.Reason = gate
	case !s.Selected(c):
		res.Reason = "not selected by the label filter"
	case c.Enabled != nil && !c.Enabled(s):
		res.Result, res.Reason = report.Skipped, "opt-in: "+c.OptIn
	default:
		s.execute(c, res)
	}
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, "%-12s %-12s %4d examples %6.2fs  %s\n", c.ID, res.Result, res.Examples, res.Seconds, firstLine(res.Reason))
	}
	return *res
}

func (s *Session) execute(c *Check, res *report.CheckResult) {
	t := newT(s, c, res)
	start := time.Now()
	defer func() { res.Seconds = time.Since(start).Seconds() }()
	func() {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			e, ok := r.(end)
			if !ok {
				e = end{result: report.Inconclusive, reason: fmt.Sprintf("the suite itself failed, not the target: panic: %v\n%s", r, debug.Stack())}
			}
			res.Result, res.Reason, res.Evidence = e.result, e.reason, e.evidence
			if e.location != "" {
				res.Location = e.location
			}
			if e.abort {
				s.mu.Lock()
				s.setupErr = e.reason
				s.mu.Unlock()
				res.Result = report.NotRun
			}
		}()
		c.Body(t)
		res.Result = report.Pass
	}()
	if res.Examples == 0 && (res.Result == report.Pass || res.Result == report.Fail) {
		res.Examples = 1
	}
	if len(t.warnings) > 0 && res.Result == report.Pass {
		res.Result, res.Reason = report.Warn, strings.Join(t.warnings, "\n")
	}
	if res.Result == report.Fail {
		res.Exchanges = t.exchanges
		res.Replay = fmt.Sprintf("chime-conform -seed %d -labels %s", s.seed, c.ID)
		if c.Level == report.SHOULD {
			res.Result, res.Reason = report.Warn, res.Evidence
		}
		if c.Gate {
			s.mu.Lock()
			s.gateShut = c.ID + " failed: " + firstLine(res.Evidence)
			s.mu.Unlock()
		}
	}
}

// Report is the run's report so far: checks not run yet are "not run".
func (s *Session) Report() report.Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := report.Report{Target: s.target.describe, RunID: s.target.RunID, Seed: s.seed, Labels: s.cfg.Labels,
		Started: s.started, Seconds: time.Since(s.started).Seconds(), Stats: s.client.Stats(),
		SetupError: s.setupErr, Coverage: s.coverage()}
	if s.ctx.Err() != nil {
		rep.Interrupted = s.stopReason()
	}
	for _, c := range s.cat.Checks() {
		if r, ok := s.results[c.ID]; ok {
			rep.Checks = append(rep.Checks, *r)
			continue
		}
		reason := "not run yet"
		if rep.Interrupted != "" {
			reason = "the run stopped before this check"
		}
		rep.Checks = append(rep.Checks, report.CheckResult{Check: c.Check, Location: c.where(), Result: report.NotRun, Reason: reason})
	}
	rep.Decide()
	return rep
}

func (s *Session) stopReason() string {
	switch {
	case s.parent.Err() != nil:
		return "interrupted"
	case errors.Is(s.ctx.Err(), context.DeadlineExceeded):
		return fmt.Sprintf("the run's time bound (%s) ran out", s.cfg.Timeout)
	}
	return "stopped"
}

// coverage lists the documented errors and how often the run saw each.
func (s *Session) coverage() []report.Coverage {
	s.client.mu.Lock()
	defer s.client.mu.Unlock()
	var out []report.Coverage
	for _, e := range gen.TheContract().Exceptions {
		seen := 0
		for name, n := range s.client.exceptions {
			if strings.EqualFold(name, e.Name) {
				seen += n
			}
		}
		out = append(out, report.Coverage{Status: e.Status, Exception: e.Name, Seen: seen, How: provoke[e.Name]})
	}
	return out
}

// provoke says how a run can meet each documented error.
var provoke = map[string]string{
	"BadRequestException":         "invalid input (CU-REQ-*)",
	"UnauthorizedClientException": "unsigned or wrongly signed requests (a target may answer 403 instead)",
	"ForbiddenException":          "opt-in: CHIME_FORBIDDEN_PROFILE (CU-ERR-403F)",
	"NotFoundException":           "an unknown account (CU-ERR-404)",
	"ConflictException":           "a taken Email (CU-ERR-409)",
	"ThrottledClientException":    "opt-in: CHIME_PROBE_THROTTLING (CU-ERR-429)",
	"ServiceFailureException":     "only when the target fails on its own; judged whenever seen (CU-WIRE-01)",
	"ServiceUnavailableException": "only when the target fails on its own; judged whenever seen (CU-WIRE-01)",
}

// checksLeft counts the selected, enabled checks not run yet that send
// creates (the current one included): they share the budget left.
func (s *Session) checksLeft() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.cat.Checks() {
		r, started := s.results[c.ID]
		done := started && r.Result != report.NotRun
		if done || c.Always || !s.Selected(c) || (c.Enabled != nil && !c.Enabled(s)) {
			continue
		}
		n++
	}
	return max(n, 1)
}

// examples is how many examples a property may run: the configured number,
// within the check's share of the budget left (at least one while any is
// left).
func (s *Session) examples(c *Check, perExample int) int {
	n := s.cfg.Examples
	if share := s.Budget(c); share >= 0 {
		n = min(n, share/perExample)
	}
	return n
}

// Budget is the creates a check may spend (-1: unlimited): its reserve,
// if it has one, plus an even share of what is left after the reserves of
// the checks still to run.
func (s *Session) Budget(c *Check) int {
	left := s.client.left(mainPool)
	if left < 0 {
		return -1
	}
	reserved, own := s.reservedAfter(c), s.reserve(c)
	share := max(0, left-reserved-own) / s.checksLeft()
	return min(left, own+max(share, min(1, left-reserved)))
}

// reserve is a check's reserve, scaled down when the reserves together
// would take more than half the budget.
func (s *Session) reserve(c *Check) int {
	if s.reserveScale >= 1 {
		return c.Reserve
	}
	return int(float64(c.Reserve) * s.reserveScale)
}

// scaleReserves fits the selected checks' reserves into half the budget.
func (s *Session) scaleReserves() {
	s.reserveScale = 1
	total := 0
	for _, c := range s.cat.Checks() {
		if s.Selected(c) && (c.Enabled == nil || c.Enabled(s)) {
			total += c.Reserve
		}
	}
	if limit := s.client.limit[mainPool]; limit > 0 && total > limit/2 {
		s.reserveScale = float64(limit/2) / float64(total)
	}
}

// reservedAfter sums the reserves of the checks still to run, c excluded.
func (s *Session) reservedAfter(c *Check) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := 0
	for _, o := range s.cat.Checks() {
		if _, started := s.results[o.ID]; started || o == c || !s.Selected(o) || (o.Enabled != nil && !o.Enabled(s)) {
			continue
		}
		sum += s.reserve(o)
	}
	return sum
}

// shrinkAllowance is how many requests one check may spend shrinking a
// failure: its share of the pool set aside for shrinking.
func (s *Session) shrinkAllowance() int {
	left := s.client.left(shrinkPool)
	if left < 0 {
		return 300
	}
	return min(left, max(10, s.client.limit[shrinkPool]/3))
}

// checkSeed derives a check's rapid seed from the run's: each check draws
// its own inputs, and the same run seed replays them.
func (s *Session) checkSeed(id string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	seed := (s.seed ^ h.Sum64()) >> 1
	if seed == 0 {
		seed = 1
	}
	return seed
}

// SDK is aws-sdk-go-v2's chime client pointed at the target, sharing the
// run's HTTP client (its bounds and faults), making one attempt per call.
func (s *Session) SDK() *chime.Client { return s.sdk }

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// NotChecked is the report of a run that could not be made.
func NotChecked(cat *Catalogue, cfg Config, err error) report.Report {
	rep := report.Report{Target: cfg.Endpoint, Started: time.Now(), SetupError: err.Error(), Labels: cfg.Labels, Seed: cfg.Seed}
	if rep.Target == "" {
		rep.Target = "the embedded fake"
	}
	for _, c := range cat.Checks() {
		rep.Checks = append(rep.Checks, report.CheckResult{Check: c.Check, Location: c.where(), Result: report.NotRun, Reason: "the run could not be made"})
	}
	rep.Decide()
	return rep
}
