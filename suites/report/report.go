// Package report is a conformance run's outcome: each check's result with
// its evidence, the run's verdict, and the files a run leaves behind
// (Markdown for people, JSON for machines, JUnit for CI, HAR for the
// failing exchanges).
package report

import (
	"time"

	"github.com/chime-conformance/createuser/suites/evidence"
)

// Level is how binding a check is (RFC 2119).
type Level string

const (
	MUST   Level = "MUST"
	SHOULD Level = "SHOULD"
)

// Check describes one conformance check: what it asserts and the statement
// of the reference page (or of the wire facts) it rests on.
type Check struct {
	ID        string `json:"id" yaml:"id"`
	Level     Level  `json:"level" yaml:"level"`
	Area      string `json:"area" yaml:"area"`
	Title     string `json:"title" yaml:"title"`
	Statement string `json:"statement" yaml:"statement"`
	Source    string `json:"source" yaml:"source"`
	// OptIn, when set, says how to enable a check that is not part of the
	// default selection (it needs something an ordinary run lacks).
	OptIn string `json:"optIn,omitempty" yaml:"optIn,omitempty"`
	// NotApplicableIn lists the declared profiles (-profile) in which the
	// check does not apply: the deployment's contract differs there.
	NotApplicableIn []string `json:"notApplicableIn,omitempty" yaml:"notApplicableIn,omitempty"`
}

// Result is one check's outcome.
type Result string

const (
	Pass Result = "pass"
	// Fail: the target's evidence broke the check.
	Fail Result = "fail"
	// Warn: a SHOULD check not met; never a failure of the run.
	Warn Result = "warn"
	// Inconclusive: the check ran and reached no verdict (create budget
	// spent, client-side faults, nothing provoked, the suite's own error).
	Inconclusive Result = "inconclusive"
	// Skipped: an opt-in check that was not enabled.
	Skipped Result = "skipped"
	// NotRun: filtered out, or the run ended before it.
	NotRun Result = "not run"
)

// CheckResult is a check with its outcome and the evidence for it.
type CheckResult struct {
	Check
	Location string `json:"location,omitempty"` // where the check is defined, or where it failed
	Result   Result `json:"result"`
	Reason   string `json:"reason,omitempty"`   // why not pass: the warning, why inconclusive or skipped
	Evidence string `json:"evidence,omitempty"` // a failure: the message, the shrunk input, the exchange, a curl
	Replay   string `json:"replay,omitempty"`   // the command that replays a failure
	// Examples is how many generated inputs (or plain attempts) ran to an
	// answer before a verdict; Requests how many requests the check sent,
	// of which ShrinkRequests while shrinking a failure.
	Examples       int     `json:"examples"`
	Requests       int     `json:"requests"`
	ShrinkRequests int     `json:"shrinkRequests,omitempty"`
	ClientFaults   int     `json:"clientFaults,omitempty"` // client-side faults retried with fresh input
	Seconds        float64 `json:"seconds"`
	// Edges are the edge classes of input the check sent (lengths at
	// bounds, null, scripts, address forms), each at least once.
	Edges []string `json:"edges,omitempty"`
	// Exchanges are the failing example's exchanges (for the HAR file).
	Exchanges []*evidence.Exchange `json:"-"`
}

// Stats is what the run's client saw.
type Stats struct {
	Requests       int         `json:"requests"`
	MayHaveCreated int         `json:"mayHaveCreated"`
	Statuses       map[int]int `json:"statuses"`
	ThrottleWaits  int         `json:"throttledAndRetried"`
	ClientFaults   int         `json:"clientFaults"`
	TargetFaults   int         `json:"targetTransportFaults"`
	// KeepAliveResends: requests sent again on a connection of their own
	// after the server had closed the reused one (the keep-alive race).
	KeepAliveResends int `json:"keepAliveResends"`
}

// Coverage is one documented error and whether the run saw it.
type Coverage struct {
	Status    int    `json:"status"`
	Exception string `json:"exception"`
	Seen      int    `json:"seen"`
	// How the run can provoke it, when it did not.
	How string `json:"how,omitempty"`
}

// Report is the compatibility report of one run.
type Report struct {
	Target string `json:"target"`
	RunID  string `json:"runId"`
	Seed   uint64 `json:"seed"`
	Labels string `json:"labels,omitempty"`
	// Profile is the declared profile, and ProfileExempts what it makes
	// not applicable ("CU-AUTH-*, CU-ERR-401/403").
	Profile        string `json:"profile,omitempty"`
	ProfileExempts string `json:"profileExempts,omitempty"`
	// Hints say what a failure looks like, when it looks like a
	// deployment a profile describes (the verdict's reason ends with them).
	Hints         []string       `json:"hints,omitempty"`
	Started       time.Time      `json:"started"`
	Seconds       float64        `json:"seconds"`
	Verdict       Verdict        `json:"verdict"`
	VerdictReason string         `json:"verdictReason"`
	SetupError    string         `json:"setupError,omitempty"`
	Interrupted   string         `json:"interrupted,omitempty"` // why the run ended early
	Counts        map[Result]int `json:"counts"`
	Stats         Stats          `json:"stats"`
	Coverage      []Coverage     `json:"coverage,omitempty"`
	Checks        []CheckResult  `json:"checks"`
}

// Result returns the result of the check with the given ID.
func (r Report) Result(id string) (CheckResult, bool) {
	for _, c := range r.Checks {
		if c.ID == id {
			return c, true
		}
	}
	return CheckResult{}, false
}
