// Package gen draws CreateUser inputs from the spec: valid and invalid
// values for each request member (from its pattern, enum, length bounds
// and type), edge examples (bounds, long values, nulls, every Unicode
// plane, real address forms), blank accountIds, and identifiable test
// data. Valid values are realistic or letter-of-the-pattern (Kind). It
// uses rapid and the spec only.
package gen

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/spec"
	"github.com/chime-conformance/createuser/spec/pattern"
)

// Pattern is a page pattern as the generators need it: what the contract
// means by it (ECMA-262), how other dialects read the same text, and how to
// draw values every dialect matches.
type Pattern struct {
	ECMA     *spec.Pattern  // the contract's reading
	GoRE     *regexp.Regexp // the same text as Go's RE2 reads it
	Portable string         // an RE2 pattern drawing only values every dialect matches
}

// RefusedByAll says whether s is refused by every dialect: ECMA-262 and Go
// read the page's text alike on it, and it holds no character on which
// other dialects (Java, Python) read ., \s or \S otherwise, but \n, which
// none of them lets . match.
func (p *Pattern) RefusedByAll(s string) bool {
	return !p.ECMA.MatchString(s) && !p.GoRE.MatchString(s) && !strings.ContainsFunc(s, disputedBeyondNewline)
}

func disputedBeyondNewline(r rune) bool { return r != '\n' && pattern.Disputed(r) }

// String is the pattern as on the page.
func (p *Pattern) String() string { return p.ECMA.String() }

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

// Valid draws a realistic value the spec accepts (see Realistic): every
// constraint of the member holds together.
func (m Member) Valid() *rapid.Generator[string] { return m.ValidWithin(0) }

// ValidWithin is Valid for a value that the run's tag will lengthen by
// reserve characters (Data.Email, Data.Username): its length bounds are
// met with the tag.
func (m Member) ValidWithin(reserve int) *rapid.Generator[string] {
	return m.valid(reserve, Realistic)
}

// boundary runes are what patterns and enums turn on; strings made of them
// reach the edges of a pattern far more often than random text.
var boundary = []rune{' ', '\t', '\n', '@', '.', 'a', 'Z', '_', '-'}

// undisputed draws runes every dialect reads alike in ., \s and \S (and
// \n, which no dialect lets . match).
var undisputed = rapid.Rune().Filter(func(r rune) bool { return !disputedBeyondNewline(r) })

// Invalid draws a string the spec rejects, in every regex dialect: for an
// enum, case variants and near-misses of its values; for a pattern, strings
// no dialect matches, among them valid values broken by a line feed (a
// line terminator to every dialect's .).
func (m Member) Invalid() *rapid.Generator[string] {
	if !m.Constrained() {
		panic("gen: member " + m.Name + " accepts every string")
	}
	candidates := []*rapid.Generator[string]{
		rapid.StringOf(undisputed),
		rapid.StringOf(rapid.SampledFrom(boundary)),
	}
	if m.Pattern != nil {
		candidates = append(candidates, rapid.Custom(func(t *rapid.T) string {
			v := []rune(rapid.StringMatching(m.Pattern.Portable).Draw(t, "valid"))
			at := rapid.IntRange(0, len(v)).Draw(t, "line feed at")
			return string(v[:at]) + "\n" + string(v[at:])
		}))
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
		return m.Pattern.RefusedByAll(s)
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

// InvalidAccount draws an accountId the path pattern rejects in every
// dialect (never empty: an empty segment is another path, not a bad
// account), among them strings of whitespace every dialect's \s matches.
func (c *Contract) InvalidAccount() *rapid.Generator[string] {
	return rapid.OneOf(rapid.StringOf(undisputed), rapid.StringOf(rapid.SampledFrom(boundary)), rapid.StringOfN(rapid.SampledFrom(whitespace), 1, 8, -1)).
		Filter(func(s string) bool {
			return s != "" && !c.AccountPattern.ECMA.MatchString(s) && !c.AccountPattern.GoRE.MatchString(s)
		})
}

// whitespace is what \s matches in every dialect (RE2's has no \v).
var whitespace = []rune{' ', '\t', '\n', '\r', '\f'}

// Data makes test data identifiable and unique: every Email and Username
// of a run carries the run's tag and a sequence number, so no two creates
// collide, a replay (under a new tag) draws the same values otherwise, and
// the run's users can be found afterwards. The tag has a fixed width, so
// the value drawn is the only part that varies in length.
type Data struct {
	RunID string
	n     atomic.Int64
}

func (d *Data) tag() string { return fmt.Sprintf("%s-%06d", d.RunID, d.n.Add(1)%1e6) }

// Email makes a generated Email unique to this run. The patterns are not
// anchored, so a prefix keeps a matching value matching.
func (d *Data) Email(generated string) string { return "cf" + d.tag() + "." + generated }

// Username marks a non-empty Username with the run; an empty one stays empty.
func (d *Data) Username(generated string) string {
	if generated == "" {
		return ""
	}
	return "conform-" + d.tag() + " " + generated
}

// Tagged marks any Username with the run, the empty one too: a user
// created without an Email then still carries the run's tag.
func (d *Data) Tagged(username string) string { return "conform-" + d.tag() + " " + username }

// MissingAccount names an account that cannot exist at the target: it
// carries the run's tag.
func (d *Data) MissingAccount(suffix string) string { return "cf-" + d.RunID + "-missing-" + suffix }

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

// RunIDLen is the length of a run's tag (RunID): 8 hex digits.
const RunIDLen = 8

// EmailReserve and UsernameReserve are how many characters Email and
// Tagged put in front of a value (with a RunIDLen tag): length bounds are
// met with them.
const (
	EmailReserve    = len("cf") + RunIDLen + len("-000000.")
	UsernameReserve = len("conform-") + RunIDLen + len("-000000 ")
)
