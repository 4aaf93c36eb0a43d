package pattern

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// ErrUnsupported is wrapped by the error for a valid ECMA-262 pattern that
// uses something this package does not represent (some Unicode properties).
var ErrUnsupported = errors.New("not supported")

// SyntaxError says where a pattern breaks ECMA-262's grammar (with the u
// flag), or uses something unsupported.
type SyntaxError struct {
	Pattern string
	Offset  int // in code points
	Err     error
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("pattern %q: at offset %d: %v", e.Pattern, e.Offset, e.Err)
}

func (e *SyntaxError) Unwrap() error { return e.Err }

// maxRepeat bounds {n,m}: ECMA-262 allows larger counts, but no page needs
// them and an engine would build a program of that size.
const maxRepeat = 100_000

// parser reads ECMA-262 Pattern syntax with the u flag (JSON Schema asks
// for Unicode semantics: code points, \u{...}, \p{...}, strict escapes).
type parser struct {
	src    []rune
	pos    int
	groups int
	names  map[string]int
	refs   []*node          // backreferences, checked once all groups are known
	named  map[*node]string // \k<name> references, resolved at the end
	err    error
}

func parse(source string) (*node, error) {
	p := &parser{src: []rune(source), names: map[string]int{}, named: map[*node]string{}}
	n := p.disjunction()
	if p.err == nil && p.pos < len(p.src) {
		p.fail("unmatched )")
	}
	p.resolveRefs()
	if p.err != nil {
		return nil, &SyntaxError{Pattern: source, Offset: p.pos, Err: p.err}
	}
	return n, nil
}

func (p *parser) fail(format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf(format, args...)
	}
}

func (p *parser) failWith(err error) {
	if p.err == nil {
		p.err = err
	}
}

func (p *parser) more() bool { return p.err == nil && p.pos < len(p.src) }

func (p *parser) peek() rune {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return -1
}

func (p *parser) lookingAt(s string) bool {
	rs := []rune(s)
	return p.pos+len(rs) <= len(p.src) && string(p.src[p.pos:p.pos+len(rs)]) == s
}

