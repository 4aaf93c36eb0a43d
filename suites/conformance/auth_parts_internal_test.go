package conformance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Each row of the table changes something the signature covers: the
// request it sends does not verify (rebuilt from what was received, signed
// again for the scope it names, as a verifier does), and without the
// change the same request does.
func TestEverySignedPartChangesWhatWasSigned(t *testing.T) {
	creds := aws.Credentials{AccessKeyID: "AKIDTEST", SecretAccessKey: "secret"}
	body := []byte(`{"Email":"a@b.example"}`)
	send := func(row tamper) *http.Request {
		r, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:9/accounts/acct%201/users?operation=create", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		sum := sha256.Sum256(body)
		undo := func() {}
		if row.signAs != nil {
			undo = row.signAs(r)
		}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "chime", "eu-west-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		undo()
		if row.after != nil {
			row.after(r)
		}
		return r
	}
	if !verifies(t, send(tamper{}), body, creds) {
		t.Fatal("an untouched request does not verify: the test's verifier is wrong")
	}
	for _, row := range signedParts {
		r := send(row)
		if r.Method != http.MethodPost || r.URL.Path != "/accounts/acct 1/users" || !strings.Contains(r.URL.RawQuery, "operation=create") || r.Host != "127.0.0.1:9" {
			t.Errorf("%s: the request sent is not the run's CreateUser: %s %s %q", row.id, r.Method, r.URL, r.Host)
		}
		if verifies(t, r, body, creds) {
			t.Errorf("%s (%s): the request sent still verifies", row.id, row.what)
		}
	}
}

// verifies rebuilds the request from its signed headers and signs it again
// at its X-Amz-Date, for its scope's region and service.
func verifies(t *testing.T, r *http.Request, body []byte, creds aws.Credentials) bool {
	t.Helper()
	var a authorization
	editAuthorization(func(got *authorization) { a = *got })(r.Clone(context.Background()))
	at, err := time.Parse(amzDate, r.Header.Get("X-Amz-Date"))
	if err != nil || len(a.scope) != 5 || a.scope[1] != at.Format("20060102") {
		return false
	}
	again, _ := http.NewRequest(r.Method, r.URL.String(), nil)
	for _, h := range strings.Split(a.signedHeaders, ";") {
		switch h {
		case "host":
		case "content-length":
			again.ContentLength = int64(len(body))
		default:
			again.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(body)
	_ = v4.NewSigner().SignHTTP(context.Background(), creds, again, hex.EncodeToString(sum[:]), a.scope[3], a.scope[2], at)
	return again.Header.Get("Authorization") == r.Header.Get("Authorization")
}
