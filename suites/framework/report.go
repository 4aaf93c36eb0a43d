package framework

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
)

// Result is one check's outcome.
type Result string

const (
	Pass    Result = "pass"
	Fail    Result = "fail"
	Warning Result = "warn" // a SHOULD not met
	Skipped Result = "skipped"
	NotRun  Result = "not run" // filtered out
)

// CheckResult is a check with its outcome and the evidence for it.
type CheckResult struct {
	Check
	Result   Result  `json:"result"`
	Reason   string  `json:"reason,omitempty"`   // why skipped, or the warning
	Evidence string  `json:"evidence,omitempty"` // for failures: message, rapid seed and shrunk input, curl
	Seconds  float64 `json:"seconds"`
}

// Report is the compatibility report of one run.
type Report struct {
	Target     string         `json:"target"`
	Started    time.Time      `json:"started"`
	Seconds    float64        `json:"seconds"`
	Compatible bool           `json:"compatible"`           // no MUST failed
	SetupError string         `json:"setupError,omitempty"` // the run could not be made
	Counts     map[Result]int `json:"counts"`
	Stats      Stats          `json:"stats"`
	Checks     []CheckResult  `json:"checks"`
}

// BuildReport reads Ginkgo's report: one spec per check, by ID.
func BuildReport(r types.Report, t *Target) Report {
	out := Report{Started: r.StartTime, Seconds: r.RunTime.Seconds(), Compatible: true, Counts: map[Result]int{}}
	if t != nil {
		out.Target, out.Stats = t.Describe(), t.Client.Stats()
	}
	specs := map[string]types.SpecReport{}
	for _, s := range r.SpecReports {
		if id := IDOf(s.LeafNodeText); id != "" {
			specs[id] = s
		}
		if s.LeafNodeType == types.NodeTypeBeforeSuite && s.State.Is(types.SpecStateFailureStates) {
			out.SetupError = failureText(s)
		}
	}
	for _, c := range Catalogue() {
		cr := CheckResult{Check: c, Result: NotRun}
		if s, ok := specs[c.ID]; ok {
			cr.Seconds = s.RunTime.Seconds()
			switch {
			case s.State.Is(types.SpecStatePassed):
				cr.Result = Pass
				for _, e := range s.ReportEntries {
					if e.Name == WarningEntry {
						cr.Result, cr.Reason = Warning, strings.TrimSpace(cr.Reason+"\n"+e.StringRepresentation())
					}
				}
			case s.State.Is(types.SpecStateSkipped):
				cr.Result, cr.Reason = Skipped, s.Failure.Message
				if cr.Reason == "" {
					cr.Reason = "skipped by Ginkgo (an earlier failure in BeforeSuite?)"
				}
			case s.State.Is(types.SpecStatePending):
				cr.Result, cr.Reason = NotRun, "pending"
			default:
				cr.Result, cr.Evidence = Fail, failureText(s)
				if c.Level == MUST {
					out.Compatible = false
				}
			}
		}
		out.Counts[cr.Result]++
		out.Checks = append(out.Checks, cr)
	}
	if out.SetupError != "" {
		out.Compatible = false // e.g. the target could not be reached
	}
	return out
}

func failureText(s types.SpecReport) string {
	msg := s.Failure.Message
	if s.Failure.ForwardedPanic != "" {
		msg += "\npanic: " + s.Failure.ForwardedPanic
	}
	return strings.TrimSpace(msg)
}

// WriteFiles writes report.json, report.md and junit.xml into dir.
func (r Report) WriteFiles(dir string, ginkgoReport types.Report) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "report.md"), []byte(r.Markdown()), 0o644); err != nil {
		return err
	}
	return reporters.GenerateJUnitReport(ginkgoReport, filepath.Join(dir, "junit.xml"))
}

// Markdown renders the report for people.
func (r Report) Markdown() string {
	var b strings.Builder
	verdict := "COMPATIBLE: every MUST check passed"
	switch {
	case r.SetupError != "":
		verdict = "NOT CHECKED: the run could not be made:\n\n```\n" + r.SetupError + "\n```"
	case !r.Compatible:
		verdict = "NOT COMPATIBLE: a MUST check failed"
	}
	fmt.Fprintf(&b, "# CreateUser compatibility report\n\n%s\n\n", verdict)
	fmt.Fprintf(&b, "- %s\n- %d requests in %.1fs; statuses seen: %s", r.Target, r.Stats.Requests, r.Seconds, statusList(r.Stats.Statuses))
	if r.Stats.Throttled > 0 {
		fmt.Fprintf(&b, "; %d throttled and retried", r.Stats.Throttled)
	}
	fmt.Fprintf(&b, "\n- %d pass, %d fail, %d warn, %d skipped, %d not run\n\n", r.Counts[Pass], r.Counts[Fail], r.Counts[Warning], r.Counts[Skipped], r.Counts[NotRun])
	b.WriteString("| check | level | result | title |\n|---|---|---|---|\n")
	for _, c := range r.Checks {
		result := string(c.Result)
		if c.Reason != "" && c.Result != Warning {
			result += ": " + oneLine(c.Reason)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", c.ID, c.Level, strings.ReplaceAll(result, "|", `\|`), c.Title)
	}
	for _, c := range r.Checks {
		if c.Result != Fail && c.Result != Warning {
			continue
		}
		fmt.Fprintf(&b, "\n## %s %s (%s, %s)\n\n%s\n\nRests on: %s (%s)\n\n```\n%s\n```\n", c.ID, c.Result, c.Level, c.Area, c.Title, c.Statement, c.Source, strings.TrimSpace(c.Evidence+"\n"+c.Reason))
	}
	return b.String()
}

func oneLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func statusList(m map[int]int) string {
	var parts []string
	for code := 100; code < 600; code++ {
		if n := m[code]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d×%d", code, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
