package report

import (
	"fmt"
	"strings"
)

// Markdown renders the report for people. Its first line is the verdict
// and why.
func (r Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**: %s\n\n# CreateUser compatibility report\n\n", r.Headline(), r.VerdictReason)
	if r.SetupError != "" {
		fmt.Fprintf(&b, "```\n%s\n```\n\n", r.SetupError)
	}
	if r.Interrupted != "" {
		fmt.Fprintf(&b, "The run stopped early (%s): the results below are partial.\n\n", r.Interrupted)
	}
	fmt.Fprintf(&b, "- %s\n", r.Target)
	if r.Seed != 0 { // a run not made may have drawn none
		fmt.Fprintf(&b, "- seed %d (replay a check: `chime-conform -seed %d -labels <ID>`)", r.Seed, r.Seed)
	} else {
		b.WriteString("- no seed drawn: the run was not made")
	}
	if r.Labels != "" {
		fmt.Fprintf(&b, "; label filter `%s`", r.Labels)
	}
	if r.Profile != "" {
		fmt.Fprintf(&b, "; profile `%s` (%s not applicable)", r.Profile, r.ProfileExempts)
	}
	s := r.Stats
	fmt.Fprintf(&b, "\n- %d requests in %.1fs, %d of which could have created a user; statuses seen: %s",
		s.Requests, r.Seconds, s.MayHaveCreated, statusList(s.Statuses))
	if s.ThrottleWaits > 0 {
		fmt.Fprintf(&b, "; %d throttled and retried", s.ThrottleWaits)
	}
	if s.KeepAliveResends > 0 {
		fmt.Fprintf(&b, "; %d sent again on a fresh connection after the server closed the reused one (the keep-alive race)", s.KeepAliveResends)
	}
	if s.ClientFaults > 0 {
		fmt.Fprintf(&b, "; %d client-side faults retried with fresh input (not counted against the target)", s.ClientFaults)
	}
	if s.TargetFaults > 0 {
		fmt.Fprintf(&b, "; %d transport faults of the target's doing", s.TargetFaults)
	}
	fmt.Fprintf(&b, "\n- %d pass, %d fail, %d warn, %d inconclusive, %d skipped, %d not run\n\n",
		r.Counts[Pass], r.Counts[Fail], r.Counts[Warn], r.Counts[Inconclusive], r.Counts[Skipped], r.Counts[NotRun])

	b.WriteString("| check | level | result | examples | requests | title |\n|---|---|---|---|---|---|\n")
	for _, c := range r.Checks {
		result := string(c.Result)
		if c.Reason != "" && c.Result != Warn {
			result += ": " + firstLine(c.Reason)
		}
		level := string(c.Level)
		if c.OptIn != "" {
			level += " (opt-in)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %d | %d | %s |\n", c.ID, level, cell(result), c.Examples, c.Requests, cell(c.Title))
	}
	if len(r.Coverage) > 0 {
		b.WriteString("\n## Documented errors seen\n\n| status | exception | answers seen | to provoke it |\n|---|---|---|---|\n")
		for _, c := range r.Coverage {
			fmt.Fprintf(&b, "| %d | %s | %d | %s |\n", c.Status, c.Exception, c.Seen, cell(c.How))
		}
	}
	b.WriteString(edgesSection(r.Checks))
	for _, c := range r.Checks {
		if c.Result != Fail && c.Result != Warn {
			continue
		}
		fmt.Fprintf(&b, "\n## %s %s (%s, %s)\n\n%s\n\nRests on: %s (%s)\n", c.ID, c.Result, c.Level, c.Area, c.Title, c.Statement, c.Source)
		if c.Location != "" {
			fmt.Fprintf(&b, "\nAt: %s\n", c.Location)
		}
		if c.Replay != "" {
			fmt.Fprintf(&b, "\nReplay: `%s`", c.Replay)
			if len(c.Exchanges) > 0 {
				b.WriteString(" (the failing exchanges are in failures.har)")
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\n```\n%s\n```\n", strings.TrimSpace(c.Evidence+"\n"+c.Reason))
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

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
