package docgen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec"
)

// Options says what the page itself does not: where it came from and the
// API version. Zero values are filled from the page.
type Options struct {
	SourceFile  string // recorded in x-amzn-source, e.g. "spec/source/CreateUser.txt"
	SourceURL   string // the public address of the page, when known
	APIVersion  string // info.version; "unversioned" when empty
	SigningName string // SigV4 signing name; by default the service name without "Amazon"/"AWS", lowercased
}

// Result is a generated document with what went into it.
type Result struct {
	Page      *Page
	Doc       *openapi3.T
	Decisions []Decision
}

// Generate parses page text and builds its OpenAPI document, which
// kin-openapi validates (schemas, and the page's samples against them):
// a page that yields no valid document is refused with an error.
func Generate(text []byte, opts Options) (*Result, error) {
	page, err := Parse(string(text))
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(text)
	res, err := Build(page, opts, hex.EncodeToString(sum[:]))
	if err != nil {
		return nil, err
	}
	if err := spec.ValidateDocument(context.Background(), res.Doc); err != nil {
		return nil, fmt.Errorf("the page yields no valid OpenAPI document: %w", err)
	}
	return res, nil
}

// The headers every AWS REST response may carry; they are not documented
// per operation. Any other header of the Sample Response is.
var transportHeaders = []string{"Content-Type", "Content-Length", "Date", "Connection"}

// ErrorTypeHeader names the exception of an error response (restJson1).
const ErrorTypeHeader = "X-Amzn-ErrorType"

// ExceptionsExtension lists, on an error response, the exceptions it documents.
const ExceptionsExtension = "x-amzn-exceptions"

// Build turns a parsed page into an OpenAPI 3.0.3 document.
func Build(page *Page, opts Options, sourceSHA256 string) (*Result, error) {
	if opts.SigningName == "" {
		name := strings.TrimPrefix(strings.TrimPrefix(page.Service, "Amazon "), "AWS ")
		opts.SigningName = strings.ToLower(strings.ReplaceAll(name, " ", ""))
	}
	if opts.APIVersion == "" {
		opts.APIVersion = "unversioned"
	}
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info: &openapi3.Info{
			Title:       page.Service + " " + page.Operation,
			Version:     opts.APIVersion,
			Description: page.Description,
		},
		Paths: openapi3.NewPaths(),
		Components: &openapi3.Components{
			Schemas:         openapi3.Schemas{},
			Responses:       openapi3.ResponseBodies{},
			SecuritySchemes: openapi3.SecuritySchemes{},
		},
		Extensions: map[string]any{
			"x-amzn-source": map[string]any{
				"title": page.Operation + " - " + page.Service, "file": opts.SourceFile,
				"url": opts.SourceURL, "sha256": sourceSHA256,
			},
		},
	}
	doc.Components.SecuritySchemes["sigv4"] = &openapi3.SecuritySchemeRef{Value: &openapi3.SecurityScheme{
		Type: "apiKey", In: "header", Name: "Authorization",
		Description: "AWS Signature Version 4 (see the page's Example section).",
		Extensions: map[string]any{
			"x-amazon-apigateway-authtype": "awsSigv4", "x-amzn-signing-name": opts.SigningName,
		},
	}}
	doc.Security = openapi3.SecurityRequirements{{"sigv4": []string{}}}

	op := &openapi3.Operation{
		OperationID: page.Operation,
		Summary:     firstSentence(page.Description),
		Description: page.Description,
		Responses:   openapi3.NewResponses(),
	}
	op.Parameters = parameters(page)
	body, err := requestBody(page)
	if err != nil {
		return nil, err
	}
	op.RequestBody = body

	success, decisions, err := successResponse(page, doc.Components.Schemas)
	if err != nil {
		return nil, err
	}
	op.Responses.Set(strconv.Itoa(page.Response.Status), success)
	addErrorResponses(page, doc.Components, op.Responses)
	if len(decisions) > 0 {
		doc.Extensions["x-reconciliation-rules"] = usedRules(decisions)
	}

	item := &openapi3.PathItem{}
	item.SetOperation(page.Request.Method, op)
	// AWS selects some operations by a constant query ("?operation=create");
	// an OpenAPI path cannot carry a query, so that is a required parameter.
	doc.Paths.Set(page.Request.Path, item)
	return &Result{Page: page, Doc: doc, Decisions: decisions}, nil
}

