package docgen

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// WriteReport writes the reconciliation report: the rules applied and each
// decision with the page statement it overrides, in Markdown.
func WriteReport(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Reconciliation report: %s - %s\n\n", r.Page.Operation, r.Page.Service)
	fmt.Fprintf(&b, "Parsed: %s %s%s, %d URI parameter(s), %d request member(s), %d response element(s), %d error(s), status %d.\n\n",
		r.Page.Request.Method, r.Page.Request.Path, querySuffix(r.Page.Request), len(r.Page.Params), len(r.Page.Body),
		len(r.Page.Elements), len(r.Page.Errors), r.Page.Response.Status)
	if len(r.Decisions) == 0 {
		b.WriteString("The page agrees with itself: no decision was needed.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	b.WriteString("## Rules\n\n")
	for _, rule := range usedRules(r.Decisions) {
		fmt.Fprintf(&b, "- **%s**: %s\n", rule.ID, rule.Text)
	}
	fmt.Fprintf(&b, "\n## Decisions (%d)\n\n", len(r.Decisions))
	b.WriteString("| # | member | rule | the page says | evidence | decision |\n|---|---|---|---|---|---|\n")
	for i, d := range r.Decisions {
		fmt.Fprintf(&b, "| %d | `%s` | %s | %s | %s | %s |\n", i+1, d.Where, d.Rule, cell(d.PageSays), cell(d.Evidence), cell(d.Decision))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func querySuffix(rs RequestSyntax) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(rs.Query)) { // the report is deterministic too
		parts = append(parts, k+"="+rs.Query[k])
	}
	if len(parts) == 0 {
		return ""
	}
	return "?" + strings.Join(parts, "&")
}

func cell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}
