package docgen

import (
	"fmt"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// timestampFamilies applies RuleTimestampFamily to the members of one
// object: each member whose sample proves a timestamp (a string in RFC 3339
// form where the syntax says otherwise) vouches for its unproven siblings
// of the same syntax type and naming family.
func (r *reconciler) timestampFamilies(path string, s *openapi3.Schema, syntax, sample *Node) {
	for _, proof := range syntax.Fields {
		seen := sample.Get(proof.Name)
		if seen == nil || seen.Kind != KindString || proof.Value.Kind == KindString || !isDateTime(seen.Literal) {
			continue
		}
		for _, f := range syntax.Fields {
			if f.Name == proof.Name || !sameType(f.Value, proof.Value) || family(f.Name) != family(proof.Name) {
				continue
			}
			if v := sample.Get(f.Name); v != nil && v.Kind != KindNull {
				continue // its own sample decides (wire-type)
			}
			member := s.Properties[f.Name].Value
			if member.Format == "date-time" {
				continue // already vouched for by another sibling
			}
			member.Type, member.Format = &openapi3.Types{openapi3.TypeString}, "date-time"
			r.decide(RuleTimestampFamily, join(path, f.Name), fmt.Sprintf("Response Syntax: %q: %s", f.Name, placeholder(f.Value)),
				fmt.Sprintf("Sample Response: %s; its sibling %s (%s, also %s in the syntax) is %q",
					sampleOf(f.Name, sample.Get(f.Name)), proof.Name, "..."+family(proof.Name), placeholder(proof.Value), seen.Literal),
				"type: string, format: date-time")
			r.requireZone(join(path, f.Name), f.Name, f.Value, member, fmt.Sprintf("its sibling %s: %q", proof.Name, seen.Literal))
		}
	}
}

// RFC3339Pattern is RFC 3339's date-time grammar (section 5.6: full-date
// "T" full-time, where full-time ends in a time-offset, Z or +hh:mm), as
// an ECMA-262 pattern. Ranges (month 13, second 61) are left to format.
const RFC3339Pattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`

// requireZone applies RuleTimestampZone to a member typed string/date-time.
func (r *reconciler) requireZone(path, name string, syntax *Node, s *openapi3.Schema, evidence string) {
	s.Pattern = RFC3339Pattern
	r.decide(RuleTimestampZone, path, fmt.Sprintf("Response Syntax: %q: %s (no format stated)", name, placeholder(syntax)),
		evidence+" (with its zone)", "pattern: RFC 3339 date-time, zone required")
}

func sameType(a, b *Node) bool {
	return a != nil && b != nil && a.Kind == b.Kind && a.Literal == b.Literal && a.Kind != KindObject && a.Kind != KindArray
}

// family is the last word of a CamelCase name: RegisteredOn and InvitedOn
// are of the family On; PersonalPIN of PIN.
func family(name string) string {
	runes := []rune(name)
	for i := len(runes) - 1; i > 0; i-- {
		if unicode.IsUpper(runes[i]) && !unicode.IsUpper(runes[i-1]) {
			return string(runes[i:])
		}
	}
	return name
}

func sampleOf(name string, n *Node) string {
	if n == nil {
		return "no " + name
	}
	return fmt.Sprintf("%q: null", name)
}