func (p *parser) disjunction() *node {
	alts := []*node{p.alternative()}
	for p.more() && p.peek() == '|' {
		p.pos++
		alts = append(alts, p.alternative())
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return &node{op: opAlt, subs: alts}
}

func (p *parser) alternative() *node {
	var terms []*node
	for p.more() && p.peek() != '|' && p.peek() != ')' {
		if t := p.term(); t != nil {
			terms = append(terms, t)
		}
	}
	switch len(terms) {
	case 0:
		return &node{op: opEmpty}
	case 1:
		return terms[0]
	}
	return &node{op: opConcat, subs: terms}
}

func (p *parser) term() *node {
	if a := p.assertion(); a != nil {
		if p.more() && strings.ContainsRune("*+?{", p.peek()) {
			p.fail("nothing to repeat: an assertion cannot be quantified")
		}
		return a
	}
	atom := p.atom()
	if atom == nil {
		return nil
	}
	return p.quantified(atom)
}

func (p *parser) assertion() *node {
	switch {
	case p.peek() == '^':
		p.pos++
		return &node{op: opBegin}
	case p.peek() == '$':
		p.pos++
		return &node{op: opEnd}
	case p.lookingAt(`\b`):
		p.pos += 2
		return &node{op: opWordBoundary}
	case p.lookingAt(`\B`):
		p.pos += 2
		return &node{op: opNotWordBoundary}
	}
	for _, look := range lookarounds {
		if p.lookingAt(look.prefix) {
			p.pos += len(look.prefix)
			return &node{op: look.op, subs: []*node{p.group()}}
		}
	}
	return nil
}

var lookarounds = []struct {
	prefix string
	op     op
}{{"(?=", opLookahead}, {"(?!", opNegLookahead}, {"(?<=", opLookbehind}, {"(?<!", opNegLookbehind}}

// group reads a disjunction and its closing parenthesis.
func (p *parser) group() *node {
	n := p.disjunction()
	if p.err == nil && p.peek() != ')' {
		p.fail("missing )")
	}
	p.pos++
	return n
}

func (p *parser) atom() *node {
	c := p.peek()
	switch c {
	case '.':
		p.pos++
		return &node{op: opClass, set: ecmaDot, from: fromDot}
	case '(':
		return p.parenthesized()
	case '[':
		return p.class()
	case '\\':
		return p.atomEscape()
	case '*', '+', '?', '{':
		p.fail("nothing to repeat before %q", c)
	case ']', '}':
		p.fail("lone %q (escape it with a backslash)", c)
	default:
		p.pos++
		return &node{op: opLiteral, r: c}
	}
	return nil
}

func (p *parser) parenthesized() *node {
	switch {
	case p.lookingAt("(?:"):
		p.pos += 3
		return p.group()
	case p.lookingAt("(?<"):
		p.pos += 3
		name := p.groupName()
		p.groups++
		if _, dup := p.names[name]; dup && p.err == nil {
			p.fail("duplicate group name %q", name)
		}
		p.names[name] = p.groups
		n := p.groups
		return &node{op: opCapture, n: n, subs: []*node{p.group()}}
	case p.lookingAt("(?"):
		p.fail("invalid group: (? must be followed by :, =, !, <=, <! or <name>")
		return nil
	}
	p.pos++
	p.groups++
	n := p.groups
	return &node{op: opCapture, n: n, subs: []*node{p.group()}}
}

// groupName reads "name>" (RegExpIdentifierName, without escapes).
func (p *parser) groupName() string {
	start := p.pos
	for p.more() && p.peek() != '>' {
		c := p.peek()
		first := p.pos == start
		if !(c == '$' || c == '_' || unicode.IsLetter(c) || (!first && (unicode.IsDigit(c) || unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Mc, c) || unicode.Is(unicode.Pc, c)))) {
			p.fail("invalid character %q in a group name", c)
			return ""
		}
		p.pos++
	}
	if p.peek() != '>' || p.pos == start {
		p.fail("invalid group name")
		return ""
	}
	name := string(p.src[start:p.pos])
	p.pos++
	return name
}

func (p *parser) quantified(atom *node) *node {
	if !p.more() {
		return atom
	}
	lo, hi := 0, -1
	switch p.peek() {
	case '*':
		p.pos++
	case '+':
		p.pos++
		lo = 1
	case '?':
		p.pos++
		hi = 1
	case '{':
		var ok bool
		if lo, hi, ok = p.braces(); !ok {
			p.fail("incomplete quantifier (a literal { must be escaped)")
			return nil
		}
	default:
		return atom
	}
	n := &node{op: opRepeat, min: lo, max: hi, subs: []*node{atom}}
	if p.peek() == '?' {
		p.pos++
		n.lazy = true
	}
	if p.more() && strings.ContainsRune("*+?{", p.peek()) {
		p.fail("nothing to repeat: a quantifier cannot be quantified")
	}
	return n
}

// braces reads {n}, {n,} or {n,m}.
func (p *parser) braces() (lo, hi int, ok bool) {
	p.pos++ // {
	lo, ok = p.decimal()
	if !ok {
		return 0, 0, false
	}
	hi = lo
	if p.peek() == ',' {
		p.pos++
		hi = -1
		if p.peek() != '}' {
			if hi, ok = p.decimal(); !ok {
				return 0, 0, false
			}
		}
	}
	if p.peek() != '}' {
		return 0, 0, false
	}
	p.pos++
	if hi >= 0 && lo > hi {
		p.fail("numbers out of order in {%d,%d}", lo, hi)
	}
	return lo, hi, true
}

func (p *parser) decimal() (int, bool) {
	start := p.pos
	for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
		p.pos++
	}
	if p.pos == start {
		return 0, false
	}
	v, err := strconv.Atoi(string(p.src[start:p.pos]))
	if err != nil || v > maxRepeat {
		p.fail("repeat count %s is larger than %d", string(p.src[start:p.pos]), maxRepeat)
		return 0, false
	}
	return v, true
}
