package spec_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec"
)

const sampleAccount = "12a3456b-7c89-012d-3456-78901e23fg45"

// The doc page's own Sample Response body, verbatim.
const sampleResponse = `{"User":{"AccountId":"12a3456b-7c89-012d-3456-78901e23fg45","AlexaForBusinessMetadata":{"AlexaForBusinessRoomArn":null,"IsAlexaForBusinessEnabled":false},"Delegates":null,"Devices":null,"DisplayName":"room device","EmailAlias":[],"FullName":"Room Device","InvitedOn":null,"IsProTrial":false,"LastActiveOn":null,"LicenseType":"Pro","PersonalPIN":null,"PresenceVisibility":null,"PrimaryEmail":"roomdevice@example.com","PrimaryProvisionedNumber":null,"RegisteredOn":"2020-01-15T22:38:09.806Z","UserId":"1ab2345c-67de-8901-f23g-45h678901j2k","UserInvitationStatus":null,"UserLocale":null,"UserRegistrationStatus":"Registered","UserType":"SharedDevice","Vanity":null}}`

func request(path, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func createPath(account string) string { return "/accounts/" + account + "/users?operation=create" }

func jsonHeader(extra ...string) http.Header {
	h := http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"req-1"}}
	for i := 0; i+1 < len(extra); i += 2 {
		h.Set(extra[i], extra[i+1])
	}
	return h
}

// expectValidation checks that err is nil when keyword is empty, and
// otherwise a ValidationError naming member and keyword.
func expectValidation(t *testing.T, err error, member, keyword string) {
	t.Helper()
	if keyword == "" {
		if err != nil {
			t.Fatalf("want valid, got %v", err)
		}
		return
	}
	var ve *spec.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	if ve.Member != member || ve.Constraint != keyword {
		t.Fatalf("want member %q constraint %q, got %q %q (%v)", member, keyword, ve.Member, ve.Constraint, err)
	}
}

func TestRequests(t *testing.T) {
	s := spec.MustLoad()
	cases := []struct {
		name, path, body string
		member, keyword  string // "" member means valid
	}{
		{"doc sample request", createPath(sampleAccount), `{"Email": "roomdevice@example.com", "UserType": "SharedDevice"}`, "", ""},
		{"empty object", createPath(sampleAccount), `{}`, "", ""},
		{"no body", createPath(sampleAccount), ``, "", ""},
		{"escaped account", createPath("a%2Fb%20c"), `{}`, "", ""},
		{"unicode username", createPath("x"), `{"Username":"ünï 名前","Email":"a@b.c"}`, "", ""},
		{"unanchored email pattern", createPath("x"), `{"Email":"  a@b.c trailing"}`, "", ""},
		{"bad email", createPath("x"), `{"Email":"not-an-email"}`, "Email", "pattern"},
		{"bad user type", createPath("x"), `{"UserType":"privateuser"}`, "UserType", "enum"},
		{"email not a string", createPath("x"), `{"Email":5}`, "Email", "type"},
		{"body not an object", createPath("x"), `["a"]`, "body", "type"},
		{"malformed json", createPath("x"), `{"Email":`, "body", "body"},
		{"blank account", createPath("%20%20"), `{}`, "path accountId", "pattern"},
		{"wrong operation", "/accounts/x/users?operation=delete", `{}`, "query operation", "enum"},
		{"no operation", "/accounts/x/users", `{}`, "query operation", "parameter"},
		// Patterns are ECMA-262: its . matches no line terminator (\r, U+2028,
		// U+2029), though Go's does; NEL (U+0085) is none, so it matches.
		{"email with CR", createPath("x"), `{"Email":"ab@exa\rmple.com"}`, "Email", "pattern"},
		{"email with U+2028", createPath("x"), `{"Email":"ab@exa\u2028mple.com"}`, "Email", "pattern"},
		{"email with U+2029", createPath("x"), `{"Email":"ab@exa\u2029mple.com"}`, "Email", "pattern"},
		{"email with NEL", createPath("x"), `{"Email":"ab@exa\u0085mple.com"}`, "", ""},
		{"email with LF", createPath("x"), `{"Email":"ab@exa\nmple.com"}`, "Email", "pattern"},
		// ECMA-262's \s holds \v, NBSP, the BOM and every Zs space; Go's does not.
		{"account of NBSP", createPath("%C2%A0"), `{}`, "path accountId", "pattern"},
		{"account of VT", createPath("%0B"), `{}`, "path accountId", "pattern"},
		{"account of ideographic space", createPath("%E3%80%80"), `{}`, "path accountId", "pattern"},
		{"account of NEL", createPath("%C2%85"), `{}`, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := request(c.path, c.body)
			_, err := s.ValidateRequest(context.Background(), r, []byte(c.body))
			expectValidation(t, err, c.member, c.keyword)
		})
	}
}

