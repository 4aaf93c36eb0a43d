package fakes_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
)

// A signature is its parts: the same Credential, SignedHeaders and
// Signature verify however they are spaced or ordered, as AWS has it.
func TestAnAuthorizationIsComparedByItsParts(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify})
	respell := map[string]func(string) string{
		"no space after the commas": func(a string) string { return strings.ReplaceAll(a, ", ", ",") },
		"spaces around the commas":  func(a string) string { return strings.ReplaceAll(a, ", ", " ,  ") },
		"the parts in another order": func(a string) string {
			alg, parts, _ := strings.Cut(a, " ")
			p := strings.Split(parts, ", ")
			return alg + " " + p[2] + ", " + p[0] + ", " + p[1]
		},
	}
	for name, f := range respell {
		s := signing{after: func(req *http.Request) { req.Header.Set("Authorization", f(req.Header.Get("Authorization"))) }}
		if a := signedPost(t, srv, strings.ReplaceAll(name, " ", "-")+"@example.com", s); a.status != 201 {
			t.Errorf("%s: %+v", name, a)
		}
	}
	for name, f := range map[string]func(string) string{
		"a part twice":   func(a string) string { return a + ", Signature=" + strings.Repeat("0", 64) },
		"a part unknown": func(a string) string { return a + ", Extra=1" },
		"a part missing": func(a string) string { return a[:strings.Index(a, ", Signature=")] },
	} {
		s := signing{after: func(req *http.Request) { req.Header.Set("Authorization", f(req.Header.Get("Authorization"))) }}
		if a := signedPost(t, srv, "refused@example.com", s); !a.is(403, "InvalidSignatureException", "each once") {
			t.Errorf("%s: %+v", name, a)
		}
	}
}

// aws-sdk-go-v2's signer, the fake's verifier, never signs user-agent,
// x-amzn-trace-id, expect or transfer-encoding; AWS accepts them signed
// (Java's v1 SDK signs user-agent). The fake cannot verify such a
// signature, and says so, naming the header, rather than calling it wrong.
// (The signer signs a header map key it does not recognise: "user-agent"
// in lower case is signed, then sent as User-Agent.)
func TestAHeaderTheVerifierCannotSignIsNamed(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify})
	s := signing{
		before: func(req *http.Request) { req.Header["user-agent"] = []string{"aws-sdk-java/1.12"} },
		after: func(req *http.Request) {
			delete(req.Header, "user-agent")
			req.Header.Set("User-Agent", "aws-sdk-java/1.12")
		},
	}
	a := signedPost(t, srv, "java@example.com", s)
	if !a.is(403, "InvalidSignatureException", "SignedHeaders names user-agent, which aws-sdk-go-v2's signer (the fake's verifier) does not sign") {
		t.Fatalf("%+v", a)
	}
	if a := signedPost(t, srv, "java@example.com", signing{secret: "wrong", key: fakes.DefaultCredential.AccessKeyID}); !a.is(403, "InvalidSignatureException", "signature we calculated does not match") {
		t.Fatalf("a wrong secret is still a mismatch: %+v", a)
	}
}

// A region of another shape than AWS's is refused before anything is
// derived from it, in AWS's words, in every mode that reads signatures.
func TestAScopeWithoutARegionsShapeIsRefused(t *testing.T) {
	for _, auth := range []fakes.AuthMode{fakes.AuthAny, fakes.AuthVerify} {
		srv := start(t, fakes.Options{Auth: auth})
		for _, region := range []string{"US-EAST-1", "us_east_1", strings.Repeat("r", 33)} {
			if a := signedPost(t, srv, "r@example.com", signing{region: region}); !a.is(403, "InvalidSignatureException", "Credential should be scoped to a valid region, not '") {
				t.Errorf("auth %s, region %q: %+v", auth, region, a)
			}
		}
		if a := signedPost(t, srv, "r@example.com", signing{region: "us-gov-west-1"}); a.status != 201 {
			t.Errorf("auth %s, us-gov-west-1: %+v", auth, a)
		}
	}
}
