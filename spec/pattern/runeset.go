package pattern

import (
	"slices"
	"unicode"
)

// maxRune is the last code point; a set never holds surrogates, which no
// Go string can carry (invalid UTF-8 decodes to U+FFFD).
const maxRune = unicode.MaxRune

// span is an inclusive range of code points.
type span struct{ lo, hi rune }

// runeSet is a set of code points as sorted, disjoint, non-adjacent spans.
// Every character class of a pattern is resolved to one, so that what a
// class means is decided here once, not left to an engine's reading of it.
type runeSet []span

func setOf(spans ...span) runeSet {
	var s runeSet
	for _, sp := range spans {
		s = s.add(sp.lo, sp.hi)
	}
	return s
}

func setOfRunes(rs ...rune) runeSet {
	var s runeSet
	for _, r := range rs {
		s = s.add(r, r)
	}
	return s
}

// add returns s with [lo, hi] added.
func (s runeSet) add(lo, hi rune) runeSet {
	return s.union(runeSet{{lo, hi}})
}

func (s runeSet) union(t runeSet) runeSet {
	all := append(slices.Clone(s), t...)
	slices.SortFunc(all, func(a, b span) int { return int(a.lo - b.lo) })
	var out runeSet
	for _, sp := range all {
		if n := len(out); n > 0 && sp.lo <= out[n-1].hi+1 {
			out[n-1].hi = max(out[n-1].hi, sp.hi)
			continue
		}
		out = append(out, sp)
	}
	return out
}

// negate is the complement within all code points but the surrogates.
func (s runeSet) negate() runeSet {
	var out runeSet
	next := rune(0)
	for _, sp := range s {
		if sp.lo > next {
			out = append(out, span{next, sp.lo - 1})
		}
		next = sp.hi + 1
	}
	if next <= maxRune {
		out = append(out, span{next, maxRune})
	}
	return out.minus(surrogates)
}

func (s runeSet) intersect(t runeSet) runeSet {
	var out runeSet
	for i, j := 0, 0; i < len(s) && j < len(t); {
		lo, hi := max(s[i].lo, t[j].lo), min(s[i].hi, t[j].hi)
		if lo <= hi {
			out = append(out, span{lo, hi})
		}
		if s[i].hi < t[j].hi {
			i++
		} else {
			j++
		}
	}
	return out
}

func (s runeSet) minus(t runeSet) runeSet {
	var out runeSet
	for _, sp := range s {
		lo := sp.lo
		for _, cut := range t {
			if cut.hi < lo || cut.lo > sp.hi {
				continue
			}
			if cut.lo > lo {
				out = append(out, span{lo, cut.lo - 1})
			}
			lo = cut.hi + 1
		}
		if lo <= sp.hi {
			out = append(out, span{lo, sp.hi})
		}
	}
	return out
}

func (s runeSet) contains(r rune) bool {
	_, found := slices.BinarySearchFunc(s, r, func(sp span, r rune) int {
		switch {
		case sp.hi < r:
			return -1
		case sp.lo > r:
			return 1
		}
		return 0
	})
	return found
}

// single reports the one code point of a one-element set.
func (s runeSet) single() (rune, bool) {
	if len(s) == 1 && s[0].lo == s[0].hi {
		return s[0].lo, true
	}
	return 0, false
}

// fromTable converts a Unicode range table.
func fromTable(t *unicode.RangeTable) runeSet {
	var s runeSet
	for _, r := range t.R16 {
		s = appendStrided(s, rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		s = appendStrided(s, rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return setOf(s...).minus(surrogates)
}

func appendStrided(s runeSet, lo, hi, stride rune) runeSet {
	if stride == 1 {
		return append(s, span{lo, hi})
	}
	for r := lo; r <= hi; r += stride {
		s = append(s, span{r, r})
	}
	return s
}
