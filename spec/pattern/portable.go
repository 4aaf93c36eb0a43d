package pattern

import (
	"regexp"
	"unicode"
)

// The code points that ECMA-262, RE2, Java (java.util.regex, default
// flags) and Python's re read differently:
//   - in . (and for ^ and $): the line terminators \n, \r, U+2028, U+2029
//     (ECMA's . matches none, RE2's and Python's all but \n, Java's none) and
//     U+0085 NEL (a line terminator to Java only);
//   - in \s and \S, besides those: \v (not in RE2's \s), U+001C-U+001F (in
//     Python's \s only), NBSP, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000,
//     U+FEFF (in ECMA's \s, not in RE2's or Java's), U+180E (a space in
//     older Unicode versions).
var (
	disputedInDot   = setOfRunes('\n', '\r', 0x85, 0x2028, 0x2029)
	disputedInSpace = disputedInDot.union(setOfRunes('\v', 0xA0, 0x1680, 0x180E, 0x202F, 0x205F, 0x3000, 0xFEFF)).
			union(runeSet{{0x1C, 0x1F}, {0x2000, 0x200A}})
)

// Python's \w and \d are Unicode-aware (str patterns): beyond ASCII, its \w
// takes letters and numbers, its \d decimal digits; ECMA-262, RE2 and Java
// keep both ASCII.
var (
	nonASCIIWord  = fromTable(unicode.L).union(fromTable(unicode.N)).union(fromTable(unicode.M)).union(fromTable(unicode.Pc)).minus(runeSet{{0, 0x7F}})
	nonASCIIDigit = fromTable(unicode.Nd).minus(runeSet{{0, 0x7F}})
)

// Disputed reports whether regular-expression dialects (ECMA-262, RE2,
// Java, Python) disagree on whether r is matched by ., \s or \S, or ends a
// line for ^ and $. A value drawn for a test that must mean the same thing
// to every implementation stays clear of these; an invalid value that must
// be refused by every dialect may use them only where each refuses them.
func Disputed(r rune) bool { return disputedInSpace.contains(r) }

// PortableRE2 returns an RE2 pattern for generators (rapid.StringMatching):
// every string it matches is matched by this pattern in ECMA-262, and by
// the same text read as RE2, Java or Python re. The classes built from .,
// \s, \S, \w, \W, \d and \D are narrowed to the code points the dialects
// agree on (no line terminator or NEL from .; no Disputed rune from \s or
// \S; for \w and \d no non-ASCII letter, mark or number, which Python's
// Unicode-aware classes take); classes written out
// ([a-z], [^@]) mean the same everywhere and are kept. Classes built from
// \p{...} keep only code points assigned in Go's Unicode version (15.0 in
// Go 1.26); an engine on an older version (Java 17: Unicode 13) may not
// know the newest of them, and an escape another dialect reads otherwise
// (Python does not pair \uD83D\uDE00) makes the same text another pattern.
// False when there is none: the pattern is not regular, uses \b or \B
// (Unicode word characters next to them are read differently), or has a
// class left empty (rapid cannot draw from it).
func (p *Pattern) PortableRE2() (string, bool) { return p.portable, p.portable != "" }

func portable(tree *node) string {
	if tree.any(func(n *node) bool { return n.op == opWordBoundary || n.op == opNotWordBoundary }) {
		return ""
	}
	empty := false
	d := dialect{re2: true, restrict: func(n *node) runeSet {
		set := n.set
		if n.from&fromDot != 0 {
			set = set.minus(disputedInDot)
		}
		if n.from&fromSpace != 0 {
			set = set.minus(disputedInSpace)
		}
		if n.from&fromWord != 0 {
			set = set.minus(nonASCIIWord)
		}
		if n.from&fromDigit != 0 {
			set = set.minus(nonASCIIDigit)
		}
		if n.from&fromProperty != 0 {
			set = set.intersect(assigned()) // Unicode versions differ on the rest
		}
		empty = empty || len(set) == 0 // rapid cannot draw from an empty class
		return set
	}}
	out := d.emit(tree)
	if empty {
		return ""
	}
	if _, err := regexp.Compile(out); err != nil {
		return ""
	}
	return out
}
