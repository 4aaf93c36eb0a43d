package pattern

import (
	"fmt"
	"strconv"
	"strings"
)

// dialect is the syntax a parsed pattern is written back in. Every class
// is written out as explicit code points, so an engine's own reading of
// ., \s, \w, \d, ^ and $ never comes into play.
type dialect struct {
	// RE2 (Go's regexp) or ECMA-262 with the u flag (given to regexp2 with
	// ECMAScript|Unicode, for what RE2 cannot do).
	re2 bool
	// restrict, when set, narrows the classes built from ., \s, \w or \d.
	restrict func(*node) runeSet
}

func (d dialect) emit(n *node) string {
	var b strings.Builder
	d.write(&b, n)
	return b.String()
}

func (d dialect) write(b *strings.Builder, n *node) {
	switch n.op {
	case opEmpty:
		b.WriteString("(?:)")
	case opLiteral:
		b.WriteString(d.char(n.r, false))
	case opClass:
		set := n.set
		if d.restrict != nil {
			set = d.restrict(n)
		}
		b.WriteString(d.class(set))
	case opConcat:
		for _, s := range n.subs {
			d.write(b, s)
		}
	case opAlt:
		b.WriteString("(?:")
		for i, s := range n.subs {
			if i > 0 {
				b.WriteByte('|')
			}
			d.write(b, s)
		}
		b.WriteByte(')')
	case opCapture:
		// RE2 only answers whether it matches: no group needs capturing.
		d.wrap(b, map[bool]string{true: "(?:", false: "("}[d.re2], n.subs[0])
	case opRepeat:
		d.repeat(b, n)
	case opBegin:
		b.WriteByte('^') // without the m flag, in both dialects: start of input
	case opEnd:
		b.WriteByte('$') // RE2's $ is \z without m; ECMA-262's likewise
	case opWordBoundary, opNotWordBoundary:
		d.wordBoundary(b, n.op == opWordBoundary)
	case opLookahead:
		d.wrap(b, "(?=", n.subs[0])
	case opNegLookahead:
		d.wrap(b, "(?!", n.subs[0])
	case opLookbehind:
		d.wrap(b, "(?<=", n.subs[0])
	case opNegLookbehind:
		d.wrap(b, "(?<!", n.subs[0])
	case opBackref:
		fmt.Fprintf(b, `(?:\%d)`, n.n) // grouped: \1 then a literal 0 is not \10
	}
}

func (d dialect) wrap(b *strings.Builder, open string, n *node) {
	b.WriteString(open)
	d.write(b, n)
	b.WriteByte(')')
}

func (d dialect) repeat(b *strings.Builder, n *node) {
	switch sub := n.subs[0]; sub.op {
	case opLiteral, opClass, opCapture, opAlt: // one atom already
		d.write(b, sub)
	default:
		d.wrap(b, "(?:", sub)
	}
	switch {
	case n.min == 0 && n.max < 0:
		b.WriteByte('*')
	case n.min == 1 && n.max < 0:
		b.WriteByte('+')
	case n.min == 0 && n.max == 1:
		b.WriteByte('?')
	case n.max < 0:
		fmt.Fprintf(b, "{%d,}", n.min)
	case n.min == n.max:
		fmt.Fprintf(b, "{%d}", n.min)
	default:
		fmt.Fprintf(b, "{%d,%d}", n.min, n.max)
	}
	if n.lazy {
		b.WriteByte('?')
	}
}

// wordBoundary: RE2's \b is ASCII, as ECMA-262's is without the i flag; for
// the ECMA form it is spelled out with lookaround so that no engine's
// Unicode notion of a word character can creep in.
func (d dialect) wordBoundary(b *strings.Builder, at bool) {
	if d.re2 {
		b.WriteString(map[bool]string{true: `\b`, false: `\B`}[at])
		return
	}
	w := d.class(ecmaWord)
	if at {
		fmt.Fprintf(b, "(?:(?<=%s)(?!%s)|(?<!%s)(?=%s))", w, w, w, w)
	} else {
		fmt.Fprintf(b, "(?:(?<=%s)(?=%s)|(?<!%s)(?!%s))", w, w, w, w)
	}
}

// class writes a set as [...], or as [^...] of its complement when that is
// shorter (the complement leaves out the surrogates, which never match).
func (d dialect) class(set runeSet) string {
	if r, ok := set.single(); ok {
		return d.char(r, false)
	}
	if len(set) == 0 {
		return d.nothing()
	}
	var b strings.Builder
	b.WriteByte('[')
	if comp := set.negate(); len(comp) > 0 && len(comp) < len(set) {
		b.WriteByte('^')
		set = comp
	}
	for _, sp := range set {
		b.WriteString(d.char(sp.lo, true))
		if sp.hi > sp.lo {
			if sp.hi > sp.lo+1 {
				b.WriteByte('-')
			}
			b.WriteString(d.char(sp.hi, true))
		}
	}
	b.WriteByte(']')
	return b.String()
}

// nothing is a class that matches no character.
func (d dialect) nothing() string {
	return "[^" + d.char(0, true) + "-" + d.char(maxRune, true) + "]"
}

var controlEscapes = map[rune]string{'\t': `\t`, '\n': `\n`, '\v': `\v`, '\f': `\f`, '\r': `\r`}

// char writes one code point so that both dialects read it as itself.
func (d dialect) char(r rune, inClass bool) string {
	switch {
	case controlEscapes[r] != "":
		return controlEscapes[r]
	case strings.ContainsRune(syntaxCharacters, r) || (inClass && r == '-'):
		return `\` + string(r)
	case r > ' ' && r < 0x7F:
		return string(r)
	case d.re2:
		return `\x{` + strconv.FormatInt(int64(r), 16) + `}`
	}
	return `\u{` + strconv.FormatInt(int64(r), 16) + `}`
}
