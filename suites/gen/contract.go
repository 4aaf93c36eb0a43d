package gen

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec"
)

// Member is a request member as the spec defines it: the generators and
// the derived checks come from these, never from hand-kept lists.
type Member struct {
	Name     string
	Type     string // JSON type: string, integer, number, boolean, array, object
	Pattern  *Pattern
	Enum     []string
	Required bool
	// MinLength and MaxLength bound a string's length in characters
	// (Unicode code points, as JSON Schema and Smithy count); MaxLength
	// is -1 when the page states no maximum.
	MinLength, MaxLength int
	// Page is what the page says of the member, line by line ("Pattern:
	// .+@.+\..+", "Required: No"), from the spec's x-amzn-page.
	Page []string
	// Description is the page's description of the member.
	Description string
}

// Bounded says whether the page states a maximum length.
func (m Member) Bounded() bool { return m.MaxLength >= 0 }

// PageLine is the page's line for an attribute ("Pattern", "Length
// Constraints"), or "" when the page has none.
func (m Member) PageLine(attribute string) string {
	for _, l := range m.Page {
		if strings.HasPrefix(l, attribute+":") {
			return l
		}
	}
	return ""
}

// Accepts says whether v meets every constraint of the member, as the
// contract reads them (ECMA-262 patterns, code-point lengths), and no
// dialect reads the pattern otherwise on it.
func (m Member) Accepts(v string) bool {
	n := utf8.RuneCountInString(v)
	switch {
	case !utf8.ValidString(v), n < m.MinLength, m.Bounded() && n > m.MaxLength:
		return false
	case len(m.Enum) > 0 && !slices.Contains(m.Enum, v):
		return false
	case m.Pattern != nil && (!m.Pattern.ECMA.MatchString(v) || !m.Pattern.GoRE.MatchString(v) || strings.ContainsFunc(v, disputedBeyondNewline)):
		return false
	}
	return true
}

// Contract is what the generators and the derived checks read from the spec.
type Contract struct {
	Spec           *spec.Spec
	Members        []Member // the request body's, by name
	Account        Member   // the path parameter accountId
	AccountPattern *Pattern
	Exceptions     []spec.Exception
	// Source names the page ("CreateUser - Amazon Chime (spec/source/CreateUser.txt)").
	Source string
	// BadRequest is the page's description of the 400 (BadRequestException).
	BadRequest string
}

var loadContract = sync.OnceValues(func() (*Contract, error) {
	s, err := spec.Load()
	if err != nil {
		return nil, err
	}
	return ContractOf(s)
})

// TheContract returns the contract of the embedded spec.
func TheContract() *Contract {
	c, err := loadContract()
	if err != nil {
		panic(err)
	}
	return c
}

// ContractFor is the contract of an OpenAPI document (YAML or JSON), or
// of the embedded spec when doc is empty.
func ContractFor(doc []byte) (*Contract, error) {
	if len(doc) == 0 {
		return loadContract()
	}
	s, err := spec.Parse(doc)
	if err != nil {
		return nil, err
	}
	return ContractOf(s)
}

// ContractOf reads the contract of CreateUser from a loaded spec.
func ContractOf(s *spec.Spec) (*Contract, error) {
	item := s.Doc.Paths.Find("/accounts/{accountId}/users")
	if item == nil || item.Post == nil {
		return nil, errors.New("gen: the spec has no POST /accounts/{accountId}/users")
	}
	op := item.Post
	c := &Contract{Spec: s, Exceptions: s.Exceptions("CreateUser"), Source: source(s.Doc)}
	if r := op.Responses.Value("400"); r != nil && r.Value != nil && r.Value.Description != nil {
		c.BadRequest = *r.Value.Description
	}
	for _, p := range op.Parameters {
		if p.Value == nil || p.Value.Name != "accountId" || p.Value.Schema == nil {
			continue
		}
		m, err := memberOf("accountId", p.Value.Schema.Value, true)
		if err != nil {
			return nil, err
		}
		m.Description = p.Value.Description
		c.Account, c.AccountPattern = m, m.Pattern
	}
	if c.AccountPattern == nil {
		return nil, errors.New("gen: the spec's accountId has no pattern")
	}
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return c, nil
	}
	mt := op.RequestBody.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return c, nil
	}
	body := mt.Schema.Value
	for _, name := range slices.Sorted(maps.Keys(body.Properties)) {
		m, err := memberOf(name, body.Properties[name].Value, slices.Contains(body.Required, name))
		if err != nil {
			return nil, err
		}
		c.Members = append(c.Members, m)
	}
	return c, nil
}

func source(doc *openapi3.T) string {
	src, _ := doc.Extensions["x-amzn-source"].(map[string]any)
	title, _ := src["title"].(string)
	file, _ := src["file"].(string)
	if file == "" {
		return title
	}
	return fmt.Sprintf("%s (%s)", title, file)
}

func memberOf(name string, s *openapi3.Schema, required bool) (Member, error) {
	m := Member{Name: name, Required: required, MinLength: int(s.MinLength), MaxLength: -1, Description: s.Description}
	if s.Type != nil && len(*s.Type) > 0 {
		m.Type = (*s.Type)[0]
	}
	if s.MaxLength != nil {
		m.MaxLength = int(*s.MaxLength)
	}
	if s.Pattern != "" {
		p, err := compilePattern(s.Pattern)
		if err != nil {
			return m, fmt.Errorf("gen: %s: %w", name, err)
		}
		m.Pattern = p
	}
	for _, e := range s.Enum {
		m.Enum = append(m.Enum, fmt.Sprint(e))
	}
	lines, _ := s.Extensions["x-amzn-page"].([]any)
	for _, l := range lines {
		if str, ok := l.(string); ok {
			m.Page = append(m.Page, str)
		}
	}
	return m, nil
}

func compilePattern(source string) (*Pattern, error) {
	p, err := spec.CompilePattern(source)
	if err != nil {
		return nil, err
	}
	portable, ok := p.PortableRE2()
	if !ok {
		return nil, fmt.Errorf("pattern %s has no portable form to draw from", source)
	}
	goRE, err := regexp.Compile(source)
	if err != nil {
		return nil, fmt.Errorf("pattern %s: %w", source, err)
	}
	return &Pattern{ECMA: p, GoRE: goRE, Portable: portable}, nil
}

// Member returns the member with the given name.
func (c *Contract) Member(name string) Member {
	m, ok := c.Lookup(name)
	if !ok {
		panic("gen: the spec has no request member " + name)
	}
	return m
}

// Lookup finds a request member by name.
func (c *Contract) Lookup(name string) (Member, bool) {
	for _, m := range c.Members {
		if m.Name == name {
			return m, true
		}
	}
	return Member{}, false
}
