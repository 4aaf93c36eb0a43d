package fakes

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes/restjson"
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

// authFailure is why a request was refused; it maps to an AWS error by mode.
type authFailure struct {
	kind    string // missing, invalid, unknown-key
	message string
}

// authenticate checks the request's SigV4 signature as the mode requires.
func (s *Server) authenticate(r *http.Request, body []byte) *authFailure {
	h := r.Header.Get("Authorization")
	switch {
	case s.opts.Auth == AuthOff:
		return nil
	case h == "":
		return &authFailure{"missing", "Missing Authentication Token"}
	}
	sig, err := parseAuthorization(h)
	if err != nil {
		return &authFailure{"invalid", err.Error()}
	}
	signedAt, err := time.Parse(amzDateLayout, r.Header.Get("X-Amz-Date"))
	if err != nil {
		return &authFailure{"invalid", "X-Amz-Date is missing or not in the form 20060102T150405Z"}
	}
	if signedAt.Format("20060102") != sig.date {
		return &authFailure{"invalid", "credential scope date does not match X-Amz-Date"}
	}
	if s.opts.Auth == AuthAny {
		return nil
	}
	cred, ok := s.credential(sig.accessKey)
	if !ok {
		return &authFailure{"unknown-key", "The security token included in the request is invalid."}
	}
	if skew := s.opts.Now().Sub(signedAt); skew > s.opts.ClockSkew || -skew > s.opts.ClockSkew {
		return &authFailure{"invalid", fmt.Sprintf("Signature expired: %s is now outside the allowed skew of %s.", r.Header.Get("X-Amz-Date"), s.opts.ClockSkew)}
	}
	if !verifySignature(r, body, sig, cred, signedAt) {
		return &authFailure{"invalid", "The request signature we calculated does not match the signature you provided."}
	}
	return nil
}

func (s *Server) credential(accessKey string) (Credential, bool) {
	for _, c := range s.opts.Credentials {
		if c.AccessKeyID == accessKey {
			return c, true
		}
	}
	return Credential{}, false
}

// verifySignature rebuilds the request from its signed headers only, signs
// it again with aws-sdk-go-v2's signer at the request's own signing time,
// and compares the two Authorization headers in constant time.
func verifySignature(r *http.Request, body []byte, sig *sigV4, cred Credential, signedAt time.Time) bool {
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
			req.ContentLength = int64(len(body))
		case "x-amz-security-token":
			token = r.Header.Get(name)
		default:
			req.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
		}
	}
	if token != "" && token != cred.SessionToken {
		return false
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: token}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), sig.service, sig.region, signedAt); err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(req.Header.Get("Authorization")), []byte(r.Header.Get("Authorization"))) == 1
}

// authError is the AWS answer to an authentication failure, in the mode's style.
func (s *Server) authError(f *authFailure) *restjson.Response {
	if s.opts.AuthErrors == AuthErrorsFrontDoor {
		name := map[string]string{
			"missing": "MissingAuthenticationTokenException", "invalid": "InvalidSignatureException",
			"unknown-key": "UnrecognizedClientException",
		}[f.kind]
		return restjson.ErrorNamed(name, http.StatusForbidden, f.message)
	}
	return restjson.ErrorNamed("UnauthorizedClientException", 0, f.message)
}
