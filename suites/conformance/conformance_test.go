package conformance_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/report"
)

// TestConformance runs the checks as Ginkgo specs against CHIME_ENDPOINT, or
// the embedded fake when it is unset: `go test ./suites/conformance`. Each
// spec runs one check of the same session conformance.Run uses, so the
// verdict, the report and its evidence are the same as chime-conform's.
func TestConformance(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "CreateUser conformance")
}

var session *framework.Session

var _ = ginkgo.BeforeSuite(func() {
	cfg, err := conformance.ConfigFromEnv(os.Getenv)
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	cfg.Progress = ginkgo.GinkgoWriter
	session, err = conformance.NewSession(context.Background(), cfg)
	gomega.Expect(err).NotTo(gomega.HaveOccurred(), "the run could not be made")
	ginkgo.GinkgoWriter.Printf("chime-conform: seed %d\n", session.Seed())
})

var _ = ginkgo.AfterSuite(func() {
	if session != nil {
		session.Close()
	}
})

// One spec per check, in catalogue order, located where the check is
// defined; a failure carries the check's evidence and replay command.
var _ = ginkgo.Describe("CreateUser conformance", ginkgo.Ordered, ginkgo.ContinueOnFailure, func() {
	for _, c := range conformance.Catalogue() {
		ginkgo.It(c.SpecText(), ginkgo.Label(c.Labels()...), c.Location(), func() {
			r := session.Run(c.ID)
			switch r.Result {
			case report.Fail:
				ginkgo.Fail(strings.Join([]string{"at " + r.Location, r.Evidence, "replay: " + r.Replay}, "\n"))
			case report.Warn:
				ginkgo.AddReportEntry("SHOULD not met", r.Reason)
			case report.Inconclusive, report.Skipped, report.NotRun:
				ginkgo.Skip(string(r.Result) + ": " + r.Reason)
			}
		})
	}
})

// The compatibility report, as chime-conform writes it (CHIME_REPORT_DIR).
var _ = ginkgo.ReportAfterSuite("compatibility report", func(ginkgo.Report) {
	if session == nil {
		return
	}
	rep := session.Report()
	if dir := os.Getenv("CHIME_REPORT_DIR"); dir != "" {
		gomega.Expect(rep.WriteFiles(dir)).To(gomega.Succeed())
	}
	// Only COMPATIBLE passes: an INCOMPLETE run (a label filter, a spent
	// budget, an interruption) proves less than CI would take it to.
	if rep.Verdict != report.Compatible {
		ginkgo.Fail(fmt.Sprintf("%s: %s", rep.Verdict, rep.VerdictReason))
	}
	ginkgo.GinkgoWriter.Printf("%s: %s\n", rep.Verdict, rep.VerdictReason)
})
