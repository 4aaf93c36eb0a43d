// Package sigv4 verifies AWS Signature Version 4 on the fake's requests:
// it reads an Authorization header, checks its scope, the signing time and
// the session token, and re-signs the request with aws-sdk-go-v2's own
// signer to compare signatures. It says why a request is refused, in
// AWS's words; which credentials exist, which checks a mutant skips and
// how a refusal is answered are the fake's business (fakes/auth.go).
package sigv4

import (
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Authorization is a parsed Authorization header.
type Authorization struct {
	AccessKey, Date, Region, Service string
	SignedHeaders                    []string
	Signature                        string
}

// DateLayout is X-Amz-Date's format.
const DateLayout = "20060102T150405Z"

// authorizationParts are the components of an Authorization header, each
// required once, in any order.
var authorizationParts = [...]string{"Credential", "SignedHeaders", "Signature"}

var errAuthorizationParts = errors.New("authorization header must have Credential, SignedHeaders and Signature, each once")

// Parse reads "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=hex", with or without spaces after the
// commas: what counts are the parts, not how they are spaced.
func Parse(h string) (*Authorization, error) {
	rest, ok := strings.CutPrefix(h, "AWS4-HMAC-SHA256 ")
	if !ok {
		return nil, fmt.Errorf("authorization header is not AWS4-HMAC-SHA256")
	}
	var values [len(authorizationParts)]string
	seen := 0
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		i := slices.Index(authorizationParts[:], k)
		if !ok || i < 0 || seen&(1<<i) != 0 {
			return nil, errAuthorizationParts
		}
		values[i], seen = v, seen|1<<i
	}
	if seen != 1<<len(authorizationParts)-1 {
		return nil, errAuthorizationParts
	}
	credential, signedHeaders, signature := values[0], values[1], values[2]
	scope := strings.Split(credential, "/")
	if len(scope) != 5 || scope[4] != "aws4_request" || scope[0] == "" {
		return nil, fmt.Errorf("credential must be KEY/DATE/REGION/SERVICE/aws4_request")
	}
	if signedHeaders == "" || len(signature) != 64 {
		return nil, fmt.Errorf("authorization header needs SignedHeaders and a 64-hex-digit Signature")
	}
	if _, err := hex.DecodeString(signature); err != nil {
		return nil, fmt.Errorf("signature is not hex")
	}
	return &Authorization{
		AccessKey: scope[0], Date: scope[1], Region: scope[2], Service: scope[3],
		SignedHeaders: strings.Split(signedHeaders, ";"), Signature: signature,
	}, nil
}

// Canonical is the header as aws-sdk-go-v2's signer writes it: parsed
// parts, its spacing.
func (a *Authorization) Canonical() string { return a.with(a.Signature) }

// Redacted is the header without its signature: the access key and signed
// header names are useful, and not secret.
func (a *Authorization) Redacted() string { return a.with("[REDACTED]") }

func (a *Authorization) with(signature string) string {
	return "AWS4-HMAC-SHA256 Credential=" + a.AccessKey + "/" + a.Date + "/" + a.Region + "/" + a.Service +
		"/aws4_request, SignedHeaders=" + strings.Join(a.SignedHeaders, ";") + ", Signature=" + signature
}

// MaxRegionLen bounds a credential scope's region: AWS's are at most 14
// characters (ap-southeast-2), and a signer derives and caches a key for
// each region it is given.
const MaxRegionLen = 32

// IsRegion says whether s has a region's shape: 1 to 32 of [a-z0-9-].
func IsRegion(s string) bool {
	if len(s) == 0 || len(s) > MaxRegionLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
