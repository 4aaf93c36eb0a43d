package gen

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// Kind says how a valid value is judged. Realistic values are what people
// and programs send (printable text in any script, real address forms,
// long names): refusing one fails the target. Letter-of-the-pattern
// values (control characters, NUL, DEL, C1) are admitted by the pattern
// but refused by many sound implementations: refusing one is a warning,
// and a run sends them only when asked (Config.ControlChars).
type Kind int

const (
	Realistic Kind = iota
	Letter
)

// Edge is a deterministic example at a place implementations break: a
// bound, a length, a script, a null. Class names it in the report.
type Edge struct {
	Class string
	Value string
	Null  bool // JSON null, which restJson1 reads as the member absent
}

// sampleTag stands for the run's tag when an edge is built: the same
// length and characters as Data's tags, so a value checked with it holds
// with the real one.
func sampleTag(reserve int) string { return strings.Repeat("c", reserve) }

// Every plane that has characters, as 4-byte UTF-8 beyond the BMP:
// emoji (1), CJK extension B (2) and G (3), a variation selector (14),
// private use (15, 16). Planes 4 to 13 have no characters yet.
const everyPlane = "é€\U0001F600\U00020000\U00030000\U000E0100\U000F0000\U0010FFFD"

// scripts are realistic text in scripts other than Latin, with what
// breaks naive handling: right-to-left, combining marks, a ZWJ sequence.
var scripts = []Edge{
	{Class: "accented Latin", Value: "Zoë Ångström-Łukasz"},
	{Class: "CJK", Value: "山田太郎"},
	{Class: "Cyrillic", Value: "Иван Петров"},
	{Class: "right-to-left", Value: "محمد علي"},
	{Class: "combining marks", Value: "श्रीमती ñ"},
	{Class: "4-byte UTF-8 (emoji ZWJ sequence)", Value: "👩\u200d💻 dev"},
	{Class: "every Unicode plane", Value: everyPlane},
}

// addresses are Email forms real mail systems and address validators
// treat specially; the run's tag goes in front of each (Data.Email), which
// leaves a dot-atom or quoted local part (RFC 5322's obs-local-part).
var addresses = []Edge{
	{Class: "plus tag", Value: "jane+newsletter@example.com"},
	{Class: "dots and subdomains", Value: "first.middle.last@mail.eu.corp.example.co.uk"},
	{Class: "quoted local part", Value: `"john smith"@example.com`},
	{Class: "IDN (Unicode domain)", Value: "用户@例子.广告"},
	{Class: "punycode domain", Value: "user@xn--fsqu00a.xn--0zwm56d"},
	{Class: "long TLD", Value: "someone@example.photography"},
	{Class: "uppercase", Value: "John.DOE@Example.COM"},
	{Class: "apostrophe, hyphen, underscore, digits", Value: "o'brien-smith_99@my-domain.io"},
}

// letters are values the pattern's letter admits and realistic input lacks.
var letters = []Edge{
	{Class: "NUL", Value: "\x00"},
	{Class: "C0 controls", Value: "\x01\x07\x1b\x1f"},
	{Class: "tab", Value: "\t"},
	{Class: "DEL", Value: "\x7f"},
	{Class: "C1 controls", Value: "\u0080\u009b\u009f"},
}

// unboundedLengths are the long values sent where the page states no
// maximum: just past the usual column sizes, then kilobytes.
var unboundedLengths = []int{65, 256, 1024, 20000}