func parameters(page *Page) openapi3.Parameters {
	var params openapi3.Parameters
	for _, m := range page.Params {
		p := &openapi3.Parameter{Name: m.Key, In: m.In, Required: m.Required, Description: m.Description}
		s := schemaFromMember(m, nil)
		s.Description = ""
		p.Schema = openapi3.NewSchemaRef("", s)
		params = append(params, &openapi3.ParameterRef{Value: p})
	}
	for _, k := range slices.Sorted(maps.Keys(page.Request.Query)) {
		v := page.Request.Query[k]
		s := openapi3.NewStringSchema().WithEnum(v)
		params = append(params, &openapi3.ParameterRef{Value: &openapi3.Parameter{
			Name: k, In: "query", Required: true, Schema: openapi3.NewSchemaRef("", s),
			Description: fmt.Sprintf("Constant of the Request Syntax (%s?%s=%s): selects the operation.", page.Request.Path, k, v),
		}})
	}
	return params
}

func requestBody(page *Page) (*openapi3.RequestBodyRef, error) {
	skeleton := page.Request.Body
	if skeleton == nil && len(page.Body) == 0 {
		return nil, nil
	}
	s := openapi3.NewObjectSchema()
	documented := map[string]bool{}
	required := false
	for _, m := range page.Body {
		documented[m.Name] = true
		ms := schemaFromMember(m, skeleton.Get(m.Name))
		nullableWhenOptional(ms, m.Required)
		s.Properties[m.Name] = openapi3.NewSchemaRef("", ms)
		if m.Required {
			s.Required = append(s.Required, m.Name)
			required = true
		}
	}
	if skeleton != nil {
		for _, f := range skeleton.Fields {
			if !documented[f.Name] {
				return nil, fmt.Errorf("request member %s is in the Request Syntax but not under Request Body", f.Name)
			}
		}
	}
	contentType := page.Request.ContentType
	if contentType == "" {
		contentType = "application/json"
	}
	mt := openapi3.NewMediaType().WithSchema(s)
	if page.SampleRequest != nil && page.SampleRequest.Body != nil {
		var example any
		if err := json.Unmarshal([]byte(page.SampleRequest.RawBody), &example); err != nil {
			return nil, fmt.Errorf("sample request body: %w", err)
		}
		mt.Example = example
	}
	rb := openapi3.NewRequestBody().WithRequired(required).WithContent(openapi3.Content{contentType: mt})
	rb.Description = "The request body. " + bodyOptionality(required)
	return &openapi3.RequestBodyRef{Value: rb}, nil
}

func bodyOptionality(required bool) string {
	if required {
		return "Some members are required."
	}
	return "Every member is optional, so an empty object or no body at all is valid."
}

// successResponse reconciles the Response Syntax with the Sample Response and
// puts each object-typed response element into components as its own schema.
func successResponse(page *Page, schemas openapi3.Schemas) (*openapi3.ResponseRef, []Decision, error) {
	r := &reconciler{enums: map[string][]any{}}
	for _, m := range page.Body {
		for _, e := range m.Enum {
			r.enums[m.Name] = append(r.enums[m.Name], e)
		}
	}
	var sample *Node
	if page.SampleResponse != nil {
		sample = page.SampleResponse.Body
	}
	syntax := page.Response.Body
	if syntax == nil {
		syntax = &Node{Kind: KindObject}
	}
	root := r.mergeObject("", syntax, sample)
	for _, el := range page.Elements {
		ref := root.Properties[el.Name]
		if ref == nil {
			return nil, nil, fmt.Errorf("response element %s is not in the Response Syntax", el.Name)
		}
		ref.Value.Nullable = false
		ref.Value.Description = el.Description
		root.Required = append(root.Required, el.Name)
		r.decide(RuleElementsRequired, el.Name, fmt.Sprintf("Response Elements: %s (no Required line)", el.Name), "", "required, not nullable")
	}
	for _, d := range r.decisions {
		s := schemaAt(root, d.Where)
		if s == nil {
			continue
		}
		if s.Extensions == nil {
			s.Extensions = map[string]any{}
		}
		list, _ := s.Extensions["x-reconciliation"].([]Decision)
		s.Extensions["x-reconciliation"] = append(list, d)
	}
	for _, el := range page.Elements {
		if name, ok := strings.CutSuffix(el.Type, " object"); ok {
			schemas[name] = root.Properties[el.Name]
			root.Properties[el.Name] = openapi3.NewSchemaRef("#/components/schemas/"+name, schemas[name].Value)
		}
	}
	name := page.Operation + "Response"
	schemas[name] = openapi3.NewSchemaRef("", root)

	mt := openapi3.NewMediaType().WithSchemaRef(openapi3.NewSchemaRef("#/components/schemas/"+name, root))
	resp := openapi3.NewResponse().WithDescription(fmt.Sprintf("Success: HTTP %d.", page.Response.Status))
	contentType := page.Response.ContentType
	if contentType == "" {
		contentType = "application/json"
	}
	resp.Content = openapi3.Content{contentType: mt}
	resp.Headers = sampleHeaders(page.SampleResponse)
	if page.SampleResponse != nil && page.SampleResponse.RawBody != "" {
		var example any
		if err := json.Unmarshal([]byte(page.SampleResponse.RawBody), &example); err != nil {
			return nil, nil, fmt.Errorf("sample response body: %w", err)
		}
		mt.Example = example
	}
	return &openapi3.ResponseRef{Value: resp}, r.decisions, nil
}

