package report

import (
	"encoding/xml"
	"fmt"
	"strings"
)

// JUnit XML, as CI systems read it: one test case per check. Inconclusive,
// skipped and not-run checks are <skipped> with their reason; a SHOULD not
// met passes with the warning in its output.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     float64      `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
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
			{"seed", fmt.Sprint(r.Seed)}, {"runId", r.RunID}, {"target", r.Target}}}
	for _, c := range r.Checks {
		tc := junitCase{Name: "[" + c.ID + "] " + c.Title, Classname: c.Area, Time: c.Seconds}
		switch c.Result {
		case Fail:
			tc.Failure = &junitMessage{Message: firstLine(c.Evidence), Type: string(c.Level),
				Text: strings.TrimSpace(c.Evidence + "\n\nreplay: " + c.Replay)}
			suite.Failures++
		case Inconclusive, Skipped, NotRun:
			tc.Skipped = &junitMessage{Message: string(c.Result) + ": " + firstLine(c.Reason)}
			suite.Skipped++
		case Warn:
			tc.SystemOut = "SHOULD not met: " + c.Reason
		}
		suite.Cases = append(suite.Cases, tc)
		suite.Tests++
	}
	doc := junitSuites{Name: suite.Name, Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Time: r.Seconds, Suites: []junitSuite{suite}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