// Edges lists the member's valid edge examples of a kind, each meeting
// every constraint once reserve characters of the run's tag are put in
// front: its enum values; lengths 0, 1 and at each stated bound (long
// values where none is stated); other scripts, every Unicode plane, real
// address forms; null for an optional member. Edges the constraints rule
// out (a bound too tight for the tag) are left out.
func (m Member) Edges(reserve int, kind Kind) []Edge {
	var out []Edge
	keep := func(e Edge) {
		if m.Accepts(sampleTag(reserve) + e.Value) {
			out = append(out, e)
		}
	}
	if kind == Letter {
		for _, l := range letters {
			for _, v := range m.embed(reserve, l.Value) {
				if m.Accepts(sampleTag(reserve) + v) {
					out = append(out, Edge{Class: l.Class, Value: v})
					break
				}
			}
		}
		return out
	}
	if !m.Required {
		out = append(out, Edge{Class: "null", Null: true})
	}
	if len(m.Enum) > 0 {
		for _, e := range m.Enum {
			keep(Edge{Class: "enum value " + e, Value: e})
		}
		return out
	}
	if m.looksLikeEmail() {
		for _, a := range addresses {
			keep(a)
		}
	}
	base := m.base(reserve)
	lengths := map[int]string{0: "length 0", 1: "length 1"}
	if m.MinLength > 1 {
		lengths[m.MinLength] = fmt.Sprintf("minimum length (%d)", m.MinLength)
	}
	if m.Bounded() {
		lengths[m.MaxLength] = fmt.Sprintf("maximum length (%d)", m.MaxLength)
	} else {
		for _, n := range unboundedLengths {
			lengths[n] = fmt.Sprintf("long: %d characters (no maximum stated)", n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(lengths)) {
		if v, ok := m.ofLength(reserve, base, n, 'a'); ok {
			out = append(out, Edge{Class: lengths[n], Value: v})
		}
	}
	if m.Bounded() && m.MaxLength > reserve+len(base) {
		// Multi-byte at the bound: a server counting bytes refuses it.
		if v, ok := m.ofLength(reserve, base, m.MaxLength, 'é'); ok {
			out = append(out, Edge{Class: fmt.Sprintf("maximum length (%d) in 2-byte characters", m.MaxLength), Value: v})
		}
	}
	for _, s := range scripts {
		if m.looksLikeEmail() && !strings.Contains(s.Class, "plane") {
			continue // the IDN form has the scripts; the budget has room for the planes
		}
		for _, v := range m.embed(reserve, s.Value) {
			if m.Accepts(sampleTag(reserve) + v) {
				out = append(out, Edge{Class: s.Class, Value: v})
				break
			}
		}
	}
	return out
}

// looksLikeEmail: address forms are tried on a member whose pattern asks
// for an @ (they are kept only where the pattern admits them).
func (m Member) looksLikeEmail() bool {
	return m.Pattern != nil && strings.Contains(m.Pattern.String(), "@")
}

// base is the member's shortest realistic value: "" when that is valid,
// else the first of a few deterministic draws of its pattern that holds.
func (m Member) base(reserve int) string {
	if m.Pattern == nil {
		return ""
	}
	if m.looksLikeEmail() && m.Accepts(sampleTag(reserve)+"a@b.io") {
		return "a@b.io"
	}
	g := rapid.StringMatching(m.Pattern.Portable)
	for seed := range 50 {
		if v := realistic(g.Example(seed)); m.Accepts(sampleTag(reserve) + v) {
			return v
		}
	}
	return ""
}

// embed places text where the member's constraints may let it stand: as
// the whole value, before a valid base, after it, or inside an address's
// local part.
func (m Member) embed(reserve int, text string) []string {
	base := m.base(reserve)
	out := []string{text, text + base, base + text}
	if local, domain, ok := strings.Cut(base, "@"); ok {
		out = append(out, local+text+"@"+domain)
	}
	return out
}

// ofLength pads base with filler to n characters in all (the tag's
// reserve included), in front or behind, whichever the constraints admit.
func (m Member) ofLength(reserve int, base string, n int, filler rune) (string, bool) {
	pad := n - reserve - utf8.RuneCountInString(base)
	if pad < 0 {
		return "", false
	}
	for _, v := range []string{strings.Repeat(string(filler), pad) + base, base + strings.Repeat(string(filler), pad)} {
		if utf8.RuneCountInString(sampleTag(reserve)+v) == n && m.Accepts(sampleTag(reserve)+v) {
			return v, true
		}
	}
	return "", false
}

// realistic replaces what realistic input lacks (control and format
// characters, unassigned code points) by letters.
func realistic(s string) string {
	return strings.Map(func(r rune) rune {
		if isRealistic(r) {
			return r
		}
		return 'x'
	}, s)
}

func isRealistic(r rune) bool {
	return (unicode.IsGraphic(r) || r == '\u200d') && !disputedBeyondNewline(r)
}

// realisticRune draws printable characters of any script and plane.
var realisticRune = rapid.OneOf(
	rapid.RuneFrom(nil, unicode.Latin, unicode.Han, unicode.Cyrillic, unicode.Arabic, unicode.Devanagari, unicode.So, unicode.Nd, unicode.P, unicode.Zs),
	rapid.Rune().Filter(isRealistic),
)

// letterRune draws anything the pattern's letter admits, control
// characters included (every dialect reads them alike).
var letterRune = rapid.OneOf(rapid.RuneFrom(nil, unicode.Cc), undisputed)

// valid draws a value of the kind meeting every constraint with reserve
// characters of tag in front: an enum value; a pattern match of
// realistic characters, padded or cut to a length within the bounds;
// or free text of any length within them (up to 300 where none is stated).
func (m Member) valid(reserve int, kind Kind) *rapid.Generator[string] {
	key := fmt.Sprintf("%q %d %d %d %d %v %v", m.Name, reserve, kind, m.MinLength, m.MaxLength, m.Pattern, m.Enum)
	if g, ok := validGenerators.Load(key); ok {
		return g.(*rapid.Generator[string])
	}
	g := m.newValid(reserve, kind)
	validGenerators.Store(key, g)
	return g
}

// validGenerators caches valid's generators: a body draws one per member,
// and building one (its edges) costs more than many draws.
var validGenerators sync.Map

func (m Member) newValid(reserve int, kind Kind) *rapid.Generator[string] {
	if len(m.Enum) > 0 {
		return rapid.SampledFrom(m.Enum)
	}
	runes := realisticRune
	if kind == Letter {
		runes = letterRune
	}
	lo, hi := max(0, m.MinLength-reserve), 300
	if m.Bounded() {
		hi = m.MaxLength - reserve
	}
	edges := sync.OnceValue(func() []Edge { return m.Edges(reserve, Realistic) })
	return rapid.Custom(func(t *rapid.T) string {
		var v string
		if m.Pattern == nil {
			v = rapid.StringOfN(runes, lo, max(lo, hi), -1).Draw(t, "text")
		} else {
			v = rapid.StringMatching(m.Pattern.Portable).Draw(t, "match")
			if kind == Realistic {
				v = realistic(v)
			}
			if n := utf8.RuneCountInString(v); n > hi {
				v = string([]rune(v)[:max(0, hi)])
			}
		}
		if m.Accepts(sampleTag(reserve) + v) {
			return v
		}
		// The draw broke a constraint (cut, or padded short): a valid
		// edge stands in.
		var values []string
		for _, e := range edges() {
			if !e.Null {
				values = append(values, e.Value)
			}
		}
		if len(values) == 0 {
			t.Skip("no valid value to draw: the member's constraints leave none room for the run's tag")
		}
		return rapid.SampledFrom(values).Draw(t, "edge")
	})
}

// ValidLetter draws letter-of-the-pattern values meeting every
// constraint: a realistic value with control characters put in (see Kind).
func (m Member) ValidLetter(reserve int) *rapid.Generator[string] {
	edges := m.Edges(reserve, Letter) // built once per check
	realistic := m.valid(reserve, Realistic)
	return rapid.Custom(func(t *rapid.T) string {
		v := []rune(realistic.Draw(t, "realistic"))
		at := rapid.IntRange(0, len(v)).Draw(t, "control at")
		c := rapid.RuneFrom(nil, unicode.Cc).Filter(func(r rune) bool { return !disputedBeyondNewline(r) && r != '\n' }).Draw(t, "control")
		if w := string(v[:at]) + string(c) + string(v[at:]); m.Accepts(sampleTag(reserve) + w) {
			return w
		}
		if len(edges) == 0 {
			t.Skip("the member admits no control character")
		}
		return rapid.SampledFrom(edges).Draw(t, "letter edge").Value
	})
}

// LengthViolations are values that break only a stated length bound:
// just under the minimum and empty, just past the maximum and far past it.
func (m Member) LengthViolations(reserve int) (under, over []Edge) {
	loose := m
	loose.MinLength, loose.MaxLength = 0, -1
	base := m.base(reserve)
	build := func(n int, class string) (Edge, bool) {
		v, ok := loose.ofLength(reserve, base, n, 'a')
		return Edge{Class: class, Value: v}, ok && !m.Accepts(sampleTag(reserve)+v)
	}
	if m.MinLength > 0 {
		for _, n := range slices.Compact([]int{m.MinLength - 1, 0}) {
			if e, ok := build(n, fmt.Sprintf("length %d, under the minimum (%d)", n, m.MinLength)); ok {
				under = append(under, e)
			}
		}
	}
	if m.Bounded() {
		for _, n := range []int{m.MaxLength + 1, 2*m.MaxLength + 10} {
			if e, ok := build(n, fmt.Sprintf("length %d, past the maximum (%d)", n, m.MaxLength)); ok {
				over = append(over, e)
			}
		}
	}
	return under, over
}

// OutOfLength draws values breaking only a length bound: shorter than the
// minimum (under) or longer than the maximum.
func (m Member) OutOfLength(reserve int, under bool) *rapid.Generator[string] {
	u, o := m.LengthViolations(reserve)
	edges := o
	if under {
		edges = u
	}
	loose := m
	loose.MinLength, loose.MaxLength = 0, -1
	base := m.base(reserve)
	return rapid.Custom(func(t *rapid.T) string {
		n := 0
		if under {
			n = rapid.IntRange(0, max(0, m.MinLength-1)).Draw(t, "length")
		} else {
			n = rapid.IntRange(m.MaxLength+1, 3*m.MaxLength+20).Draw(t, "length")
		}
		if v, ok := loose.ofLength(reserve, base, n, 'a'); ok && !m.Accepts(sampleTag(reserve)+v) {
			return v
		}
		if len(edges) == 0 {
			t.Skip("no value breaks only this bound")
		}
		return rapid.SampledFrom(edges).Draw(t, "edge").Value
	})
}
