package framework

import (
	"strings"
	"time"

	"github.com/chime-conformance/createuser/suites/report"
)

// Report is the run's report so far: checks not run yet are "not run".
func (s *Session) Report() report.Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	rep := report.Report{Target: s.target.describe, RunID: s.target.RunID, Seed: s.seed, Labels: s.cfg.Labels,
		Started: s.started, Seconds: time.Since(s.started).Seconds(), Stats: s.client.Stats(),
		SetupError: s.setupErr, Coverage: s.coverage()}
	rep.Interrupted = s.stopReason()
	rep.Stats.KeepAliveResends = int(s.resends.Load())
	rep.Profile, rep.ProfileExempts = profileOf(s.cfg)
	if rep.Profile == "" {
		rep.Hints = profileHints(s.results)
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

// coverage lists the documented errors and how often the run saw each.
func (s *Session) coverage() []report.Coverage {
	met := s.client.Exceptions()
	var out []report.Coverage
	for _, e := range s.contract.Exceptions {
		seen := 0
		for name, n := range met {
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

// NotChecked is the report of a run that could not be made.
func NotChecked(cat *Catalogue, cfg Config, err error) report.Report {
	rep := report.Report{Target: cfg.Endpoint, Started: time.Now(), SetupError: err.Error(), Labels: cfg.Labels, Seed: cfg.Seed}
	rep.Profile, rep.ProfileExempts = profileOf(cfg)
	if rep.Target == "" {
		rep.Target = "the embedded fake"
	}
	for _, c := range cat.Checks() {
		rep.Checks = append(rep.Checks, report.CheckResult{Check: c.Check, Location: c.where(), Result: report.NotRun, Reason: "the run could not be made"})
	}
	rep.Decide()
	return rep
}

// profileOf is the declared profile's name and what it exempts.
func profileOf(cfg Config) (string, string) {
	p, err := ProfileNamed(cfg.Profile)
	if p == nil || err != nil {
		return "", ""
	}
	return p.Name, p.Summary
}

// notApplicable says whether the declared profile exempts a check.
func (s *Session) notApplicable(c *Check) bool {
	p, _ := ProfileNamed(s.cfg.Profile)
	return p.exempts(c.ID)
}
