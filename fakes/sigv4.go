package fakes

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// sigV4 is a parsed Authorization header.
type sigV4 struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
}

const amzDateLayout = "20060102T150405Z"

// parseAuthorization reads "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=hex".
func parseAuthorization(h string) (*sigV4, error) {
	rest, ok := strings.CutPrefix(h, "AWS4-HMAC-SHA256 ")
	if !ok {
		return nil, fmt.Errorf("authorization header is not AWS4-HMAC-SHA256")
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, fmt.Errorf("authorization header has a malformed element")
		}
		fields[k] = v
	}
	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || scope[0] == "" {
		return nil, fmt.Errorf("credential must be KEY/DATE/REGION/SERVICE/aws4_request")
	}
	if fields["SignedHeaders"] == "" || len(fields["Signature"]) != 64 {
		return nil, fmt.Errorf("authorization header needs SignedHeaders and a 64-hex-digit Signature")
	}
	if _, err := hex.DecodeString(fields["Signature"]); err != nil {
		return nil, fmt.Errorf("signature is not hex")
	}
	return &sigV4{
		accessKey: scope[0], date: scope[1], region: scope[2], service: scope[3],
		signedHeaders: strings.Split(fields["SignedHeaders"], ";"), signature: fields["Signature"],
	}, nil
}

// payloadHash is the hash a signature must cover: the body's own, or, when
// a mutant trusts it, what the client declared in X-Amz-Content-Sha256.
func payloadHash(r *http.Request, body []byte, trustDeclared bool) string {
	if declared := r.Header.Get("X-Amz-Content-Sha256"); trustDeclared && declared != "" {
		return declared
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// verifiers holds one signer per credential. A signer caches the signing
// key it derives (four HMACs per region, service and day), which a fresh
// signer per request derived again every time; but its cache is keyed by
// access key, region and service, not by the secret, so one signer shared by
// two credentials with one access key ID (two servers in one process) would
// verify with the other's secret. Keyed by the whole credential, a signer
// only ever sees one secret.
var verifiers sync.Map // Credential -> *v4.Signer

// maxVerifiers bounds the signers kept; past it, a signer is not cached.
const maxVerifiers = 1024

var verifierCount atomic.Int64

func verifierFor(c Credential) *v4.Signer {
	if v, ok := verifiers.Load(c); ok {
		return v.(*v4.Signer)
	}
	signer := v4.NewSigner()
	if verifierCount.Load() >= maxVerifiers {
		return signer
	}
	v, loaded := verifiers.LoadOrStore(c, signer)
	if !loaded {
		verifierCount.Add(1)
	}
	return v.(*v4.Signer)
}

// verifySignature rebuilds the request from its signed headers only, signs
// it again with aws-sdk-go-v2's signer at the request's own signing time,
// for the scope's service and region, and compares the two Authorization
// headers in constant time.
func verifySignature(r *http.Request, bodyLen int, payload string, sig *sigV4, cred Credential, signedAt time.Time) bool {
	req, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	if err != nil {
		return false
	}
	req.Host = r.Host
	token := ""
	for _, name := range sig.signedHeaders {
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
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: token}
	if err := verifierFor(cred).SignHTTP(context.Background(), creds, req, payload, sig.service, sig.region, signedAt); err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(req.Header.Get("Authorization")), []byte(r.Header.Get("Authorization"))) == 1
}
