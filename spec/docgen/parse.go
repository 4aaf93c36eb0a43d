package docgen

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/chime-conformance/createuser/spec/pattern"
)

// The section headings of the AWS API reference page format. "Example" and
// "Examples" both open the example section; within it "Sample Request" and
// "Sample Response" hold the HTTP messages.
const (
	secRequestSyntax  = "Request Syntax"
	secURIParams      = "URI Request Parameters"
	secRequestBody    = "Request Body"
	secResponseSyntax = "Response Syntax"
	secResponseElems  = "Response Elements"
	secErrors         = "Errors"
	secExample        = "Example"
	secSampleRequest  = "Sample Request"
	secSampleResponse = "Sample Response"
	secSeeAlso        = "See Also"
)

var headings = map[string]string{
	secRequestSyntax: secRequestSyntax, secURIParams: secURIParams, secRequestBody: secRequestBody,
	secResponseSyntax: secResponseSyntax, secResponseElems: secResponseElems, secErrors: secErrors,
	secExample: secExample, "Examples": secExample, secSampleRequest: secSampleRequest,
	secSampleResponse: secSampleResponse, secSeeAlso: secSeeAlso,
}

// ParseError says which part of the page could not be read.
type ParseError struct {
	Section string
	Err     error
}

func (e *ParseError) Error() string { return fmt.Sprintf("page section %q: %v", e.Section, e.Err) }
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads an API reference page given as text, one paragraph per line.
func Parse(text string) (*Page, error) {
	title, intro, sections := splitSections(text)
	page := &Page{}
	var ok bool
	if page.Operation, page.Service, ok = strings.Cut(title, " - "); !ok {
		return nil, &ParseError{"title", fmt.Errorf("want \"Operation - Service\", got %q", title)}
	}
	if len(intro) > 0 && intro[0] == page.Operation {
		intro = intro[1:]
	}
	page.Description = strings.Join(intro, "\n\n")

	page.Params = parseMembers(sections[secURIParams])
	page.Body = parseMembers(sections[secRequestBody])
	page.Elements = parseMembers(sections[secResponseElems])

	steps := []struct {
		section string
		run     func() error
	}{
		{secRequestSyntax, func() (err error) {
			page.Request, err = parseRequestSyntax(strings.Join(sections[secRequestSyntax], " "), page.Params)
			return err
		}},
		{secURIParams, func() error { return errors.Join(bindParams(page), checkPatterns(page.Params)) }},
		{secRequestBody, func() error { return checkPatterns(page.Body) }},
		{secResponseElems, func() error { return checkPatterns(page.Elements) }},
		{secResponseSyntax, func() (err error) {
			page.Response, err = parseResponseSyntax(strings.Join(sections[secResponseSyntax], " "))
			return err
		}},
		{secErrors, func() (err error) { page.Errors, err = parseErrors(sections[secErrors]); return err }},
		{secSampleRequest, func() (err error) { page.SampleRequest, err = parseSample(sections[secSampleRequest]); return err }},
		{secSampleResponse, func() (err error) { page.SampleResponse, err = parseSample(sections[secSampleResponse]); return err }},
	}
	for _, step := range steps {
		if err := step.run(); err != nil {
			return nil, &ParseError{step.section, err}
		}
	}
	return page, nil
}

// splitSections returns the title line, the lines before the first heading
// and the non-empty lines of each section.
func splitSections(text string) (string, []string, map[string][]string) {
	var title string
	var intro []string
	sections := map[string][]string{}
	current := ""
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
		case title == "":
			title = line
		case headings[line] != "":
			current = headings[line]
		case current == "":
			intro = append(intro, line)
		default:
			sections[current] = append(sections[current], line)
		}
	}
	return title, intro, sections
}