// schemaAt finds the schema of the member at a dotted path, nil if none.
func schemaAt(root *openapi3.Schema, path string) *openapi3.Schema {
	s := root
	for _, name := range strings.Split(path, ".") {
		ref := s.Properties[name]
		if ref == nil || ref.Value == nil {
			return nil
		}
		s = ref.Value
	}
	return s
}

// sampleHeaders documents the non-transport headers of the Sample Response
// (x-amzn-RequestId) as optional headers of every response.
func sampleHeaders(m *Message) openapi3.Headers {
	headers := openapi3.Headers{}
	if m == nil {
		return headers
	}
	for _, h := range m.Headers {
		if slices.ContainsFunc(transportHeaders, func(t string) bool { return strings.EqualFold(t, h.Name) }) {
			continue
		}
		headers[h.Name] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Description: fmt.Sprintf("Shown in the Sample Response (%s: %s).", h.Name, h.Value),
			Schema:      openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
		}}}
	}
	return headers
}

// addErrorResponses adds one response per documented status. Each names its
// exception in X-Amzn-ErrorType, the way restJson1 clients resolve errors.
func addErrorResponses(page *Page, components *openapi3.Components, responses *openapi3.Responses) {
	errorBody := &openapi3.Schema{
		Type:        &openapi3.Types{openapi3.TypeObject},
		Description: "restJson1 error body. Clients read Code (or code, or __type) only when X-Amzn-ErrorType is absent.",
		Properties: openapi3.Schemas{
			"Code":    openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
			"Message": openapi3.NewSchemaRef("", openapi3.NewStringSchema()),
		},
	}
	components.Schemas["ErrorBody"] = openapi3.NewSchemaRef("", errorBody)
	byStatus := map[int][]Error{}
	for _, e := range page.Errors {
		byStatus[e.Status] = append(byStatus[e.Status], e)
	}
	for _, status := range slices.Sorted(maps.Keys(byStatus)) {
		errs := byStatus[status]
		var names, patterns, lines []string
		for _, e := range errs {
			names = append(names, e.Name)
			patterns = append(patterns, regexp.QuoteMeta(e.Name))
			lines = append(lines, e.Name+": "+e.Description)
		}
		headers := sampleHeaders(page.SampleResponse)
		headers[ErrorTypeHeader] = &openapi3.HeaderRef{Value: &openapi3.Header{Parameter: openapi3.Parameter{
			Required:    true,
			Description: "The exception name, optionally prefixed by a namespace and '#' and followed by ':' and more (clients keep what is between).",
			Schema: openapi3.NewSchemaRef("", openapi3.NewStringSchema().
				WithPattern(`^([^:#]*#)?(`+strings.Join(patterns, "|")+`)(:.*)?$`)),
		}}}
		resp := openapi3.NewResponse().WithDescription(strings.Join(lines, "\n\n"))
		resp.Headers = headers
		// The exception names, machine-readable: clients resolve errors by name.
		resp.Extensions = map[string]any{ExceptionsExtension: names}
		resp.Content = openapi3.NewContentWithJSONSchemaRef(openapi3.NewSchemaRef("#/components/schemas/ErrorBody", errorBody))
		name := errs[0].Name
		if len(errs) > 1 {
			name = fmt.Sprintf("Status%dError", status)
		}
		components.Responses[name] = &openapi3.ResponseRef{Value: resp}
		responses.Set(strconv.Itoa(status), &openapi3.ResponseRef{Ref: "#/components/responses/" + name, Value: resp})
	}
}

func usedRules(decisions []Decision) []Rule {
	var used []Rule
	for _, rule := range Rules {
		if slices.ContainsFunc(decisions, func(d Decision) bool { return d.Rule == rule.ID }) {
			used = append(used, rule)
		}
	}
	return used
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	if i := strings.Index(s, "\n"); i >= 0 {
		return s[:i]
	}
	return s
}
