package conformance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// finalChecks judge what the whole run saw; they run last.
func finalChecks() {
	fw.It(err5xxShape, func() {
		stats := target.Client.Stats()
		if len(stats.FiveXX) == 0 {
			ginkgo.Skip("no 5xx answer was seen during the run")
		}
		var fiveXX []string
		for _, e := range fw.TheContract().Exceptions {
			if e.Status >= 500 {
				fiveXX = append(fiveXX, e.Name)
			}
		}
		for _, x := range stats.FiveXX {
			fw.ExpectError(gomega.Default, x, fiveXX...)
		}
	})

	fw.It(errCoverage, func() {
		seen := target.Client.Stats().Statuses
		var missing []string
		for _, e := range fw.TheContract().Exceptions {
			if seen[e.Status] == 0 {
				missing = append(missing, fmt.Sprintf("%d %s", e.Status, e.Name))
			}
		}
		slices.Sort(missing)
		if len(missing) > 0 {
			fw.Warn("documented errors never seen during the run: %s", strings.Join(missing, ", "))
		}
	})
}
