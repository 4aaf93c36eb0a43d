package conformance

import (
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// LastReport is the report of the run, for cmd/chime-conform.
var LastReport *fw.Report

var _ = ginkgo.ReportAfterSuite("compatibility report", func(r types.Report) {
	report := fw.BuildReport(r, target)
	LastReport = &report
	dir := ""
	if fw.Overrides != nil {
		dir = fw.Overrides.ReportDir
	} else if target != nil {
		dir = target.ReportDir
	}
	if dir != "" {
		if err := report.WriteFiles(dir, r); err != nil {
			ginkgo.GinkgoWriter.Println("writing the report:", err)
		}
	}
})
