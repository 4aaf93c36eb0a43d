package framework

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/chime-conformance/createuser/suites/report"
)

// Validate refuses, before a single request, a configuration a run would
// misread: values out of range, an endpoint that is no base URL, a label
// filter that selects no check (a run of the preflight alone would prove
// nothing), a report directory that cannot be written (found only after
// the whole budget was spent, otherwise).
func Validate(cat *Catalogue, cfg Config) error {
	c, err := cfg.WithDefaults()
	if err != nil {
		return err
	}
	if c.Labels != "" {
		filter, err := types.ParseLabelFilter(c.Labels)
		if err != nil {
			return fmt.Errorf("label filter %q: %w", c.Labels, err)
		}
		var areas []string
		selects := false
		for _, ch := range cat.Checks() {
			areas = append(areas, ch.Area)
			selects = selects || (!ch.Always && filter(ch.Labels()))
		}
		if !selects {
			slices.Sort(areas)
			return fmt.Errorf("label filter %q selects no check: the labels are the IDs (CU-REQ-02), the levels (MUST, SHOULD), the areas (%s) and opt-in; chime-conform -list lists the checks",
				c.Labels, strings.Join(slices.Compact(areas), ", "))
		}
	}
	if c.ReportDir != "" {
		if err := report.CheckDir(c.ReportDir); err != nil {
			return err
		}
	}
	return nil
}
