package docgen

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Rule is a written reconciliation rule: how the generator resolves a place
// where the page disagrees with itself or leaves the wire open.
type Rule struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// The rules, in the order the report lists them.
var (
	RuleWireType = Rule{"wire-type", "Where the Response Syntax and the Sample Response disagree on a member's JSON type, " +
		"the sample (what the service put on the wire) wins; a string in RFC 3339 form is typed string/date-time. " +
		"Real clients decode the wire, not the syntax block."}
	RuleNullMeansAbsent = Rule{"null-absent", "The Sample Response sends null for absent values, so every response member " +
		"that is not required may be null (nullable), whatever type the syntax gives it."}
	RuleSampleOnly = Rule{"sample-only-member", "A member the Sample Response carries but the Response Syntax lacks is added " +
		"as optional, typed from the sample; one seen only as null accepts any type."}
	RuleNoValueFormat = Rule{"no-value-format", "Formats are never inferred from sample values: an identifier with the " +
		"layout of a UUID but non-hex characters is not a UUID, so identifiers stay plain strings."}
	RuleSharedEnum = Rule{"shared-enum", "A response member named like a request member with Valid Values takes those " +
		"values: the page documents one value set per name."}
	RuleIdentifierRequired = Rule{"identifier-required", "An object's identifier (member <Object>Id of an <Object>) is " +
		"required: clients key on it, and the service model marks it required."}
	RuleElementsRequired = Rule{"elements-required", "Members listed under Response Elements are returned by the " +
		"service: they are required at the top level of the body."}
	RuleTimestampFamily = Rule{"timestamp-family", "A member whose sample value proves nothing (null, or absent) but " +
		"that the Response Syntax gives the same type as a sibling whose sample value proved to be an RFC 3339 " +
		"timestamp string, and that shares that sibling's naming family (the last word of the name, e.g. ...On), " +
		"is a timestamp too: typed string/date-time. The page writes all its timestamps one way; the sample shows " +
		"how they travel."}
	RuleTimestampZone = Rule{"timestamp-zone", "A timestamp (string/date-time) also carries RFC 3339's date-time " +
		"grammar (section 5.6) as a pattern, time zone required: many JSON Schema validators treat format as a mere " +
		"annotation, none skips a pattern. The sample's timestamps carry their zone (...806Z); a client that copes " +
		"without one (smithy-go does) does not make a zoneless timestamp valid."}
)

// Rules lists every rule the generator applies.
var Rules = []Rule{RuleWireType, RuleTimestampFamily, RuleTimestampZone, RuleNullMeansAbsent, RuleSampleOnly, RuleNoValueFormat, RuleSharedEnum,
	RuleIdentifierRequired, RuleElementsRequired}

// Decision records one application of a rule, with the page statement it
// overrides or fills in.
type Decision struct {
	Rule     string `json:"rule"`
	Where    string `json:"where"`              // member path in the body, e.g. User.RegisteredOn
	PageSays string `json:"pageSays"`           // the statement of the page that is overridden
	Evidence string `json:"evidence,omitempty"` // what the sample shows
	Decision string `json:"decision"`
}

var uuidLayoutRe = regexp.MustCompile(`^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$`)
var hexUUIDRe = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// reconciler merges a syntax skeleton with a sample body into one schema,
// recording each decision.
type reconciler struct {
	enums     map[string][]any // request members with Valid Values, by name
	decisions []Decision
}

func (r *reconciler) decide(rule Rule, where, pageSays, evidence, decision string) {
	r.decisions = append(r.decisions, Decision{rule.ID, where, pageSays, evidence, decision})
}

// merge builds the schema of the member at path from its syntax node and
// its sample node (either may be nil).
func (r *reconciler) merge(path, name string, syntax, sample *Node) *openapi3.Schema {
	if syntax == nil {
		return r.sampleOnly(path, sample)
	}
	if syntax.Kind == KindObject && (sample == nil || sample.Kind == KindObject) {
		return r.mergeObject(path, syntax, sample)
	}
	s := schemaFromNode(syntax)
	if sample == nil {
		return s
	}
	switch {
	case sample.Kind == KindNull && syntax.Kind != KindNull:
		r.decide(RuleNullMeansAbsent, path, fmt.Sprintf("Response Syntax: %q: %s", name, placeholder(syntax)),
			fmt.Sprintf("Sample Response: %q: null", name), "nullable: true")
	case sample.Kind == KindString && syntax.Kind != KindString:
		s = openapi3.NewStringSchema()
		decision := "type: string"
		if isDateTime(sample.Literal) {
			s.Format, decision = "date-time", "type: string, format: date-time"
		}
		r.decide(RuleWireType, path, fmt.Sprintf("Response Syntax: %q: %s", name, placeholder(syntax)),
			fmt.Sprintf("Sample Response: %q: %q", name, sample.Literal), decision)
		if s.Format == "date-time" {
			r.requireZone(path, name, syntax, s, fmt.Sprintf("Sample Response: %q", sample.Literal))
		}
	case sample.Kind != syntax.Kind && sample.Kind != KindNull:
		r.decide(RuleWireType, path, fmt.Sprintf("Response Syntax: %q: %s", name, placeholder(syntax)),
			fmt.Sprintf("Sample Response: %q is a JSON %s", name, sample.Kind), "type from the sample: "+string(sample.Kind))
		s = schemaFromNode(sample)
	}
	r.checkValueFormat(path, name, sample)
	return s
}

