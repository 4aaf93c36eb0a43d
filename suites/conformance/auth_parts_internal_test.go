package conformance

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes"
)

// Each row of the table changes something the signature covers, and
// nothing else a server routes by: the request it sends is the run's
// CreateUser (method, path, query, host), a verifying fake refuses it,
// and the same request untouched is created.
func TestEverySignedPartChangesWhatWasSigned(t *testing.T) {
	srv, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthVerify})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	creds := aws.Credentials{AccessKeyID: fakes.DefaultCredential.AccessKeyID, SecretAccessKey: fakes.DefaultCredential.SecretAccessKey}
	endpoint := srv.URL() + "/accounts/" + url.PathEscape(fakes.SampleAccountID) + "/users?operation=create"
	n := 0
	send := func(row tamper) (*http.Request, int) {
		n++
		body := []byte(`{"Email":"part` + string(rune('a'+n)) + `@example.com"}`)
		r := httptest.NewRequest(http.MethodPost, endpoint, bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		sum := sha256.Sum256(body)
		undo := func() {}
		if row.signAs != nil {
			undo = row.signAs(r)
		}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hex.EncodeToString(sum[:]), "chime", "us-east-1", time.Now()); err != nil {
			t.Fatal(err)
		}
		undo()
		if row.after != nil {
			row.after(r)
		}
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, r)
		return r, w.Code
	}
	if _, status := send(tamper{}); status != http.StatusCreated {
		t.Fatalf("an untouched request got %d, want 201", status)
	}
	sent, _ := http.NewRequest(http.MethodPost, endpoint, nil)
	for _, row := range signedParts {
		r, status := send(row)
		if r.Method != sent.Method || r.URL.EscapedPath() != sent.URL.EscapedPath() || r.URL.Query().Get("operation") != "create" || r.Host != sent.Host {
			t.Errorf("%s: the request sent is not the run's CreateUser: %s %s (host %q)", row.id, r.Method, r.URL, r.Host)
		}
		if status != http.StatusForbidden && status != http.StatusUnauthorized {
			t.Errorf("%s (%s): HTTP %d, want the fake's refusal", row.id, row.what, status)
		}
	}
}
