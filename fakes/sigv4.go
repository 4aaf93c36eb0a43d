package fakes

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// sigV4 is a parsed Authorization header.
type sigV4 struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
}

const amzDateLayout = "20060102T150405Z"

// authorizationParts are the components of an Authorization header, each
// required once, in any order.
var authorizationParts = [...]string{"Credential", "SignedHeaders", "Signature"}

var errAuthorizationParts = errors.New("authorization header must have Credential, SignedHeaders and Signature, each once")

// parseAuthorization reads "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request,
// SignedHeaders=a;b, Signature=hex", with or without spaces after the
// commas: what counts are the parts, not how they are spaced.
func parseAuthorization(h string) (*sigV4, error) {
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
	return &sigV4{
		accessKey: scope[0], date: scope[1], region: scope[2], service: scope[3],
		signedHeaders: strings.Split(signedHeaders, ";"), signature: signature,
	}, nil
}

// canonical is the header as aws-sdk-go-v2's signer writes it: parsed
// parts, its spacing.
func (s *sigV4) canonical() string {
	return "AWS4-HMAC-SHA256 Credential=" + s.accessKey + "/" + s.date + "/" + s.region + "/" + s.service +
		"/aws4_request, SignedHeaders=" + strings.Join(s.signedHeaders, ";") + ", Signature=" + s.signature
}

// maxRegionLen bounds a credential scope's region: AWS's are at most 14
// characters (ap-southeast-2), and a signer derives and caches a key for
// each region it is given.
const maxRegionLen = 32

// isRegion says whether s has a region's shape: 1 to 32 of [a-z0-9-].
func isRegion(s string) bool {
	if len(s) == 0 || len(s) > maxRegionLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
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
