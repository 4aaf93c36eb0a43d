package docgen

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Kind is the JSON kind of a Node.
type Kind string

// The kinds a skeleton or a sample value can have.
const (
	KindObject  Kind = "object"
	KindArray   Kind = "array"
	KindString  Kind = "string"
	KindNumber  Kind = "number"
	KindBoolean Kind = "boolean"
	KindNull    Kind = "null"
)

// Node is a JSON value that keeps member order. It represents both the
// syntax skeletons of a page ({"Name": "string", "On": number}), where
// values are type placeholders, and real sample bodies, where they are values.
type Node struct {
	Kind    Kind
	Fields  []Field // for objects, in document order
	Items   []*Node // for arrays
	Literal string  // for scalars: the string value or the literal text
}

// Field is one object member.
type Field struct {
	Name  string
	Value *Node
}

// Get returns the member named name, or nil.
func (n *Node) Get(name string) *Node {
	if n == nil {
		return nil
	}
	for _, f := range n.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

// ParseNode parses a JSON value, also accepting the bare type words the
// pages use in syntax skeletons (number, boolean, integer, long, double,
// timestamp, blob) as placeholders of their kind.
func ParseNode(text string) (*Node, error) {
	p := &nodeParser{s: text}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, p.errorf("unexpected %q after the value", p.rest(12))
	}
	return n, nil
}

type nodeParser struct {
	s string
	i int
}

func (p *nodeParser) errorf(format string, args ...any) error {
	return fmt.Errorf("json at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

func (p *nodeParser) rest(n int) string {
	return p.s[p.i:min(len(p.s), p.i+n)]
}

func (p *nodeParser) space() {
	for p.i < len(p.s) && unicode.IsSpace(rune(p.s[p.i])) {
		p.i++
	}
}

func (p *nodeParser) value() (*Node, error) {
	p.space()
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		return &Node{Kind: KindString, Literal: s}, err
	default:
		return p.word()
	}
}

func (p *nodeParser) object() (*Node, error) {
	p.i++ // {
	n := &Node{Kind: KindObject}
	for first := true; ; first = false {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return n, nil
		}
		if !first {
			if err := p.expect(','); err != nil {
				return nil, err
			}
			p.space()
		}
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.errorf("expected a member name, found %q", p.rest(12))
		}
		name, err := p.str()
		if err != nil {
			return nil, err
		}
		if err := p.expect(':'); err != nil {
			return nil, err
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Fields = append(n.Fields, Field{Name: name, Value: v})
	}
}

func (p *nodeParser) array() (*Node, error) {
	p.i++ // [
	n := &Node{Kind: KindArray}
	for first := true; ; first = false {
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return n, nil
		}
		if !first {
			if err := p.expect(','); err != nil {
				return nil, err
			}
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, v)
	}
}

func (p *nodeParser) expect(c byte) error {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != c {
		return p.errorf("expected %q, found %q", c, p.rest(12))
	}
	p.i++
	return nil
}

func (p *nodeParser) str() (string, error) {
	start := p.i
	for p.i++; p.i < len(p.s); p.i++ {
		switch p.s[p.i] {
		case '\\':
			p.i++
		case '"':
			p.i++
			s, err := strconv.Unquote(p.s[start:p.i])
			if err != nil {
				return "", fmt.Errorf("json at offset %d: bad string: %w", start, err)
			}
			return s, nil
		}
	}
	return "", p.errorf("unterminated string")
}

// placeholderKinds maps the bare words of syntax skeletons to their kind.
var placeholderKinds = map[string]Kind{
	"number": KindNumber, "integer": KindNumber, "long": KindNumber, "double": KindNumber,
	"float": KindNumber, "timestamp": KindNumber, "boolean": KindBoolean,
	"true": KindBoolean, "false": KindBoolean, "null": KindNull, "blob": KindString,
}

func (p *nodeParser) word() (*Node, error) {
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune("{}[],: \t\r\n\"", rune(p.s[p.i])) {
		p.i++
	}
	w := p.s[start:p.i]
	if k, ok := placeholderKinds[w]; ok {
		return &Node{Kind: k, Literal: w}, nil
	}
	if _, err := strconv.ParseFloat(w, 64); err == nil {
		return &Node{Kind: KindNumber, Literal: w}, nil
	}
	p.i = start
	return nil, p.errorf("unexpected %q", p.rest(12))
}
