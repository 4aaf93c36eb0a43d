package framework

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/getkin/kin-openapi/openapi3"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/spec"
)

// Member is a request body member as the spec defines it: the generators
// are derived from these, never from hand-kept lists.
type Member struct {
	Name     string
	Type     string // JSON type: string, integer, number, boolean, array, object
	Pattern  *regexp.Regexp
	Enum     []string
	Required bool
}

// Contract is what the generators read from the spec.
type Contract struct {
	Members        []Member
	AccountPattern *regexp.Regexp
	Exceptions     []spec.Exception
}

var loadContract = sync.OnceValues(func() (*Contract, error) {
	s, err := spec.Load()
	if err != nil {
		return nil, err
	}
	op := s.Doc.Paths.Find("/accounts/{accountId}/users").Post
	c := &Contract{Exceptions: s.Exceptions("CreateUser")}
	for _, p := range op.Parameters {
		if p.Value.Name == "accountId" {
			c.AccountPattern = regexp.MustCompile(p.Value.Schema.Value.Pattern)
		}
	}
	body := op.RequestBody.Value.Content.Get("application/json").Schema.Value
	for _, name := range slices.Sorted(maps.Keys(body.Properties)) {
		c.Members = append(c.Members, memberOf(name, body.Properties[name].Value, slices.Contains(body.Required, name)))
	}
	return c, nil
})

func memberOf(name string, s *openapi3.Schema, required bool) Member {
	m := Member{Name: name, Required: required}
	if s.Type != nil && len(*s.Type) > 0 {
		m.Type = (*s.Type)[0]
	}
	if s.Pattern != "" {
		m.Pattern = regexp.MustCompile(s.Pattern)
	}
	for _, e := range s.Enum {
		m.Enum = append(m.Enum, fmt.Sprint(e))
	}
	return m
}

// TheContract returns the spec-derived contract.
func TheContract() *Contract {
	c, err := loadContract()
	if err != nil {
		panic(err)
	}
	return c
}

// Member returns the member with the given name.
func (c *Contract) Member(name string) Member {
	for _, m := range c.Members {
		if m.Name == name {
			return m
		}
	}
	panic("framework: the spec has no request member " + name)
}

// Status is the documented status of an exception, 0 when undocumented.
func (c *Contract) Status(exception string) int {
	for _, e := range c.Exceptions {
		if strings.EqualFold(e.Name, exception) {
			return e.Status
		}
	}
	return 0
}

// Constrained says whether some string value is invalid for the member.
func (m Member) Constrained() bool { return m.Pattern != nil || len(m.Enum) > 0 }

// Valid draws a value the spec accepts: from the enum, from the pattern,
// or any string (unicode, empty, long) when the member is unconstrained.
func (m Member) Valid() *rapid.Generator[string] {
	switch {
	case len(m.Enum) > 0:
		return rapid.SampledFrom(m.Enum)
	case m.Pattern != nil:
		return rapid.StringMatching(portableRE2(m.Pattern.String()))
	default:
		return rapid.OneOf(rapid.String(), rapid.StringN(0, 300, -1), rapid.Just(""))
	}
}

// portableRE2 is the page pattern (ECMA-262) as an RE2 pattern that draws
// only values every regex dialect matches: Go's reading of the page's text
// would draw Emails with \r or U+2028, which ECMA-262 refuses.
func portableRE2(source string) string {
	p, err := spec.CompilePattern(source)
	if err != nil {
		panic(err)
	}
	re2, ok := p.PortableRE2()
	if !ok {
		panic("framework: pattern " + source + " has no portable RE2 form to draw from")
	}
	return re2
}

// boundary runes are what patterns and enums turn on; strings made of them
// reach the edges of a pattern far more often than random text.
var boundary = []rune{' ', '\t', '\n', '@', '.', 'a', 'Z', '_', '-'}

