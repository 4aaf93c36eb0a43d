package fakes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes/internal/sigv4"
)

// A signer is kept only for a scope whose signature verified, never more
// than sigv4.MaxSigners of them, and none after Close: a client that makes up
// regions (each of which aws-sdk-go-v2's signer would cache a key for)
// or signs with a wrong secret adds nothing.
func TestSignersAreKeptForVerifiedScopesOnly(t *testing.T) {
	srv, err := New(Options{Auth: AuthVerify, JournalSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	kept := srv.signers.Kept
	send := func(secret, region string) int {
		body := `{}`
		req := httptest.NewRequest("POST", "http://fake/accounts/"+SampleAccountID+"/users?operation=create", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		sum := sha256.Sum256([]byte(body))
		creds := aws.Credentials{AccessKeyID: DefaultCredential.AccessKeyID, SecretAccessKey: secret}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "chime", region, time.Now()); err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, req)
		return w.Code
	}
	for i := range 300 {
		if code := send("wrong", fmt.Sprintf("xx-made-up-%d", i)); code != 403 {
			t.Fatalf("a wrong secret: %d", code)
		}
	}
	if n := kept(); n != 0 {
		t.Fatalf("%d signers kept for signatures that did not verify", n)
	}
	for i := range 2 * sigv4.MaxSigners {
		if code := send(DefaultCredential.SecretAccessKey, fmt.Sprintf("xx-made-up-%d", i)); code != 201 {
			t.Fatalf("the right secret: %d", code)
		}
		if n := kept(); n > sigv4.MaxSigners {
			t.Fatalf("%d signers kept, over %d", n, sigv4.MaxSigners)
		}
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if n := kept(); n != 0 {
		t.Fatalf("%d signers, and their signing keys, kept after Close", n)
	}
}
