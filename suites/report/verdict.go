package report

import (
	"fmt"
	"slices"
	"strings"
)

// Verdict is what a run proves about the target.
type Verdict string

const (
	// Compatible: every MUST check of the default selection ran to a
	// verdict and passed, and none failed.
	Compatible Verdict = "COMPATIBLE"
	// Incompatible: a MUST check failed on the target's evidence.
	Incompatible Verdict = "INCOMPATIBLE"
	// Incomplete: nothing failed, but not every MUST check of the default
	// selection passed (skipped, inconclusive, not run, interrupted).
	Incomplete Verdict = "INCOMPLETE"
	// NotChecked: the run could not be made (no credentials, unreachable).
	NotChecked Verdict = "NOT CHECKED"
)

// ExitCode is chime-conform's exit status for a verdict.
func (v Verdict) ExitCode() int {
	switch v {
	case Compatible:
		return 0
	case Incompatible:
		return 1
	case Incomplete:
		return 3
	}
	return 2
}

// Headline is the verdict as printed: with the declared profile, if any
// ("COMPATIBLE, profile signatures-at-gateway: CU-AUTH-*, CU-ERR-401/403
// not applicable").
func (r Report) Headline() string {
	if r.Profile == "" {
		return string(r.Verdict)
	}
	return fmt.Sprintf("%s, profile %s: %s not applicable", r.Verdict, r.Profile, r.ProfileExempts)
}

// NotApplicable is the reason of a check the declared profile exempts.
func NotApplicable(profile string) string { return "not applicable in profile " + profile }

// NotSelected is the reason of a check a label filter left out.
const NotSelected = "not selected by the label filter"

// Decide sets the verdict and its reason from the check results. A check
// in the default selection is a MUST that is not opt-in.
func (r *Report) Decide() {
	r.Counts = map[Result]int{}
	var failed, unproven []string
	leftOut, optInPassed, notApplicable := 0, 0, 0
	for _, c := range r.Checks {
		r.Counts[c.Result]++
		switch {
		case r.Profile != "" && slices.Contains(c.NotApplicableIn, r.Profile):
			if c.Level == MUST && c.OptIn == "" {
				notApplicable++
			}
		case c.Level != MUST:
		case c.Result == Fail:
			failed = append(failed, c.ID)
		case c.OptIn != "" && c.Result == Pass:
			optInPassed++
		case c.OptIn == "" && c.Result == NotRun && c.Reason == NotSelected:
			leftOut++
		case c.OptIn == "" && c.Result != Pass:
			unproven = append(unproven, c.ID+" "+string(c.Result)+why(c))
		}
	}
	notPassed := len(unproven) + leftOut
	switch {
	case r.SetupError != "":
		r.Verdict, r.VerdictReason = NotChecked, "the run could not be made: "+firstLine(r.SetupError)
	case len(failed) > 0:
		r.Verdict = Incompatible
		r.VerdictReason = fmt.Sprintf("%s failed on the target's evidence: %s", plural(len(failed), "MUST check"), strings.Join(failed, ", "))
	case notPassed > 0:
		r.Verdict = Incomplete
		listed := unproven
		if len(unproven) > 6 { // five, and the rest counted
			listed = append(unproven[:5:5], fmt.Sprintf("and %d more", len(unproven)-5))
		}
		if leftOut > 0 {
			// Listed one by one, the checks a filter left out would hide
			// the few it ran: they are one item, last.
			listed = append(listed, fmt.Sprintf("%d left out by the label filter %q (a filtered run proves only what it ran)", leftOut, r.Labels))
		}
		r.VerdictReason = fmt.Sprintf("no MUST check failed, but %s of the default selection did not pass: %s",
			plural(notPassed, "check"), strings.Join(listed, "; "))
		if r.Interrupted != "" {
			r.VerdictReason = "the run stopped early (" + r.Interrupted + "); " + r.VerdictReason
		}
	default:
		n := -notApplicable
		for _, c := range r.Checks {
			if c.Level == MUST && c.OptIn == "" {
				n++
			}
		}
		r.Verdict, r.VerdictReason = Compatible, fmt.Sprintf("all %d MUST checks of the default selection ran and passed", n)
		if optInPassed > 0 {
			r.VerdictReason += fmt.Sprintf(", and %s too", plural(optInPassed, "opt-in check"))
		}
	}
	if r.Profile != "" && r.Verdict != NotChecked {
		r.VerdictReason += fmt.Sprintf("; profile %s declared: %s not applicable (%d MUST checks)", r.Profile, r.ProfileExempts, notApplicable)
	}
	for _, h := range r.Hints {
		r.VerdictReason += "; " + h
	}
}

func why(c CheckResult) string {
	if c.Reason == "" {
		return ""
	}
	return " (" + firstLine(c.Reason) + ")"
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