func TestResponses(t *testing.T) {
	s := spec.MustLoad()
	r := request(createPath(sampleAccount), `{}`)
	swap := func(old, new string) string {
		if !strings.Contains(sampleResponse, old) {
			t.Fatalf("sample lacks %q", old)
		}
		return strings.Replace(sampleResponse, old, new, 1)
	}
	cases := []struct {
		name    string
		resp    spec.Response
		member  string
		keyword string
	}{
		{"doc sample response", spec.Response{201, jsonHeader(), []byte(sampleResponse)}, "", ""},
		{"RegisteredOn as a number", spec.Response{201, jsonHeader(), []byte(swap(`"2020-01-15T22:38:09.806Z"`, `1579127889.806`))}, "User.RegisteredOn", "type"},
		{"RegisteredOn not RFC 3339", spec.Response{201, jsonHeader(), []byte(swap(`"2020-01-15T22:38:09.806Z"`, `"15 Jan 2020"`))}, "User.RegisteredOn", "pattern"},
		// RFC 3339 requires the zone; the sample has it. smithy-go copes without.
		{"RegisteredOn without a zone", spec.Response{201, jsonHeader(), []byte(swap(`"2020-01-15T22:38:09.806Z"`, `"2020-01-15T22:38:09.806"`))}, "User.RegisteredOn", "pattern"},
		{"RegisteredOn with an offset", spec.Response{201, jsonHeader(), []byte(swap(`"2020-01-15T22:38:09.806Z"`, `"2020-01-15T23:38:09+01:00"`))}, "", ""},
		{"RegisteredOn in month 13", spec.Response{201, jsonHeader(), []byte(swap(`"2020-01-15T22:38:09.806Z"`, `"2020-13-15T22:38:09Z"`))}, "User.RegisteredOn", "format"},
		{"InvitedOn a timestamp", spec.Response{201, jsonHeader(), []byte(swap(`"InvitedOn":null`, `"InvitedOn":"2020-01-15T22:38:09.806Z"`))}, "", ""},
		{"InvitedOn without a zone", spec.Response{201, jsonHeader(), []byte(swap(`"InvitedOn":null`, `"InvitedOn":"2020-01-15T22:38:09"`))}, "User.InvitedOn", "pattern"},
		{"InvitedOn as a number", spec.Response{201, jsonHeader(), []byte(swap(`"InvitedOn":null`, `"InvitedOn":1579127889.806`))}, "User.InvitedOn", "type"},
		{"missing User", spec.Response{201, jsonHeader(), []byte(`{"user":{}}`)}, "User", "required"},
		{"missing UserId", spec.Response{201, jsonHeader(), []byte(swap(`"UserId":"1ab2345c-67de-8901-f23g-45h678901j2k",`, ``))}, "User.UserId", "required"},
		{"wrong UserType", spec.Response{201, jsonHeader(), []byte(swap(`"UserType":"SharedDevice"`, `"UserType":"Robot"`))}, "User.UserType", "enum"},
		{"undocumented status", spec.Response{200, jsonHeader(), []byte(sampleResponse)}, "", "status"},
		{"wrong content type", spec.Response{201, http.Header{"Content-Type": {"text/plain"}}, []byte(sampleResponse)}, "header Content-Type", "content-type"},
		{"error with header", spec.Response{409, jsonHeader("X-Amzn-ErrorType", "ConflictException:http://internal.amazon.com/coral/com.amazonaws.chime/"), []byte(`{"Code":"Conflict","Message":"exists"}`)}, "", ""},
		{"error with empty body", spec.Response{503, jsonHeader("X-Amzn-ErrorType", "ServiceUnavailableException"), nil}, "", ""},
		{"error without X-Amzn-ErrorType", spec.Response{409, jsonHeader(), []byte(`{"Code":"Conflict","Message":"exists"}`)}, "header X-Amzn-ErrorType", "required"},
		{"error naming another exception", spec.Response{409, jsonHeader("X-Amzn-ErrorType", "BadRequestException"), []byte(`{}`)}, "header X-Amzn-ErrorType", "pattern"},
		{"error body not JSON", spec.Response{400, jsonHeader("X-Amzn-ErrorType", "BadRequestException"), []byte(`<html>`)}, "", "json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := s.ValidateResponse(context.Background(), r, c.resp)
			expectValidation(t, err, c.member, c.keyword)
		})
	}
}

// kin-openapi caches compiled patterns by their text, whichever compiler
// made them: Go's regexp getting there first must not decide validation,
// nor a plain document validation (a reader of the YAML) after.
func TestPatternsStayECMAWhateverCompiledThemFirst(t *testing.T) {
	ctx := context.Background()
	doc, err := openapi3.NewLoader().LoadFromData(spec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	goRegexp := func(expr string) (openapi3.RegexMatcher, error) { return regexp.Compile(expr) }
	if err := doc.Validate(ctx, openapi3.SetRegexCompiler(goRegexp)); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Parse(spec.YAML)
	if err != nil {
		t.Fatal(err)
	}
	body := `{"Email":"ab@exa\rmple.com"}`
	_, err = s.ValidateRequest(ctx, request(createPath("x"), body), []byte(body))
	expectValidation(t, err, "Email", "pattern")

	if err := doc.Validate(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = s.ValidateRequest(ctx, request(createPath("x"), body), []byte(body))
	expectValidation(t, err, "Email", "pattern")
}

func TestUnknownRoute(t *testing.T) {
	_, err := spec.MustLoad().ValidateRequest(context.Background(), request("/accounts/x/meetings", "{}"), []byte("{}"))
	if !errors.Is(err, spec.ErrNoRoute) {
		t.Fatalf("want ErrNoRoute, got %v", err)
	}
}

func TestExceptions(t *testing.T) {
	got := spec.MustLoad().Exceptions("CreateUser")
	want := []spec.Exception{{"BadRequestException", 400}, {"UnauthorizedClientException", 401}, {"ForbiddenException", 403},
		{"NotFoundException", 404}, {"ConflictException", 409}, {"ThrottledClientException", 429},
		{"ServiceFailureException", 500}, {"ServiceUnavailableException", 503}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v", got)
		}
	}
}
