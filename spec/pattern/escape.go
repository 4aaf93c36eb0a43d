package pattern

import (
	"strconv"
	"strings"
)

// syntaxCharacters may be escaped to stand for themselves (with / and, in
// a class, -); with the u flag no other identity escape is allowed.
const syntaxCharacters = `^$\.*+?()[]{}|/`

// atomEscape reads an escape outside a class: a class escape, a
// backreference or a character escape.
func (p *parser) atomEscape() *node {
	p.pos++ // backslash
	if !p.more() {
		p.fail(`\ at end of pattern`)
		return nil
	}
	c := p.peek()
	switch {
	case c >= '1' && c <= '9':
		n, _ := p.decimal()
		ref := &node{op: opBackref, n: n}
		p.refs = append(p.refs, ref)
		return ref
	case c == 'k':
		p.pos++
		if p.peek() != '<' {
			p.fail(`\k must be followed by <name>`)
			return nil
		}
		p.pos++
		ref := &node{op: opBackref}
		p.named[ref] = p.groupName()
		p.refs = append(p.refs, ref)
		return ref
	}
	set, from, ok := p.classEscapeAt()
	if ok {
		return &node{op: opClass, set: set, from: from}
	}
	r, ok := p.characterEscape(false)
	if !ok {
		return nil
	}
	return literal(r)
}

// literal is a node matching r; a lone surrogate matches nothing, as no
// Go string holds one.
func literal(r rune) *node {
	if r >= 0xD800 && r <= 0xDFFF {
		return &node{op: opClass}
	}
	return &node{op: opLiteral, r: r}
}

// classEscapeAt reads d D s S w W, or p{...} / P{...}, after a backslash.
func (p *parser) classEscapeAt() (runeSet, shorthand, bool) {
	c := p.peek()
	if set, from, ok := classEscape(c); ok {
		p.pos++
		return set, from, true
	}
	if c != 'p' && c != 'P' {
		return nil, 0, false
	}
	p.pos++
	if p.peek() != '{' {
		p.fail(`\%c must be followed by {property}`, c)
		return nil, 0, true
	}
	end := p.pos
	for end < len(p.src) && p.src[end] != '}' {
		end++
	}
	if end == len(p.src) {
		p.fail(`unterminated \%c{`, c)
		return nil, 0, true
	}
	set, err := property(string(p.src[p.pos+1 : end]))
	if err != nil {
		p.failWith(err)
		return nil, 0, true
	}
	p.pos = end + 1
	if c == 'P' {
		set = set.negate()
	}
	return set, fromProperty, true
}

// characterEscape reads a CharacterEscape after a backslash; inClass
// allows \- and \b (backspace).
func (p *parser) characterEscape(inClass bool) (rune, bool) {
	c := p.peek()
	p.pos++
	switch c {
	case 'f':
		return '\f', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 't':
		return '\t', true
	case 'v':
		return '\v', true
	case 'c':
		if l := p.peek(); (l >= 'a' && l <= 'z') || (l >= 'A' && l <= 'Z') {
			p.pos++
			return l % 32, true
		}
		p.fail(`\c must be followed by an ASCII letter`)
	case '0':
		if d := p.peek(); d >= '0' && d <= '9' {
			p.fail(`\0 followed by a digit (octal escapes are not allowed)`)
			return 0, false
		}
		return 0, true
	case 'x':
		if v, ok := p.hex(2); ok {
			return v, true
		}
		p.fail(`\x must be followed by two hex digits`)
	case 'u':
		return p.unicodeEscape()
	case 'b', '-':
		if inClass {
			return map[rune]rune{'b': '\b', '-': '-'}[c], true
		}
		p.fail(`invalid escape \%c`, c)
	default:
		if strings.ContainsRune(syntaxCharacters, c) {
			return c, true
		}
		p.fail(`invalid escape \%c (with the u flag only syntax characters may be escaped)`, c)
	}
	return 0, false
}

// unicodeEscape reads \u{H...} or \uHHHH; a high surrogate escape followed
// by a low one is one code point.
func (p *parser) unicodeEscape() (rune, bool) {
	if p.peek() == '{' {
		p.pos++
		start := p.pos
		for p.pos < len(p.src) && p.src[p.pos] != '}' {
			p.pos++
		}
		v, err := strconv.ParseUint(string(p.src[start:min(p.pos, len(p.src))]), 16, 32)
		if p.pos == len(p.src) || err != nil || v > maxRune {
			p.fail(`invalid \u{...} escape`)
			return 0, false
		}
		p.pos++
		return rune(v), true
	}
	hi, ok := p.hex(4)
	if !ok {
		p.fail(`\u must be followed by four hex digits or {code point}`)
		return 0, false
	}
	if hi >= 0xD800 && hi <= 0xDBFF && p.lookingAt(`\u`) {
		save := p.pos
		p.pos += 2
		if lo, ok := p.hex(4); ok && lo >= 0xDC00 && lo <= 0xDFFF {
			return 0x10000 + (hi-0xD800)<<10 + (lo - 0xDC00), true
		}
		p.pos = save
	}
	return hi, true
}

func (p *parser) hex(digits int) (rune, bool) {
	if p.pos+digits > len(p.src) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.src[p.pos:p.pos+digits]), 16, 32)
	if err != nil || strings.ContainsAny(string(p.src[p.pos:p.pos+digits]), "+-") {
		return 0, false
	}
	p.pos += digits
	return rune(v), true
}

// class reads [...] or [^...].
func (p *parser) class() *node {
	p.pos++ // [
	negated := p.peek() == '^'
	if negated {
		p.pos++
	}
	n := &node{op: opClass}
	for p.more() && p.peek() != ']' {
		lo, single, loSet, from := p.classAtom()
		n.from |= from
		if p.peek() == '-' && p.pos+1 < len(p.src) && p.src[p.pos+1] != ']' {
			p.pos++
			hi, hiSingle, _, _ := p.classAtom()
			switch {
			case !single || !hiSingle:
				p.fail("a class escape cannot bound a range")
			case lo > hi:
				p.fail("range out of order in character class")
			}
			n.set = n.set.add(lo, hi)
			continue
		}
		n.set = n.set.union(loSet)
	}
	if p.err == nil && p.peek() != ']' {
		p.fail("missing ]")
	}
	p.pos++
	n.set = n.set.minus(surrogates)
	if negated {
		n.set = n.set.negate()
	}
	return n
}

// classAtom reads one member of a class: a character (single) or a class
// escape.
func (p *parser) classAtom() (r rune, single bool, set runeSet, from shorthand) {
	c := p.peek()
	if c != '\\' {
		p.pos++
		return c, true, runeSet{{c, c}}, 0
	}
	p.pos++
	if !p.more() {
		p.fail(`\ at end of pattern`)
		return 0, false, nil, 0
	}
	if s, f, ok := p.classEscapeAt(); ok {
		return 0, false, s, f
	}
	r, ok := p.characterEscape(true)
	if !ok {
		return 0, false, nil, 0
	}
	return r, true, runeSet{{r, r}}, 0
}

// resolveRefs checks that every backreference names a group of the
// pattern (the u flag makes a dangling one an error).
func (p *parser) resolveRefs() {
	for _, ref := range p.refs {
		if name, ok := p.named[ref]; ok {
			n, found := p.names[name]
			if !found {
				p.fail(`\k<%s> names no group`, name)
			}
			ref.n = n
		}
		if ref.n > p.groups {
			p.fail(`backreference \%d to a group that does not exist`, ref.n)
		}
	}
}
