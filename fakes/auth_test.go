package fakes_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes"
)

// signing says how signedPost signs: by default as a client would (the
// default key, chime, us-east-1, now, the body sent).
type signing struct {
	key, secret, token string
	service, region    string
	at                 time.Time
	bodyChanged        bool                    // the body is changed after signing (its length kept, so content-length still holds)
	declareHash        bool                    // send (and sign) X-Amz-Content-Sha256 of the body signed
	before, after      func(req *http.Request) // change the request before signing, after signing
}

// signedPost creates a user of email in the sample account with a request
// signed by aws-sdk-go-v2's signer as s says, and returns the answer.
func signedPost(t *testing.T, srv *fakes.Server, email string, s signing) answer {
	t.Helper()
	s = signingDefaults(s)
	body, signedBody := `{"Email":"`+email+`"}`, `{"Email":"`+email+`"}`
	if s.bodyChanged {
		signedBody = `{"Email":"~` + email[1:] + `"}`
	}
	req, _ := http.NewRequest("POST", srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?operation=create", strings.NewReader(signedBody))
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256([]byte(signedBody))
	if s.declareHash {
		req.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
	}
	if s.before != nil {
		s.before(req)
	}
	creds := aws.Credentials{AccessKeyID: s.key, SecretAccessKey: s.secret, SessionToken: s.token}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), s.service, s.region, s.at); err != nil {
		t.Fatal(err)
	}
	if s.after != nil {
		s.after(req)
	}
	req.Body, req.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
	return do(t, req)
}

func signingDefaults(s signing) signing {
	if s.key == "" {
		s.key, s.secret = fakes.DefaultCredential.AccessKeyID, fakes.DefaultCredential.SecretAccessKey
	}
	if s.service == "" {
		s.service = "chime"
	}
	if s.region == "" {
		s.region = "us-east-1"
	}
	if s.at.IsZero() {
		s.at = time.Now()
	}
	return s
}

// answer is a response as a test reads it.
type answer struct {
	status    int
	errorType string
	message   string
	body      []byte
	header    http.Header
}

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ Message string } // Message or message: json matches either
	b, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(b, &body)
	return answer{resp.StatusCode, errorName(resp.Header), body.Message, b, resp.Header}
}

// errorName is the exception X-Amzn-ErrorType names, as clients read it:
// what is before the first ':' (the front door adds its service's URL).
func errorName(h http.Header) string {
	name, _, _ := strings.Cut(h.Get("X-Amzn-ErrorType"), ":")
	return name
}

func (a answer) is(status int, errorType, inMessage string) bool {
	return a.status == status && a.errorType == errorType && strings.Contains(a.message, inMessage)
}

// temporary is a key configured with a session token; plain one without.
var temporary = fakes.Credential{AccessKeyID: "ASIATEMP", SecretAccessKey: "tempsecret", SessionToken: "tok3n"}

func TestVerifyRefusesWhatAWSRefuses(t *testing.T) {
	opts := fakes.Options{Auth: fakes.AuthVerify, Credentials: []fakes.Credential{fakes.DefaultCredential, temporary}}
	hour := time.Now().Add(time.Hour)
	cases := []struct {
		name           string
		s              signing
		modeled, front string // in the message
		frontType      string
	}{
		{"another service in the scope", signing{service: "s3"}, "scoped to correct service: 'chime'", "", "InvalidSignatureException"},
		{"signed an hour ago", signing{at: time.Now().Add(-time.Hour)}, "Signature expired: ", "is now earlier than", "InvalidSignatureException"},
		{"signed an hour ahead", signing{at: hour}, "Signature not yet current: " + hour.UTC().Format("20060102T150405Z") + " is still later than", "+ 5 min.)", "InvalidSignatureException"},
		{"a temporary key without its token", signing{key: temporary.AccessKeyID, secret: temporary.SecretAccessKey}, "security token included in the request is invalid", "", "UnrecognizedClientException"},
		{"a temporary key with another token", signing{key: temporary.AccessKeyID, secret: temporary.SecretAccessKey, token: "not-it"}, "security token", "", "UnrecognizedClientException"},
		{"a token for a key that has none", signing{token: "tok3n"}, "security token", "", "UnrecognizedClientException"},
		{"the body changed after signing", signing{bodyChanged: true}, "signature we calculated does not match", "", "InvalidSignatureException"},
		{"the body changed, its declared hash kept", signing{bodyChanged: true, declareHash: true}, "does not match", "", "InvalidSignatureException"},
	}
	front := start(t, opts) // the default
	opts.AuthErrors = fakes.AuthErrorsModeled
	modeled := start(t, opts)
	for i, c := range cases {
		email := "refused" + string(rune('a'+i)) + "@example.com"
		if a := signedPost(t, modeled, email, c.s); !a.is(401, "UnauthorizedClientException", c.modeled) {
			t.Errorf("%s, modeled: %+v", c.name, a)
		}
		if a := signedPost(t, front, email, c.s); !a.is(403, c.frontType, c.modeled) || !strings.Contains(a.message, c.front) {
			t.Errorf("%s, front door: %+v", c.name, a)
		}
	}
	if n := len(modeled.Users(fakes.SampleAccountID)) + len(front.Users(fakes.SampleAccountID)); n != 0 {
		t.Fatalf("refused requests stored %d users", n)
	}
	// What the faithful fake refuses above, it accepts signed properly.
	for i, s := range []signing{{}, {key: temporary.AccessKeyID, secret: temporary.SecretAccessKey, token: temporary.SessionToken}, {declareHash: true}, {region: "ap-south-1"}} {
		if a := signedPost(t, modeled, "fine"+string(rune('a'+i))+"@example.com", s); a.status != 201 {
			t.Errorf("a good signature (%+v) was refused: %+v", s, a)
		}
	}
}

