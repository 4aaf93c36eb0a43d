package fakes_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"
	"github.com/aws/smithy-go"

	"github.com/chime-conformance/createuser/fakes"
)

var verified = fakes.Options{
	Auth:        fakes.AuthVerify,
	Accounts:    []string{fakes.SampleAccountID, "acc/1 x"},
	Credentials: []fakes.Credential{fakes.DefaultCredential, {AccessKeyID: "ASIATEMP", SecretAccessKey: "tempsecret", SessionToken: "tok3n"}},
}

func clientWith(srv *fakes.Server, key, secret, token, region string) *chime.Client {
	return chime.New(chime.Options{
		Region: region, BaseEndpoint: aws.String(srv.URL()), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(key, secret, token),
	})
}

func TestVerifyAcceptsRealSignatures(t *testing.T) {
	srv := start(t, verified)
	for name, c := range map[string]*chime.Client{
		"default key":          srv.Client(),
		"session token":        clientWith(srv, "ASIATEMP", "tempsecret", "tok3n", "us-east-1"),
		"another region scope": clientWith(srv, "AKIDEXAMPLE", fakes.DefaultCredential.SecretAccessKey, "", "eu-west-1"),
	} {
		if _, err := c.CreateUser(ctx(t), input("acc/1 x", "")); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestVerifyRejectsBadSignatures(t *testing.T) {
	srv := start(t, verified)
	for _, c := range []struct {
		name   string
		client *chime.Client
		want   string // as AWS's front door answers
	}{
		{"wrong secret", clientWith(srv, "AKIDEXAMPLE", "not-the-secret", "", "us-east-1"), "InvalidSignatureException"},
		{"unknown key", clientWith(srv, "AKIDUNKNOWN", "whatever", "", "us-east-1"), "UnrecognizedClientException"},
		{"wrong token", clientWith(srv, "ASIATEMP", "tempsecret", "other", "us-east-1"), "UnrecognizedClientException"},
	} {
		var apiErr smithy.APIError
		if _, err := c.client.CreateUser(ctx(t), input(fakes.SampleAccountID, "")); !errors.As(err, &apiErr) || apiErr.ErrorCode() != c.want {
			t.Errorf("%s: want %s, got %v", c.name, c.want, err)
		}
	}
	// The operation's own error, when asked for.
	modeled := verified
	modeled.AuthErrors = fakes.AuthErrorsModeled
	var unauthorized *types.UnauthorizedClientException
	if _, err := clientWith(start(t, modeled), "AKIDEXAMPLE", "not-the-secret", "", "us-east-1").CreateUser(ctx(t), input(fakes.SampleAccountID, "")); !errors.As(err, &unauthorized) {
		t.Errorf("modeled: want UnauthorizedClientException, got %v", err)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 0 {
		t.Errorf("refused requests stored %d users", n)
	}
}

func TestUnsignedRequests(t *testing.T) {
	for _, c := range []struct {
		opts      fakes.Options
		status    int
		errorType string
	}{
		{fakes.Options{}, 403, "MissingAuthenticationTokenException"},
		{fakes.Options{AuthErrors: fakes.AuthErrorsModeled}, 401, "UnauthorizedClientException"},
		{fakes.Options{Auth: fakes.AuthOff}, 201, ""},
	} {
		srv := start(t, c.opts)
		resp, err := http.Post(srv.URL()+"/accounts/"+fakes.SampleAccountID+"/users?operation=create", "application/json", strings.NewReader(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.status || errorName(resp.Header) != c.errorType || resp.Header.Get("X-Amzn-RequestId") == "" {
			t.Errorf("auth %q/%q: %d %q", c.opts.Auth, c.opts.AuthErrors, resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
		}
	}
}

func TestJournalRedactsSecrets(t *testing.T) {
	srv := start(t, verified)
	c := clientWith(srv, "ASIATEMP", "tempsecret", "tok3n", "us-east-1")
	if _, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, "")); err != nil {
		t.Fatal(err)
	}
	e := srv.Journal(fakes.Filter{})[0]
	auth := e.Header.Get("Authorization")
	if !strings.Contains(auth, "Credential=ASIATEMP/") || !strings.Contains(auth, "Signature=[REDACTED]") {
		t.Errorf("Authorization in the journal: %q", auth)
	}
	if e.Header.Get("X-Amz-Security-Token") != "[REDACTED]" {
		t.Errorf("session token in the journal: %q", e.Header.Get("X-Amz-Security-Token"))
	}
}