// mergeObject merges members in syntax order, then the sample's extra ones.
func (r *reconciler) mergeObject(path string, syntax, sample *Node) *openapi3.Schema {
	s := openapi3.NewObjectSchema()
	for _, f := range syntax.Fields {
		p := join(path, f.Name)
		s.Properties[f.Name] = openapi3.NewSchemaRef("", r.member(p, f.Name, f.Value, sample.Get(f.Name)))
	}
	if sample != nil {
		for _, f := range sample.Fields {
			if syntax.Get(f.Name) == nil {
				s.Properties[f.Name] = openapi3.NewSchemaRef("", r.member(join(path, f.Name), f.Name, nil, f.Value))
			}
		}
	}
	r.timestampFamilies(path, s, syntax, sample)
	objectName := path[strings.LastIndex(path, ".")+1:]
	if id := objectName + "Id"; s.Properties[id] != nil {
		s.Required = append(s.Required, id)
		s.Properties[id].Value.Nullable = false
		r.decide(RuleIdentifierRequired, join(path, id), fmt.Sprintf("Response Syntax: %q: \"string\" (no Required line for nested members)", id),
			"", "required, not nullable")
	}
	return s
}

// member is merge plus the rules that hold for every response member.
func (r *reconciler) member(path, name string, syntax, sample *Node) *openapi3.Schema {
	s := r.merge(path, name, syntax, sample)
	s.Nullable = true // RuleNullMeansAbsent; identifiers are made non-null by mergeObject
	if values, ok := r.enums[name]; ok && s.Type.Is(openapi3.TypeString) && len(s.Enum) == 0 {
		s.Enum = values
		r.decide(RuleSharedEnum, path, fmt.Sprintf("Response Syntax: %q: \"string\"", name),
			fmt.Sprintf("Request Body: %s Valid Values: %v", name, values), fmt.Sprintf("enum: %v", values))
	}
	return s
}

func (r *reconciler) sampleOnly(path string, sample *Node) *openapi3.Schema {
	s := schemaFromNode(sample)
	switch {
	case sample.Kind == KindNull:
		s = &openapi3.Schema{}
	case sample.Kind == KindString:
		s = openapi3.NewStringSchema() // the sample's value is one example, not a format
	case sample.Kind == KindObject:
		s = r.mergeObject(path, &Node{Kind: KindObject}, sample)
	}
	typ := "any type (seen only as null)"
	if s.Type != nil && len(*s.Type) > 0 {
		typ = "type: " + (*s.Type)[0]
	}
	r.decide(RuleSampleOnly, path, "Response Syntax: no such member", "Sample Response: "+sampleText(sample),
		"optional, nullable, "+typ)
	return s
}

func (r *reconciler) checkValueFormat(path, name string, sample *Node) {
	if sample.Kind == KindString && uuidLayoutRe.MatchString(sample.Literal) && !hexUUIDRe.MatchString(sample.Literal) {
		r.decide(RuleNoValueFormat, path, fmt.Sprintf("Response Syntax: %q: \"string\"", name),
			fmt.Sprintf("Sample Response: %q (UUID layout, not hex)", sample.Literal), "no format: uuid")
	}
}

func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

func placeholder(n *Node) string {
	if n.Kind == KindString {
		return `"string"`
	}
	if n.Literal != "" {
		return n.Literal
	}
	return string(n.Kind)
}

func sampleText(n *Node) string {
	switch n.Kind {
	case KindString:
		return fmt.Sprintf("%q", n.Literal)
	case KindObject:
		return "an object"
	case KindArray:
		return fmt.Sprintf("an array of %d", len(n.Items))
	}
	return n.Literal
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
