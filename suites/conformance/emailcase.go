package conformance

import (
	"fmt"
	"net/http"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

// emailCase is how the target compares Emails, learned once a run: the
// page documents a 409 for a create that conflicts with the account's
// users, and says nothing of letter case. A target that folds ASCII case
// (as the fake does) is held to folding everywhere, under concurrency too;
// one that keeps case variants apart is held to exact Emails, and warned
// (CU-ERR-409C).
type emailCase struct {
	folds bool
	shown string // what the target did, in words
}

func emailCaseOf(t *framework.T) emailCase {
	return t.Learn("email-case", func() any {
		// A passing documented 5xx makes the next answer ambiguous (did
		// the first attempt take effect?): the probe starts over with a
		// fresh Email, a few times.
		why := ""
		for range 3 {
			e := t.Data().Email("Case.Probe@Example.com")
			first, err := t.TrySend(framework.Request{Account: t.AccountID(), Body: body(map[string]any{"Email": e})})
			if err != nil {
				why = err.Error()
				continue
			}
			framework.ExpectStatus(t, t.G, first, http.StatusCreated, "the create of a fresh Email (learning how the target compares Emails)")
			upper := gen.ASCIICase(e, true)
			x, err := t.TrySend(framework.Request{Account: t.AccountID(), Body: body(map[string]any{"Email": upper})})
			if err != nil {
				why = err.Error()
				continue
			}
			framework.ExpectAnswered(t, t.G, x)
			switch x.Status {
			case http.StatusConflict:
				framework.ExpectError(t, t.G, x, "ConflictException")
				return emailCase{folds: true, shown: fmt.Sprintf("%q after %q got 409: the target compares Emails ignoring ASCII case", upper, e)}
			case http.StatusCreated:
				return emailCase{shown: fmt.Sprintf("%q after %q got 201: the target keeps Emails that differ in ASCII case apart", upper, e)}
			}
			t.Fatalf("a create of %q after %q (the same Email but for ASCII case) got HTTP %d: want 409 (the same Email) or 201 (another)%s", upper, e, x.Status, x)
		}
		t.Inconclusive("cannot learn how the target compares Emails: three probes proved nothing (the last: %s)", why)
		return nil
	}).(emailCase)
}

// variant is email as a check sends it again: a drawn ASCII-case variant
// when the target folds case, else email itself. The draw happens either
// way, so the same seed replays the same inputs against any target.
func (c emailCase) variant(p *framework.P, email string) string {
	if k := rapid.IntRange(0, 2).Draw(p.T, "case: 0 same, 1 upper, 2 lower"); k > 0 && c.folds {
		return gen.ASCIICase(email, k == 1)
	}
	return email
}

// key is what the target compares Emails by.
func (c emailCase) key(email string) string {
	if c.folds {
		return gen.ASCIICase(email, false)
	}
	return email
}

var errConflictCase = framework.Define(should("CU-ERR-409C", "errors", "Emails that differ only in ASCII case conflict (409)",
	"The page documents ConflictException (409) and is silent on letter case; mail systems treat addresses without regard to case, "+
		"and so does the fake. A target that keeps case variants apart is warned, and the MUST checks hold it to exact Emails.",
	"the page is silent; the fake and mail practice (docs/WIRE.md)"),
	func(t *framework.T) {
		if c := emailCaseOf(t); !c.folds {
			t.Fatalf("%s", c.shown)
		}
	})
