package fakes

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// signers keeps, per Server, an aws-sdk-go-v2 signer for each credential,
// region and service whose signature verified. A signer caches the signing
// key it derives (four HMACs a day), which a fresh signer per request
// derived every time; but its cache is keyed by access key, region and
// service, not by the secret, and it adds an entry for every region it is
// asked about, before any signature is compared. So a signer is kept only
// for one verified scope of one whole credential: it sees one secret and
// one region, and clients that make up regions or secrets add nothing.
type signers struct {
	mu      sync.RWMutex
	byScope map[signerScope]*v4.Signer
}

type signerScope struct {
	cred            Credential
	region, service string
}

// maxSigners bounds the signers kept; when full, they are all dropped and
// the scopes in use verify again, once each.
const maxSigners = 256

func (c *signers) get(scope signerScope) (*v4.Signer, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.byScope[scope]
	return s, ok
}

func (c *signers) keep(scope signerScope, s *v4.Signer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byScope == nil || len(c.byScope) >= maxSigners {
		c.byScope = map[signerScope]*v4.Signer{}
	}
	c.byScope[scope] = s
}

// forget drops every signer, and the signing keys they derived.
func (c *signers) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byScope = nil
}

// verify rebuilds the request from its signed headers only, signs it again
// with aws-sdk-go-v2's signer at the request's own signing time, for the
// scope's service and region, and compares the parts of the two
// Authorization headers (scope, signed headers, and the signature in
// constant time), not their spacing.
func (c *signers) verify(r *http.Request, bodyLen int, payload string, sig *sigV4, cred Credential, signedAt time.Time) *authFailure {
	req, token, err := unsignedCopy(r, bodyLen, sig.signedHeaders)
	if err != nil {
		return &authFailure{"invalid", msgMismatch}
	}
	scope := signerScope{cred, sig.region, sig.service}
	signer, cached := c.get(scope)
	if !cached {
		signer = v4.NewSigner()
	}
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: token}
	if err := signer.SignHTTP(context.Background(), creds, req, payload, sig.service, sig.region, signedAt); err != nil {
		return &authFailure{"invalid", msgMismatch}
	}
	mine := req.Header.Get("Authorization")
	if subtle.ConstantTimeCompare([]byte(mine), []byte(sig.canonical())) != 1 {
		return mismatch(mine, sig)
	}
	if !cached {
		c.keep(scope, signer)
	}
	return nil
}

// unsignedCopy is the request as the client signed it: its method, target
// and host, its signed headers only, and the session token, when signed.
func unsignedCopy(r *http.Request, bodyLen int, signedHeaders []string) (*http.Request, string, error) {
	req, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return nil, "", err
	}
	req.Host = r.Host
	token := ""
	for _, name := range signedHeaders {
		switch name {
		case "host":
		case "content-length":
			req.ContentLength = int64(bodyLen)
		case "x-amz-security-token":
			token = r.Header.Get(name)
		default:
			req.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
		}
	}
	return req, token, nil
}

// mismatch says why a signature did not verify. When the client signed a
// header that aws-sdk-go-v2's signer never signs (user-agent,
// x-amzn-trace-id, expect, transfer-encoding: AWS accepts them signed), the
// fake cannot tell a good signature from a bad one, and says so, naming the
// header; anything else is AWS's mismatch.
func mismatch(mine string, sig *sigV4) *authFailure {
	theirs, err := parseAuthorization(mine)
	if err != nil {
		return &authFailure{"invalid", msgMismatch}
	}
	var unsigned []string
	for _, h := range sig.signedHeaders {
		if !slices.Contains(theirs.signedHeaders, h) {
			unsigned = append(unsigned, h)
		}
	}
	if len(unsigned) == 0 {
		return &authFailure{"invalid", msgMismatch}
	}
	return &authFailure{"invalid", fmt.Sprintf("SignedHeaders names %s, which aws-sdk-go-v2's signer (the fake's verifier) does not sign: "+
		"this fake cannot verify such a signature; sign the request without it (see the README, SigV4)", clip(strings.Join(unsigned, ", "), 256))}
}