// Invalid draws a string the spec rejects: for an enum, case variants and
// near-misses of its values; for a pattern, strings it does not match.
func (m Member) Invalid() *rapid.Generator[string] {
	if !m.Constrained() {
		panic("framework: member " + m.Name + " accepts every string")
	}
	candidates := []*rapid.Generator[string]{
		rapid.String(),
		rapid.StringOf(rapid.SampledFrom(boundary)),
	}
	if len(m.Enum) > 0 {
		candidates = append(candidates, rapid.Custom(func(t *rapid.T) string {
			v := rapid.SampledFrom(m.Enum).Draw(t, "base")
			switch rapid.IntRange(0, 4).Draw(t, "variant") {
			case 0:
				return strings.ToLower(v)
			case 1:
				return strings.ToUpper(v)
			case 2:
				return " " + v
			case 3:
				return v + "s"
			default:
				return strings.ToLower(v[:1]) + v[1:]
			}
		}))
	}
	return rapid.OneOf(candidates...).Filter(func(s string) bool {
		if len(m.Enum) > 0 {
			return !slices.Contains(m.Enum, s)
		}
		return !m.Pattern.MatchString(s)
	})
}

// WrongType draws a JSON value of another type than the member's (never
// null: restJson1 services read null as "absent").
func (m Member) WrongType() *rapid.Generator[any] {
	all := map[string]*rapid.Generator[any]{
		"string":  rapid.Map(rapid.String(), func(s string) any { return s }),
		"number":  rapid.Map(rapid.Float64Range(-1e9, 1e9), func(f float64) any { return f }),
		"boolean": rapid.Map(rapid.Bool(), func(b bool) any { return b }),
		"array":   rapid.Map(rapid.SliceOfN(rapid.String(), 0, 3), func(s []string) any { return s }),
		"object":  rapid.Map(rapid.MapOfN(rapid.StringN(1, 5, -1), rapid.String(), 0, 2), func(o map[string]string) any { return o }),
	}
	var gens []*rapid.Generator[any]
	for _, t := range []string{"string", "number", "boolean", "array", "object"} {
		if t != m.Type && !(m.Type == "integer" && t == "number") {
			gens = append(gens, all[t])
		}
	}
	return rapid.OneOf(gens...)
}

// InvalidAccount draws an accountId the path pattern rejects (never empty:
// an empty segment is another path, not a bad account).
func (c *Contract) InvalidAccount() *rapid.Generator[string] {
	return rapid.OneOf(rapid.String(), rapid.StringOf(rapid.SampledFrom(boundary)), rapid.StringOfN(rapid.SampledFrom(whitespace), 1, 8, -1)).
		Filter(func(s string) bool { return s != "" && !c.AccountPattern.MatchString(s) })
}

// whitespace is what \s matches (and \S does not) in the patterns' syntax.
var whitespace = []rune{' ', '\t', '\n', '\r', '\f'}

// Data makes test data identifiable and unique: every Email and Username
// of a run carries its run ID and a counter, so no two creates collide and
// the run's users can be found afterwards.
type Data struct {
	RunID string
	n     atomic.Int64
}

// Email makes a generated Email unique to this run. The patterns are not
// anchored, so a prefix keeps a matching value matching.
func (d *Data) Email(generated string) string {
	return fmt.Sprintf("cf%s-%d.", d.RunID, d.n.Add(1)) + generated
}

// Username marks a non-empty Username with the run; an empty one stays empty.
func (d *Data) Username(generated string) string {
	if generated == "" {
		return ""
	}
	return fmt.Sprintf("conform-%s-%d ", d.RunID, d.n.Add(1)) + generated
}

// ASCIICase changes the case of ASCII letters only: how two Emails that
// differ "in case" are made. Unicode case mapping is left out on purpose;
// the contract does not say which folding a service applies beyond ASCII.
func ASCIICase(s string, upper bool) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case upper && 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case !upper && 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}
