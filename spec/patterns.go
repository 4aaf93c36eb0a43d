package spec

import (
	"context"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// Pattern is a compiled page pattern: ECMA-262 semantics, unanchored.
type Pattern = pattern.Pattern

// CompilePattern compiles a pattern of the page or the spec (Smithy and
// OpenAPI patterns are ECMA-262 regular expressions, applied unanchored).
// Go's regexp is the wrong dialect for them: see package pattern.
func CompilePattern(source string) (*Pattern, error) { return pattern.Compile(source) }

// compileRegex is the regex compiler installed in kin-openapi at every
// point where it compiles a pattern.
//
// kin-openapi caches compiled patterns process-wide, keyed by the pattern
// text alone, whichever compiler made them; validation uses a cached one
// when there is one. A document validation with a custom compiler always
// recompiles and replaces the cached entry, so ValidateDocument (which
// Parse calls) puts the ECMA-262 matcher there even when Go's regexp got
// there first; the request and response options carry the compiler too,
// for a cache miss. Code in the same process that later compiles the same
// text with another custom compiler would replace it again: nothing of
// ours does.
func compileRegex(expr string) (openapi3.RegexMatcher, error) {
	p, err := pattern.Compile(expr)
	if err != nil {
		return nil, err // not a typed nil: kin-openapi checks the interface
	}
	return p, nil
}

// ValidateDocument runs kin-openapi's validation of a document (its
// schemas, and its examples against them) with page patterns read as
// ECMA-262.
func ValidateDocument(ctx context.Context, doc *openapi3.T) error {
	return doc.Validate(ctx, openapi3.SetRegexCompiler(compileRegex))
}
