package conformance

import (
	"fmt"
	"strings"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/gen"
)

// The checks derived from the spec: for each request member, one that
// every value the page admits is accepted (its edges first, then random
// realistic values), and for each constraint the page states (Pattern,
// Valid Values, Length Constraints, Required: Yes) one that values
// breaking it are refused with 400 and create nothing. Their statements
// quote the page's own lines (the spec's x-amzn-page). Adding a member or
// a constraint to the page adds checks; removing one removes them.
//
// IDs: the checks that existed before the catalogue was derived keep
// theirs (legacyIDs); the others are CU-REQ-<Member>-<constraint>.

// constraint names a stated constraint of a member, as its ID says it.
type constraint string

const (
	cPattern   constraint = "pattern"
	cEnum      constraint = "enum"
	cMinLength constraint = "minLength"
	cMaxLength constraint = "maxLength"
	cRequired  constraint = "required"
	cValid     constraint = "valid"  // every admitted value accepted
	cLetter    constraint = "letter" // letter-of-the-pattern values accepted (SHOULD, opt-in)
)

// legacyIDs keep the IDs the hand-written checks had.
var legacyIDs = map[string]string{
	"Email/pattern":     "CU-REQ-02",
	"UserType/enum":     "CU-REQ-03",
	"accountId/pattern": "CU-REQ-07",
}

func derivedID(member string, c constraint) string {
	if id, ok := legacyIDs[member+"/"+string(c)]; ok {
		return id
	}
	return "CU-REQ-" + member + "-" + string(c)
}

// pageSays is what the page says of a member, in its own words: its
// description and attribute lines.
func pageSays(m gen.Member) string {
	s := m.Name
	if m.Description != "" {
		s += ` ("` + m.Description + `")`
	}
	if len(m.Page) > 0 {
		s += " " + strings.Join(m.Page, "; ")
	}
	return s
}

// refusal is the page's 400, in its words.
func refusal(c *gen.Contract) string {
	_, words, _ := strings.Cut(c.BadRequest, ": ")
	if words == "" {
		return "BadRequestException (400)."
	}
	return fmt.Sprintf("BadRequestException (400): %q", words)
}

// derived lists the checks the contract implies, in a stable order: the
// legacy ones first (by ID), then by member and constraint.
func derived(c *gen.Contract) (legacy map[string]*framework.Check, rest []*framework.Check) {
	legacy = map[string]*framework.Check{}
	add := func(member string, k constraint, ch *framework.Check) {
		if _, ok := legacyIDs[member+"/"+string(k)]; ok {
			legacy[ch.ID] = ch
			return
		}
		rest = append(rest, ch)
	}
	if c.Account.Pattern != nil {
		add("accountId", cPattern, accountPatternCheck(c))
	}
	for _, m := range c.Members {
		add(m.Name, cValid, memberValidCheck(c, m))
		if len(m.Edges(reserveOf(m), gen.Letter)) > 0 {
			add(m.Name, cLetter, memberLetterCheck(c, m))
		}
		if m.Pattern != nil && len(m.Enum) == 0 {
			add(m.Name, cPattern, memberPatternCheck(c, m))
		}
		if len(m.Enum) > 0 {
			add(m.Name, cEnum, memberEnumCheck(c, m))
		}
		under, over := m.LengthViolations(reserveOf(m))
		if m.MinLength > 0 && len(under) > 0 {
			add(m.Name, cMinLength, memberLengthCheck(c, m, true, under))
		}
		if m.Bounded() && len(over) > 0 {
			add(m.Name, cMaxLength, memberLengthCheck(c, m, false, over))
		}
		if m.Required {
			add(m.Name, cRequired, memberRequiredCheck(c, m))
		}
	}
	return legacy, rest
}

// reserveOf is how much of a member's length the run's tag takes.
func reserveOf(m gen.Member) int {
	if m.Name == "Email" {
		return gen.EmailReserve
	}
	return 0
}
