package report

import (
	"fmt"
	"strings"
)

// edgesSection lists, for each check that sent edge examples, the classes
// of input it reached: a reader sees that the bounds, nulls, scripts and
// address forms were sent in this run, not left to luck.
func edgesSection(checks []CheckResult) string {
	var b strings.Builder
	for _, c := range checks {
		if len(c.Edges) == 0 {
			continue
		}
		if b.Len() == 0 {
			b.WriteString("\n## Edges reached\n\n| check | edge classes sent |\n|---|---|\n")
		}
		fmt.Fprintf(&b, "| %s | %s |\n", c.ID, cell(strings.Join(c.Edges, "; ")))
	}
	return b.String()
}
