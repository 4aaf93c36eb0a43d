package docgen_test

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec"
	"github.com/chime-conformance/createuser/spec/docgen"
)

func readPage(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const seedPage = "../source/CreateUser.txt"

// generate builds the page's spec, renders it and loads it back the way a
// reader of the YAML would, checking kin-openapi's own validation.
func generate(t *testing.T, text []byte) (*docgen.Result, []byte, *openapi3.T) {
	t.Helper()
	res, err := docgen.Generate(text, docgen.Options{APIVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	yml, err := docgen.MarshalYAML(res.Doc)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(yml)
	if err != nil {
		t.Fatal(err)
	}
	if err := spec.ValidateDocument(context.Background(), doc); err != nil {
		t.Fatalf("kin-openapi rejects the generated spec: %v", err)
	}
	return res, yml, doc
}

func TestSeedPageModel(t *testing.T) {
	page, err := docgen.Parse(string(readPage(t, seedPage)))
	if err != nil {
		t.Fatal(err)
	}
	if page.Operation != "CreateUser" || page.Service != "Amazon Chime" {
		t.Errorf("title: %q - %q", page.Operation, page.Service)
	}
	rq := page.Request
	if rq.Method != "POST" || rq.Path != "/accounts/{accountId}/users" || rq.Query["operation"] != "create" || len(rq.Query) != 1 {
		t.Errorf("request line: %s %s %v", rq.Method, rq.Path, rq.Query)
	}
	if len(page.Params) != 1 || page.Params[0].Name != "accountId" || page.Params[0].In != "path" || page.Params[0].Pattern != `.*\S.*` || !page.Params[0].Required {
		t.Errorf("URI parameters: %+v", page.Params)
	}
	var names []string
	for _, m := range page.Body {
		names = append(names, m.Name)
		if m.Required {
			t.Errorf("%s should be optional", m.Name)
		}
	}
	if !slices.Equal(names, []string{"Email", "Username", "UserType"}) {
		t.Errorf("body members: %v", names)
	}
	if page.Body[0].Pattern != `.+@.+\..+` || page.Body[1].Pattern != "" || page.Body[2].Pattern != "" {
		t.Errorf("patterns: %q %q %q", page.Body[0].Pattern, page.Body[1].Pattern, page.Body[2].Pattern)
	}
	if !slices.Equal(page.Body[2].Enum, []string{"PrivateUser", "SharedDevice"}) || page.Body[0].Enum != nil {
		t.Errorf("enum: %v", page.Body[2].Enum)
	}
	wantErrors := map[string]int{
		"BadRequestException": 400, "ConflictException": 409, "ForbiddenException": 403, "NotFoundException": 404,
		"ServiceFailureException": 500, "ServiceUnavailableException": 503, "ThrottledClientException": 429,
		"UnauthorizedClientException": 401,
	}
	got := map[string]int{}
	for _, e := range page.Errors {
		got[e.Name] = e.Status
		if e.Description == "" {
			t.Errorf("%s has no description", e.Name)
		}
	}
	if len(page.Errors) != 8 || !mapsEqual(got, wantErrors) {
		t.Errorf("errors: %v", got)
	}
	if page.Response.Status != 201 || page.Response.Body.Get("User").Get("RegisteredOn").Kind != docgen.KindNumber {
		t.Errorf("response syntax: %d", page.Response.Status)
	}
	if page.SampleResponse.Status() != 201 || page.SampleResponse.Body.Get("User").Get("RegisteredOn").Literal != "2020-01-15T22:38:09.806Z" {
		t.Errorf("sample response: %+v", page.SampleResponse.StartLine)
	}
	if v, _ := page.SampleRequest.Header("Authorization"); v != "AUTHPARAMS" {
		t.Errorf("sample request headers: %+v", page.SampleRequest.Headers)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestDeterministic(t *testing.T) {
	text := readPage(t, seedPage)
	_, first, _ := generate(t, text)
	for range 5 {
		if _, again, _ := generate(t, text); !bytes.Equal(first, again) {
			t.Fatal("two generations of the same page differ")
		}
	}
}

func TestEditingThePageChangesTheSpec(t *testing.T) {
	text := string(readPage(t, seedPage))
	_, _, base := generate(t, []byte(text))
	op := base.Paths.Find("/accounts/{accountId}/users").Post
	if op.Responses.Status(429) == nil {
		t.Fatal("seed spec lacks 429")
	}

	dropped := strings.Replace(text, "ThrottledClientException\n\nThe client exceeded its request rate limit.\n\nHTTP Status Code: 429\n\n", "", 1)
	if dropped == text {
		t.Fatal("edit did not apply")
	}
	_, _, doc := generate(t, []byte(dropped))
	op = doc.Paths.Find("/accounts/{accountId}/users").Post
	if op.Responses.Status(429) != nil || op.Responses.Status(409) == nil {
		t.Error("dropping ThrottledClientException from the page should drop the 429 response only")
	}

	repatterned := strings.Replace(text, `Pattern: .+@.+\..+`, `Pattern: ^[a-z]+@example\.com$`, 1)
	_, _, doc = generate(t, []byte(repatterned))
	body := doc.Paths.Find("/accounts/{accountId}/users").Post.RequestBody.Value.Content.Get("application/json").Schema.Value
	if p := body.Properties["Email"].Value.Pattern; p != `^[a-z]+@example\.com$` {
		t.Errorf("Email pattern: %q", p)
	}

	enum := strings.Replace(text, "Valid Values: PrivateUser | SharedDevice", "Valid Values: PrivateUser | SharedDevice | RoomDevice", 1)
	_, _, doc = generate(t, []byte(enum))
	user := doc.Components.Schemas["User"].Value
	if got := user.Properties["UserType"].Value.Enum; len(got) != 3 {
		t.Errorf("a third UserType should reach the response enum too: %v", got)
	}
}

func TestSyntheticPage(t *testing.T) {
	res, _, doc := generate(t, readPage(t, "testdata/CreateWidget.txt"))
	item := doc.Paths.Find("/fleets/{fleetId}/widgets")
	if item == nil || item.Put == nil {
		t.Fatalf("paths: %v", doc.Paths.InMatchingOrder())
	}
	op := item.Put
	params := map[string]*openapi3.Parameter{}
	for _, p := range op.Parameters {
		params[p.Value.In+" "+p.Value.Name] = p.Value
	}
	if p := params["path fleetId"]; p == nil || p.Schema.Value.Pattern != "^[a-z0-9-]+$" || *p.Schema.Value.MaxLength != 36 {
		t.Errorf("fleetId: %+v", p)
	}
	if p := params["header X-Widget-Token"]; p == nil || !p.Required {
		t.Errorf("header parameter: %+v", params)
	}
	if p := params["query dryRun"]; p == nil || p.Required || len(p.Schema.Value.Enum) != 2 {
		t.Errorf("query parameter: %+v", p)
	}
	body := op.RequestBody.Value
	if !body.Required {
		t.Error("a body with a required member is required")
	}
	s := body.Content.Get("application/json").Schema.Value
	if !slices.Equal(s.Required, []string{"Name"}) {
		t.Errorf("required: %v", s.Required)
	}
	count := s.Properties["Count"].Value
	if !count.Type.Is("integer") || *count.Min != 1 || *count.Max != 100 {
		t.Errorf("Count: %+v", count)
	}
	tags := s.Properties["Tags"].Value
	if !tags.Type.Is("array") || !tags.Items.Value.Type.Is("string") || *tags.MaxItems != 5 {
		t.Errorf("Tags: %+v", tags)
	}
	if shape := s.Properties["Shape"].Value; !shape.Type.Is("object") || shape.Properties["Sides"] == nil {
		t.Errorf("Shape: %+v", shape)
	}
	if op.Responses.Status(200) == nil || op.Responses.Status(201) != nil {
		t.Error("success status should be 200")
	}
	r400 := op.Responses.Status(400).Value
	if p := r400.Headers["X-Amzn-ErrorType"].Value.Schema.Value.Pattern; !strings.Contains(p, "InvalidParameterException|LimitExceededException") {
		t.Errorf("two errors share 400: %q", p)
	}
	if op.Responses.Status(404) == nil || op.Responses.Status(500) == nil || op.Responses.Status(409) != nil {
		t.Error("error statuses should be exactly the page's")
	}
	widget := doc.Components.Schemas["Widget"].Value
	if !slices.Equal(widget.Required, []string{"WidgetId"}) || !widget.Properties["CreatedOn"].Value.Type.Is("number") {
		t.Errorf("Widget: required %v", widget.Required)
	}
	for _, d := range res.Decisions {
		if d.Rule == docgen.RuleWireType.ID || d.Rule == docgen.RuleSampleOnly.ID {
			t.Errorf("the widget page agrees with its sample, yet: %+v", d)
		}
	}
}

func TestReconciliation(t *testing.T) {
	res, _, doc := generate(t, readPage(t, seedPage))
	user := doc.Components.Schemas["User"].Value
	reg := user.Properties["RegisteredOn"].Value
	if !reg.Type.Is("string") || reg.Format != "date-time" || !reg.Nullable {
		t.Errorf("RegisteredOn: %v %q nullable=%v", reg.Type, reg.Format, reg.Nullable)
	}
	if inv := user.Properties["InvitedOn"].Value; !inv.Nullable || !inv.Type.Is("string") || inv.Format != "date-time" {
		t.Errorf("InvitedOn: %v %q nullable=%v; a timestamp like RegisteredOn", inv.Type, inv.Format, inv.Nullable)
	}
	for _, m := range []string{"Delegates", "Devices", "EmailAlias", "FullName", "IsProTrial", "LastActiveOn", "PresenceVisibility", "UserLocale", "Vanity"} {
		if user.Properties[m] == nil {
			t.Errorf("sample-only member %s missing", m)
		}
	}
	if f := user.Properties["UserId"].Value.Format; f != "" {
		t.Errorf("UserId format %q: sample IDs are not UUIDs", f)
	}
	if _, ok := user.Properties["RegisteredOn"].Value.Extensions["x-reconciliation"]; !ok {
		t.Error("the decision should be recorded on the schema")
	}

	var report bytes.Buffer
	if err := docgen.WriteReport(&report, res); err != nil {
		t.Fatal(err)
	}
	for _, d := range res.Decisions {
		if !strings.Contains(report.String(), d.PageSays) || !strings.Contains(report.String(), "`"+d.Where+"`") {
			t.Errorf("report lacks %s at %s", d.PageSays, d.Where)
		}
	}
	for _, m := range []string{"RegisteredOn", "InvitedOn"} {
		if p := user.Properties[m].Value.Pattern; p != docgen.RFC3339Pattern {
			t.Errorf("%s pattern %q: a timestamp requires its zone", m, p)
		}
	}
	for _, want := range []string{`"RegisteredOn": number`, `"InvitedOn": number`, "User.Vanity", "no format: uuid", "timestamp-family", "timestamp-zone"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for name, text := range map[string]string{
		"no title separator": "CreateUser\n",
		"bad request line":   "Op - Svc\n\nRequest Syntax\n\nPOST\n",
		"bad skeleton":       "Op - Svc\n\nRequest Syntax\n\nPOST /x HTTP/1.1 { \"a\": }\n",
		"unbound parameter":  "Op - Svc\n\nRequest Syntax\n\nPOST /x HTTP/1.1\n\nURI Request Parameters\n\nfoo\n\nRequired: Yes\n",
		"error w/o status":   "Op - Svc\n\nRequest Syntax\n\nPOST /x HTTP/1.1\n\nResponse Syntax\n\nHTTP/1.1 200\n\nErrors\n\nOops\n\nBroken.\n",
	} {
		if _, err := docgen.Parse(text); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}
