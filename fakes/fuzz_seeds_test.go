package fakes_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// pickOf is FuzzServeHTTP's pick of fuzzServers' i-th fake, from loopback
// or not.
func pickOf(server int, loopback bool) uint8 {
	p := uint8(server << 1)
	if loopback {
		p |= 1
	}
	return p
}

// addRequestSeeds gives FuzzServeHTTP requests that reach every part of
// the fake: creates valid and not, signed ones the verifying fake accepts,
// header faults of every type, the admin API. The corpus under
// testdata/fuzz/FuzzServeHTTP adds what fuzzing found.
func addRequestSeeds(f *testing.F) {
	const create = "/accounts/" + fakes.SampleAccountID + "/users?operation=create"
	json := "Content-Type: application/json"
	for _, body := range []string{`{}`, `{"Email":"jane@example.com","Username":"jane","UserType":"SharedDevice"}`,
		`{"Email":"no-at-sign"}`, `{"UserType":"Robot"}`, `{"Email":7}`, `{"Email":`, ``} {
		f.Add(pickOf(0, false), "POST", create, json, []byte(body))
	}
	f.Add(pickOf(0, false), "POST", "/accounts/a%2Fb%20c/users?operation=create", json, []byte(`{}`))
	f.Add(pickOf(0, false), "GET", "/accounts/%20/users?operation=create&operation=x", "", []byte(nil))
	f.Add(pickOf(1, false), "POST", create, json+"\nAuthorization: AWS4-HMAC-SHA256 Credential=AKID/20260115/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature="+strings.Repeat("0", 64)+"\nX-Amz-Date: 20260115T223809Z", []byte(`{}`))
	for _, cred := range []fakes.Credential{fakes.DefaultCredential, temporary} {
		f.Add(pickOf(2, false), "POST", create, signedHeaders(f, cred, create, `{"Email":"signed@example.com"}`), []byte(`{"Email":"signed@example.com"}`))
	}
	for _, k := range faults.Builtin().Kinds() {
		f.Add(pickOf(0, false), "POST", create, json+"\n"+fakes.HeaderFault+": "+k.Example, []byte(`{"Email":"fault@example.com"}`))
	}
	f.Add(pickOf(0, false), "POST", create, json+"\n"+fakes.HeaderFault+": ServiceUnavailableException", []byte(`{}`))
	for _, admin := range []struct{ method, path, body string }{
		{"GET", "/_fake/requests?call=call-1", ""}, {"GET", "/_fake/health", ""}, {"GET", "/_fake/openapi.yaml", ""},
		{"PUT", "/_fake/faults", `{"action":{"type":"reset"}}`}, {"POST", "/_fake/accounts", `{"accountId":"acct"}`},
		{"DELETE", "/_fake/faults/rule-1", ""}, {"POST", "/_fake/reset", ""}, {"GET", "/_fake/users?account=x", ""},
		{"POST", "/_fake/reset/state", ""}, {"PATCH", "/_fake/faults", ""}, {"GET", "/_fake/requests?nope=1", ""},
		{"POST", "/_fake/faults", `{"match":{"body":{"UserType":"SharedDevice"}},"action":{"type":"latency","ms":1}}`},
	} {
		f.Add(pickOf(0, true), admin.method, admin.path, json, []byte(admin.body))
		f.Add(pickOf(3, false), admin.method, admin.path, json+"\n"+fakes.AdminTokenHeader+": fuzz-admin-token", []byte(admin.body))
	}
}

// signedHeaders are the headers of a create signed with cred at
// fuzzClock, as aws-sdk-go-v2's signer writes them.
func signedHeaders(f *testing.F, cred fakes.Credential, target, body string) string {
	req, _ := http.NewRequest("POST", "http://fake"+target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	sum := sha256.Sum256([]byte(body))
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: cred.SessionToken}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "chime", "us-east-1", fuzzClock); err != nil {
		f.Fatal(err)
	}
	var lines []string
	for name := range req.Header {
		lines = append(lines, name+": "+req.Header.Get(name))
	}
	return strings.Join(lines, "\n")
}
