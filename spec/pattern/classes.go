package pattern

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
)

// The classes of ECMA-262 (22.2.2.9, CharacterClassEscape, with the u flag
// and without i), written out so that no engine's own reading of ., \s, \w
// or \d is ever used.
var (
	surrogates = runeSet{{0xD800, 0xDFFF}}

	// LineTerminator: what ECMA-262's . and $ stop at.
	lineTerminators = setOfRunes('\n', '\r', 0x2028, 0x2029)

	// WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP, any Zs) plus LineTerminator.
	ecmaSpace = setOfRunes('\t', '\v', '\f', ' ', 0xA0, 0xFEFF).union(fromTable(unicode.Zs)).union(lineTerminators)

	ecmaDigit = setOf(span{'0', '9'})
	ecmaWord  = setOf(span{'0', '9'}, span{'A', 'Z'}, span{'_', '_'}, span{'a', 'z'})
	ecmaDot   = lineTerminators.negate()
)

// shorthand says which of ECMA-262's built-in classes a class was built
// from: those are the classes dialects read differently.
type shorthand uint8

const (
	fromDot      shorthand = 1 << iota // .
	fromSpace                          // \s \S
	fromWord                           // \w \W
	fromDigit                          // \d \D
	fromProperty                       // \p{...} \P{...}
)

// classEscape resolves \d \D \s \S \w \W.
func classEscape(c rune) (runeSet, shorthand, bool) {
	switch c {
	case 'd':
		return ecmaDigit, fromDigit, true
	case 'D':
		return ecmaDigit.negate(), fromDigit, true
	case 's':
		return ecmaSpace, fromSpace, true
	case 'S':
		return ecmaSpace.negate(), fromSpace, true
	case 'w':
		return ecmaWord, fromWord, true
	case 'W':
		return ecmaWord.negate(), fromWord, true
	}
	return nil, 0, false
}

// generalCategories maps ECMA-262's General_Category values (long names
// and aliases) to their short names.
var generalCategories = map[string]string{
	"Letter": "L", "Cased_Letter": "LC", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
	"Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo",
	"Mark": "M", "Combining_Mark": "M", "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me",
	"Number": "N", "Decimal_Number": "Nd", "digit": "Nd", "Letter_Number": "Nl", "Other_Number": "No",
	"Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc", "Dash_Punctuation": "Pd",
	"Open_Punctuation": "Ps", "Close_Punctuation": "Pe", "Initial_Punctuation": "Pi",
	"Final_Punctuation": "Pf", "Other_Punctuation": "Po",
	"Symbol": "S", "Math_Symbol": "Sm", "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk", "Other_Symbol": "So",
	"Separator": "Z", "Space_Separator": "Zs", "Line_Separator": "Zl", "Paragraph_Separator": "Zp",
	"Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf", "Surrogate": "Cs",
	"Private_Use": "Co", "Unassigned": "Cn",
}

// category resolves a short General_Category name with Go's tables (the
// Unicode version of the Go toolchain). Cn and C are computed from the
// assigned code points, whatever Go's own C and Cn tables hold.
func category(short string) (runeSet, bool) {
	switch short {
	case "LC":
		return fromTable(unicode.Lu).union(fromTable(unicode.Ll)).union(fromTable(unicode.Lt)), true
	case "Cn":
		return assigned().negate(), true
	case "C":
		return fromTable(unicode.Cc).union(fromTable(unicode.Cf)).union(fromTable(unicode.Co)).union(assigned().negate()), true
	}
	t, ok := unicode.Categories[short]
	if !ok {
		return nil, false
	}
	return fromTable(t), true
}

// assigned unions the two-letter categories but Cn (which newer Go
// versions have): the one-letter C also holds unassigned code points in
// some Go versions, not in others.
var assigned = sync.OnceValue(func() runeSet {
	var s runeSet
	for name, t := range unicode.Categories {
		if len(name) == 2 && name != "Cn" {
			s = s.union(fromTable(t))
		}
	}
	return s
})

// property resolves the inside of \p{...}: a General_Category value, with
// or without "General_Category=" / "gc=", a Script given by its long name
// ("Script=Greek", "sc=Greek"), or Any, ASCII, Assigned. Other properties
// are refused (ErrUnsupported) rather than guessed.
func property(expr string) (runeSet, error) {
	name, value, hasValue := strings.Cut(expr, "=")
	switch {
	case hasValue && (name == "General_Category" || name == "gc"):
		return generalCategory(value)
	case hasValue && (name == "Script" || name == "sc"):
		if t, ok := unicode.Scripts[value]; ok {
			return fromTable(t), nil
		}
		return nil, fmt.Errorf("%w: script %q (scripts are supported by their long names, e.g. Script=Greek)", ErrUnsupported, value)
	case hasValue:
		return nil, fmt.Errorf("%w: Unicode property %q", ErrUnsupported, name)
	}
	switch expr {
	case "Any":
		return runeSet{{0, maxRune}}.minus(surrogates), nil
	case "ASCII":
		return runeSet{{0, 0x7F}}, nil
	case "Assigned":
		return assigned(), nil
	}
	return generalCategory(expr)
}

func generalCategory(value string) (runeSet, error) {
	short := value
	if long, ok := generalCategories[value]; ok {
		short = long
	}
	if s, ok := category(short); ok {
		return s, nil
	}
	return nil, fmt.Errorf("%w: Unicode property or category %q", ErrUnsupported, value)
}
