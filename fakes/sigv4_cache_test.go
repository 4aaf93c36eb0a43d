package fakes_test

import (
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// Signing keys are cached per credential: two fakes in one process whose
// keys share an access key ID each verify with their own secret, whichever
// verified first (a cache keyed by access key alone would accept the other
// fake's secret).
func TestVerificationKeepsEachSecretApart(t *testing.T) {
	first := start(t, fakes.Options{Auth: fakes.AuthVerify, Credentials: []fakes.Credential{{AccessKeyID: "AKIDSHARED", SecretAccessKey: "first-secret"}}})
	second := start(t, fakes.Options{Auth: fakes.AuthVerify, Credentials: []fakes.Credential{{AccessKeyID: "AKIDSHARED", SecretAccessKey: "second-secret"}}})
	at := time.Now()
	signedWith := func(srv *fakes.Server, secret, email string) answer {
		return signedPost(t, srv, email, signing{key: "AKIDSHARED", secret: secret, at: at})
	}
	if a := signedWith(first, "first-secret", "a@example.com"); a.status != 201 {
		t.Fatalf("first fake, its own secret: %d %s", a.status, a.body)
	}
	if a := signedWith(second, "first-secret", "b@example.com"); a.status != 403 {
		t.Fatalf("second fake accepted the first fake's secret: %d %s", a.status, a.body)
	}
	if a := signedWith(second, "second-secret", "c@example.com"); a.status != 201 {
		t.Fatalf("second fake, its own secret: %d %s", a.status, a.body)
	}
	if a := signedWith(first, "second-secret", "d@example.com"); a.status != 403 {
		t.Fatalf("first fake accepted the second fake's secret: %d %s", a.status, a.body)
	}
}
