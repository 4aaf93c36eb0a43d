package docgen_test

import (
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/spec/docgen"
)

// The timestamp-family rule fires where a sibling proved a timestamp, and
// only there: pages edited so that no sibling proves one, or the family or
// the syntax type differs, keep the page's number.
func TestTimestampFamily(t *testing.T) {
	page := string(readPage(t, seedPage))
	edit := func(old, new string, n int) string {
		t.Helper()
		if strings.Count(page, old) < n {
			t.Fatalf("the page lacks %q", old)
		}
		return strings.Replace(page, old, new, n)
	}
	cases := []struct {
		name, page, member string
		fires              bool
	}{
		{"seed page: RegisteredOn proves InvitedOn", page, "InvitedOn", true},
		{"no proof: RegisteredOn null in the sample", edit(`"RegisteredOn":"2020-01-15T22:38:09.806Z"`, `"RegisteredOn":null`, 1), "InvitedOn", false},
		{"no proof: RegisteredOn not RFC 3339", edit(`"RegisteredOn":"2020-01-15T22:38:09.806Z"`, `"RegisteredOn":"yesterday"`, 1), "InvitedOn", false},
		{"another family: InvitedAt", edit(`"InvitedOn"`, `"InvitedAt"`, 2), "InvitedAt", false},
		{"another syntax type: InvitedOn a string", edit(`"InvitedOn": number`, `"InvitedOn": "string"`, 1), "InvitedOn", false},
		{"its own sample decides: InvitedOn a number", edit(`"InvitedOn":null`, `"InvitedOn":1579127889`, 1), "InvitedOn", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, _, doc := generate(t, []byte(c.page))
			member := doc.Components.Schemas["User"].Value.Properties[c.member].Value
			isTimestamp := member.Type.Is("string") && member.Format == "date-time"
			var decision *docgen.Decision
			for i, d := range res.Decisions {
				if d.Rule == docgen.RuleTimestampFamily.ID {
					decision = &res.Decisions[i]
				}
			}
			if isTimestamp != c.fires || (decision != nil) != c.fires {
				t.Fatalf("%s: type %v format %q, decision %+v; want the rule to fire: %v", c.member, member.Type, member.Format, decision, c.fires)
			}
			if !c.fires {
				return
			}
			if decision.Where != "User."+c.member || decision.PageSays != `Response Syntax: "InvitedOn": number` ||
				!strings.Contains(decision.Evidence, "RegisteredOn") {
				t.Errorf("decision: %+v", decision)
			}
			if !member.Nullable {
				t.Error("an unproven timestamp stays nullable (the sample shows null)")
			}
		})
	}
}
