package pattern

// op is the kind of a node of a parsed pattern.
type op uint8

const (
	opEmpty           op = iota // matches the empty string
	opLiteral                   // r
	opClass                     // set; from says which built-in classes went into it
	opConcat                    // subs in order
	opAlt                       // any of subs
	opCapture                   // group n around subs[0]
	opRepeat                    // subs[0], min to max times (max < 0: unbounded), lazy
	opBegin                     // ^ (start of input: no m flag)
	opEnd                       // $ (end of input: no m flag)
	opWordBoundary              // \b
	opNotWordBoundary           // \B
	opLookahead                 // (?=subs[0])
	opNegLookahead              // (?!subs[0])
	opLookbehind                // (?<=subs[0])
	opNegLookbehind             // (?<!subs[0])
	opBackref                   // \n or \k<name>, resolved to group n
)

type node struct {
	op       op
	r        rune
	set      runeSet
	from     shorthand
	subs     []*node
	min, max int
	lazy     bool
	n        int
}

// walk calls f on n and every node below it.
func (n *node) walk(f func(*node)) {
	f(n)
	for _, s := range n.subs {
		s.walk(f)
	}
}

// any reports whether some node at or below n satisfies f.
func (n *node) any(f func(*node) bool) bool {
	found := false
	n.walk(func(m *node) { found = found || f(m) })
	return found
}

// regular reports whether the pattern is a regular expression in the
// strict sense: no lookaround, no backreference. Those translate to RE2.
func (n *node) regular() bool {
	return !n.any(func(m *node) bool {
		switch m.op {
		case opLookahead, opNegLookahead, opLookbehind, opNegLookbehind, opBackref:
			return true
		}
		return false
	})
}
