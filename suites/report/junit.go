package report

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// JUnit XML, as CI systems read it: a test case for the run's verdict,
// first (a <failure> for INCOMPATIBLE, an <error> for INCOMPLETE and NOT
// CHECKED: a run that exits non-zero is never green), then one per check.
// An inconclusive MUST check is an <error> (it ran and proved nothing, so
// the verdict is not COMPATIBLE); an inconclusive SHOULD check, skipped and
// not-run checks are <skipped> with their reason; a SHOULD not met passes
// with the warning in its output.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     float64      `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       float64         `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      float64       `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnit renders the report as JUnit XML.
func (r Report) JUnit() ([]byte, error) {
	suite := junitSuite{Name: "CreateUser conformance", Time: r.Seconds, Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"),
		Properties: []junitProperty{{"verdict", string(r.Verdict)}, {"verdictReason", r.VerdictReason},
			{"runId", r.RunID}, {"target", r.Target}, {"profile", r.Profile}}}
	if r.Seed != 0 { // a run not made may have drawn none
		suite.Properties = append(suite.Properties, junitProperty{"seed", fmt.Sprint(r.Seed)})
	}
	suite.Cases = append(suite.Cases, r.verdictCase())
	suite.Tests++
	switch r.Verdict {
	case Compatible:
	case Incompatible:
		suite.Failures++
	default:
		suite.Errors++
	}
	for _, c := range r.Checks {
		tc := junitCase{Name: "[" + c.ID + "] " + c.Title, Classname: c.Area, Time: c.Seconds}
		switch c.Result {
		case Fail:
			tc.Failure = &junitMessage{Message: firstLine(c.Evidence), Type: string(c.Level),
				Text: strings.TrimSpace(c.Evidence + "\n\nreplay: " + c.Replay)}
			suite.Failures++
		case Inconclusive:
			if c.Level != MUST {
				tc.Skipped = &junitMessage{Message: string(c.Result) + ": " + firstLine(c.Reason)}
				suite.Skipped++
				break
			}
			tc.Error = &junitMessage{Message: "inconclusive: " + firstLine(c.Reason), Type: "inconclusive", Text: c.Reason}
			suite.Errors++
		case Skipped, NotRun:
			tc.Skipped = &junitMessage{Message: string(c.Result) + ": " + firstLine(c.Reason)}
			suite.Skipped++
		case Warn:
			tc.SystemOut = "SHOULD not met: " + c.Reason
		}
		suite.Cases = append(suite.Cases, tc)
		suite.Tests++
	}
	doc := junitSuites{Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Skipped: suite.Skipped,
		Time: r.Seconds, Suites: []junitSuite{suite}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// verdictCase is the run's verdict as a test case of its own, so a JUnit
// viewer shows an INCOMPLETE or NOT CHECKED run as what it is.
func (r Report) verdictCase() junitCase {
	tc := junitCase{Name: "[VERDICT] " + r.Headline(), Classname: "verdict", Time: r.Seconds}
	msg := &junitMessage{Message: string(r.Verdict) + ": " + firstLine(r.VerdictReason), Type: string(r.Verdict),
		Text: strings.TrimSpace(r.VerdictReason + "\n\n" + r.SetupError)}
	switch r.Verdict {
	case Compatible:
		tc.SystemOut = r.VerdictReason
	case Incompatible:
		tc.Failure = msg
	default:
		tc.Error = msg
	}
	return tc
}