var (
	memberNameRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)
	attributeRe  = regexp.MustCompile(`^(Type|Pattern|Valid Values|Required|Length Constraints|Valid Range|Array Members|HTTP Status Code): ?(.*)$`)
	minimumRe    = regexp.MustCompile(`Minimum (?:length|value|number) of (-?[0-9.]+)`)
	maximumRe    = regexp.MustCompile(`Maximum (?:length|value|number) of (-?[0-9.]+)`)
)

// block is a member block: its name line, its description and its attributes.
type block struct {
	name        string
	description []string
	attrs       map[string]string
	lines       []string // the attribute lines as written, in page order
}

// parseBlocks splits section lines into member blocks. Lines before the
// first name line are the section's introduction and are returned apart.
func parseBlocks(lines []string) (intro []string, blocks []*block) {
	for _, line := range lines {
		if m := attributeRe.FindStringSubmatch(line); m != nil && len(blocks) > 0 {
			b := blocks[len(blocks)-1]
			b.attrs[m[1]] = strings.TrimSpace(m[2])
			b.lines = append(b.lines, m[1]+": "+strings.TrimSpace(m[2]))
			continue
		}
		if memberNameRe.MatchString(line) {
			blocks = append(blocks, &block{name: line, attrs: map[string]string{}})
			continue
		}
		if len(blocks) == 0 {
			intro = append(intro, line)
			continue
		}
		b := blocks[len(blocks)-1]
		b.description = append(b.description, line)
	}
	return intro, blocks
}

func parseMembers(lines []string) []Member {
	_, blocks := parseBlocks(lines)
	members := make([]Member, 0, len(blocks))
	for _, b := range blocks {
		m := Member{
			Name:        b.name,
			Description: strings.Join(b.description, "\n\n"),
			Type:        b.attrs["Type"],
			Pattern:     b.attrs["Pattern"],
			Required:    strings.EqualFold(b.attrs["Required"], "Yes"),
			PageLines:   b.lines,
		}
		if v := b.attrs["Valid Values"]; v != "" {
			for _, e := range strings.Split(v, "|") {
				m.Enum = append(m.Enum, strings.TrimSpace(e))
			}
		}
		m.MinLength, m.MaxLength = uintBounds(b.attrs["Length Constraints"])
		m.MinItems, m.MaxItems = uintBounds(b.attrs["Array Members"])
		m.Minimum, m.Maximum = floatBounds(b.attrs["Valid Range"])
		members = append(members, m)
	}
	return members
}

func floatBounds(s string) (lo, hi *float64) {
	get := func(re *regexp.Regexp) *float64 {
		if m := re.FindStringSubmatch(s); m != nil {
			if f, err := strconv.ParseFloat(strings.TrimSuffix(m[1], "."), 64); err == nil {
				return &f
			}
		}
		return nil
	}
	return get(minimumRe), get(maximumRe)
}

func uintBounds(s string) (lo, hi *uint64) {
	conv := func(f *float64) *uint64 {
		if f == nil || *f < 0 {
			return nil
		}
		u := uint64(*f)
		return &u
	}
	l, h := floatBounds(s)
	return conv(l), conv(h)
}

// checkPatterns refuses a member whose Pattern is no ECMA-262 regular
// expression (or one the spec could not apply): the spec would be invalid.
func checkPatterns(members []Member) error {
	var errs []error
	for _, m := range members {
		if m.Pattern == "" {
			continue
		}
		if _, err := pattern.Compile(m.Pattern); err != nil {
			errs = append(errs, fmt.Errorf("member %s: %w", m.Name, err))
		}
	}
	return errors.Join(errs...)
}

func parseErrors(lines []string) ([]Error, error) {
	_, blocks := parseBlocks(lines)
	errs := make([]Error, 0, len(blocks))
	for _, b := range blocks {
		status, err := strconv.Atoi(b.attrs["HTTP Status Code"])
		if err != nil {
			return nil, fmt.Errorf("error %s: no valid \"HTTP Status Code\"", b.name)
		}
		errs = append(errs, Error{Name: b.name, Description: strings.Join(b.description, "\n\n"), Status: status})
	}
	return errs, nil
}
