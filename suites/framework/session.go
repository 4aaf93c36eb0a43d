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
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/gen"
	"github.com/chime-conformance/createuser/suites/report"
)

// Session is one conformance run against one target: the checks run one at
// a time, in catalogue order, sharing the run's client, budget and data.
// Its methods are for one goroutine: Run the checks, then ask the Report.
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
	contract     *gen.Contract // the spec the run checks against (Config.Spec)
	seed         uint64
	filter       types.LabelFilter
	started      time.Time
	rng          *lockedRand
	mu           sync.Mutex
	results      map[string]*report.CheckResult
	gateShut     string // why the remaining checks do not run (a gate check failed)
	reserveScale float64
	setupErr     string
	// learned: what a check found out about the target that later checks
	// go by (T.Learn), by key.
	learnMu sync.Mutex
	learned map[string]any
	// resends counts requests sent again after the keep-alive race.
	resends atomic.Int64
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
	if s.contract, err = gen.ContractFor(cfg.Spec); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	prepareRapid()
	s.ctx, s.cancel = context.WithTimeout(ctx, cfg.Timeout)
	if s.target, err = startTarget(s.ctx, cfg, s.contract.Spec); err != nil {
		s.cancel()
		return nil, err
	}
	s.rng = newLockedRand(s.seed)
	hc := newHTTPClient(s.ctx, cfg, s.rng, &s.resends)
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

// Close stops the embedded fake, if any, ends the run's context, and
// closes the run's idle connections.
func (s *Session) Close() {
	s.cancel()
	s.client.http.CloseIdleConnections()
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

// Contract is what the run's spec says of CreateUser's input.
func (s *Session) Contract() *gen.Contract { return s.contract }

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
		res.Reason = strings.TrimSuffix("the run stopped before this check: "+s.stopReason(), ": ")
	case gate != "":
		res.Reason = gate
	case s.notApplicable(c):
		res.Result, res.Reason = report.Skipped, report.NotApplicable(s.cfg.Profile)
	case !s.Selected(c):
		res.Reason = report.NotSelected
	case !s.active(c):
		res.Result, res.Reason = report.Skipped, "opt-in: "+c.OptIn
	default:
		s.execute(c, res)
	}
	if s.cfg.Progress != nil {
		fmt.Fprintf(s.cfg.Progress, "%-25s %-12s %4d examples %6.2fs  %s\n", c.ID, res.Result, res.Examples, res.Seconds, firstLine(res.Reason))
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
			res.Result, res.Reason, res.Evidence = e.result, evidence.Readable(e.reason), evidence.Readable(e.evidence)
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
		labels := c.ID
		if len(t.replayAlso) > 0 {
			labels = strings.Join(append(slices.Compact(slices.Sorted(slices.Values(t.replayAlso))), c.ID), " || ")
		}
		res.Replay = s.replayCommand(labels)
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

// replayCommand is the chime-conform command line that runs the checks
// labels selects with the run's seed, against the same target, with the
// settings that decide what is drawn (examples, budget) and which opt-in
// checks run: flags, so the command holds whatever set them (flags, the
// environment, the Go API). Credentials and the region still come from
// the environment, as they did for the run; a forbidden identity given
// as credentials (not a profile) has no flag.
func (s *Session) replayCommand(labels string) string {
	cfg := s.cfg
	args := []string{"chime-conform", "-seed", fmt.Sprint(s.seed), "-labels", labels}
	if !cfg.IsFake() {
		args = append(args, "-endpoint", cfg.Endpoint, "-account", cfg.AccountID)
	}
	for _, f := range [][2]string{{"-fake-rules", cfg.FakeRules}, {"-fake-config", cfg.FakeConfig}, {"-forbidden-profile", cfg.ForbiddenProfile},
		{"-profile", cfg.Profile}, {"-region", replayRegion(cfg.Region)}, {"-rps", replayRPS(cfg.RPS)}, {"-request-timeout", replayTimeout(cfg.RequestTimeout)},
		{"-spec", cfg.SpecFile}} {
		if f[1] != "" {
			args = append(args, f[0], f[1])
		}
	}
	args = append(args, "-examples", fmt.Sprint(cfg.Examples))
	if cfg.MaxCreates > 0 {
		args = append(args, "-max-creates", fmt.Sprint(cfg.MaxCreates))
	}
	if cfg.ControlChars {
		args = append(args, "-control-chars")
	}
	if cfg.ProbeThrottling {
		args = append(args, "-probe-throttling")
		// The burst has no flags: its settings go in the environment.
		args = append([]string{fmt.Sprintf("CHIME_THROTTLE_BURST=%d", cfg.ThrottleBurst), fmt.Sprintf("CHIME_THROTTLE_WORKERS=%d", cfg.ThrottleWorkers)}, args...)
	}
	for i, a := range args {
		if strings.ContainsFunc(a, func(r rune) bool { return !safeInShell(r) }) {
			args[i] = evidence.ShellQuote(a)
		}
	}
	return strings.Join(args, " ")
}

// safeInShell is a rune that needs no quoting in a POSIX shell word.
func safeInShell(r rune) bool {
	return r < 0x80 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r))
}

// stopReason says what stopped the run early: the caller's context (a
// signal), or the run's time bound; "" when nothing did (the run is
// still going, or was closed when its caller was done with it).
func (s *Session) stopReason() string {
	switch {
	case s.parent.Err() != nil:
		return "interrupted"
	case errors.Is(s.ctx.Err(), context.DeadlineExceeded):
		return fmt.Sprintf("the run's time bound (%s) ran out", s.cfg.Timeout)
	}
	return ""
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
