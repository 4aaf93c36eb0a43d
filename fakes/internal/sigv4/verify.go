package sigv4

import (
	"context"
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes/internal/clip"
)

// Credential is a key pair a signature may be made with.
type Credential struct {
	AccessKeyID, SecretAccessKey, SessionToken string
}

// Verifier compares signatures, keeping an aws-sdk-go-v2 signer for each
// credential, region and service whose signature verified. A signer caches
// the signing key it derives (four HMACs a day), which a fresh signer per
// request derived every time; but its cache is keyed by access key, region
// and service, not by the secret, and it adds an entry for every region it
// is asked about, before any signature is compared. So a signer is kept
// only for one verified scope of one whole credential: it sees one secret
// and one region, and clients that make up regions or secrets add nothing.
// The zero value is ready; it is safe for concurrent use.
type Verifier struct {
	mu      sync.RWMutex
	byScope map[signerScope]*v4.Signer
}

type signerScope struct {
	cred            Credential
	region, service string
}

// MaxSigners bounds the signers kept; when full, they are all dropped and
// the scopes in use verify again, once each.
const MaxSigners = 256

func (v *Verifier) get(scope signerScope) (*v4.Signer, bool) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	s, ok := v.byScope[scope]
	return s, ok
}

func (v *Verifier) keep(scope signerScope, s *v4.Signer) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.byScope == nil || len(v.byScope) >= MaxSigners {
		v.byScope = map[signerScope]*v4.Signer{}
	}
	v.byScope[scope] = s
}

// Kept is how many signers (and signing keys) are kept.
func (v *Verifier) Kept() int {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return len(v.byScope)
}

// Forget drops every signer, and the signing keys they derived.
func (v *Verifier) Forget() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.byScope = nil
}

// Verify rebuilds the request from its signed headers only, signs it again
// with aws-sdk-go-v2's signer at the request's own signing time, for the
// scope's service and region, and compares the parts of the two
// Authorization headers (scope, signed headers, and the signature in
// constant time), not their spacing. payload is the hash the signature
// must cover (Signed.PayloadHash).
func (v *Verifier) Verify(r *http.Request, bodyLen int, payload string, s *Signed, cred Credential) *Failure {
	req, token, err := unsignedCopy(r, bodyLen, s.Auth.SignedHeaders)
	if err != nil {
		return &Failure{Invalid, MsgMismatch}
	}
	scope := signerScope{cred, s.Auth.Region, s.Auth.Service}
	signer, cached := v.get(scope)
	if !cached {
		signer = v4.NewSigner()
	}
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: token}
	if err := signer.SignHTTP(context.Background(), creds, req, payload, s.Auth.Service, s.Auth.Region, s.At); err != nil {
		return &Failure{Invalid, MsgMismatch}
	}
	mine := req.Header.Get("Authorization")
	if subtle.ConstantTimeCompare([]byte(mine), []byte(s.Auth.Canonical())) != 1 {
		return mismatch(mine, s.Auth)
	}
	if !cached {
		v.keep(scope, signer)
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
func mismatch(mine string, sent *Authorization) *Failure {
	theirs, err := Parse(mine)
	if err != nil {
		return &Failure{Invalid, MsgMismatch}
	}
	var unsigned []string
	for _, h := range sent.SignedHeaders {
		if !slices.Contains(theirs.SignedHeaders, h) {
			unsigned = append(unsigned, h)
		}
	}
	if len(unsigned) == 0 {
		return &Failure{Invalid, MsgMismatch}
	}
	return invalid("SignedHeaders names %s, which aws-sdk-go-v2's signer (the fake's verifier) does not sign: "+
		"this fake cannot verify such a signature; sign the request without it (see the README, SigV4)", clip.String(strings.Join(unsigned, ", "), 256))
}