func TestAForbiddenCredentialAuthenticatesThenIsRefused(t *testing.T) {
	noPermission := fakes.Credential{AccessKeyID: "AKIDNOPERM", SecretAccessKey: "noperm-secret", Forbidden: true}
	for _, opts := range []fakes.Options{
		{Auth: fakes.AuthVerify, Credentials: []fakes.Credential{noPermission}},
		{Auth: fakes.AuthVerify, AuthErrors: fakes.AuthErrorsModeled, Credentials: []fakes.Credential{noPermission}},
		{Auth: fakes.AuthAny, Credentials: []fakes.Credential{noPermission}},
	} {
		srv := start(t, opts)
		s := signing{key: noPermission.AccessKeyID, secret: noPermission.SecretAccessKey}
		// Forbidden comes after authentication and before validation.
		if a := signedPost(t, srv, "not-an-email", s); !a.is(403, "ForbiddenException", "permanently forbidden") {
			t.Errorf("%s/%s: %+v", opts.Auth, opts.AuthErrors, a)
		}
		if opts.Auth == fakes.AuthVerify {
			s.secret = "wrong"
			if a := signedPost(t, srv, "x@example.com", s); a.status == 403 && a.errorType == "ForbiddenException" {
				t.Errorf("a bad signature of a forbidden key must fail authentication first: %+v", a)
			}
		}
		// The allowed default key, added since none was configured, creates.
		if a := signedPost(t, srv, "allowed@example.com", signing{}); a.status != 201 {
			t.Errorf("the default key: %+v", a)
		}
		if n := len(srv.Users(fakes.SampleAccountID)); n != 1 {
			t.Errorf("%d users stored, want the allowed key's one", n)
		}
	}
}

// A scope dated another day than X-Amz-Date is refused before the
// signature is even computed, in AWS's words. (aws-sdk-go-v2's signer
// cannot make such a signature, so the header is edited after signing.)
func TestAScopeOfAnotherDayIsRefused(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify})
	req, _ := http.NewRequest("POST", srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?operation=create", strings.NewReader(`{}`))
	at := time.Now()
	sum := sha256.Sum256([]byte(`{}`))
	c := fakes.DefaultCredential
	if err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey},
		req, hex.EncodeToString(sum[:]), "chime", "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	day, yesterday := at.UTC().Format("20060102"), at.UTC().Add(-24*time.Hour).Format("20060102")
	req.Header.Set("Authorization", strings.Replace(req.Header.Get("Authorization"), "/"+day+"/", "/"+yesterday+"/", 1))
	if a := do(t, req); !a.is(403, "InvalidSignatureException", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"+yesterday+"' != '"+day+"'") {
		t.Fatalf("%+v", a)
	}
}

// The front door's refusal is shaped as AWS's: 403, X-Amzn-ErrorType with
// the front door's service suffix, a request ID, the fake's Date, and a
// body of "message" alone; a skewed signature names both times, as SDKs
// read them.
func TestTheFrontDoorAnswersAsAWS(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify})
	at := time.Now().Add(-10 * time.Minute)
	a := signedPost(t, srv, "late@example.com", signing{at: at})
	var body map[string]string
	if err := json.Unmarshal(a.body, &body); err != nil {
		t.Fatalf("%v: %s", err, a.body)
	}
	want := "Signature expired: " + at.UTC().Format("20060102T150405Z") + " is now earlier than "
	if a.status != 403 || a.header.Get("X-Amzn-ErrorType") != "InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/" ||
		a.header.Get("X-Amzn-RequestId") == "" || len(body) != 1 || !strings.HasPrefix(body["message"], want) || !strings.HasSuffix(body["message"], " - 5 min.)") {
		t.Fatalf("%+v", a)
	}
	if date, err := http.ParseTime(a.header.Get("Date")); err != nil || time.Since(date).Abs() > time.Minute {
		t.Fatalf("Date %q: %v", a.header.Get("Date"), err)
	}
}

// The fake's Date is its own clock's (Options.Now), so that a client
// corrects its clock to the fake's.
func TestDateIsTheFakesClock(t *testing.T) {
	ahead := time.Now().Add(10 * time.Minute).Truncate(time.Second)
	srv := start(t, fakes.Options{Now: func() time.Time { return ahead }})
	resp, err := http.Post(srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?operation=create", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if date, err := http.ParseTime(resp.Header.Get("Date")); err != nil || !date.Equal(ahead) {
		t.Fatalf("Date %q, want %s: %v", resp.Header.Get("Date"), ahead.UTC().Format(http.TimeFormat), err)
	}
}
