package fakes

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/restjson"
)

// SigningName is the SigV4 service name of Amazon Chime: a credential
// scope must name it.
const SigningName = "chime"

// authFailure is why a request was refused; it maps to an AWS error by mode.
type authFailure struct {
	kind    string // missing, invalid, unknown-key, forbidden
	message string
}

// AWS's wording for the refusals clients and people recognise.
const (
	msgInvalidToken = "The security token included in the request is invalid."
	msgMismatch     = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
	msgForbidden = "The client is permanently forbidden from making the request."
)

// authenticate checks the request's SigV4 signature as the mode requires,
// less what a mutant skips. A credential marked Forbidden passes
// authentication and is then refused.
func (s *Server) authenticate(r *http.Request, body []byte, skip faults.AuthChecks) *authFailure {
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
	// Before anything is derived from it, whatever a mutant skips.
	if !isRegion(sig.region) {
		return &authFailure{"invalid", fmt.Sprintf("Credential should be scoped to a valid region, not '%s'.", clip(sig.region, maxRegionLen))}
	}
	amzDate := r.Header.Get("X-Amz-Date")
	signedAt, err := time.Parse(amzDateLayout, amzDate)
	if err != nil {
		return &authFailure{"invalid", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header (as 20060102T150405Z)."}
	}
	if !skip.Scope {
		if f := checkScope(sig, signedAt, amzDate); f != nil {
			return f
		}
	}
	cred, known := s.credential(sig.accessKey)
	if s.opts.Auth == AuthAny {
		return forbidden(cred, known)
	}
	if !known {
		return &authFailure{"unknown-key", msgInvalidToken}
	}
	if f := checkToken(r, cred); f != nil {
		return f
	}
	if !skip.Date {
		if f := s.checkSkew(signedAt); f != nil {
			return f
		}
	}
	if !skip.HMAC {
		if f := s.signers.verify(r, len(body), payloadHash(r, body, skip.BodyHash), sig, cred, signedAt); f != nil {
			return f
		}
	}
	return forbidden(cred, known)
}

func forbidden(cred Credential, known bool) *authFailure {
	if known && cred.Forbidden {
		return &authFailure{"forbidden", msgForbidden}
	}
	return nil
}

// checkScope requires the signing name chime and the X-Amz-Date's day, as
// AWS does; any region is accepted, since clients sign a custom endpoint
// with their own.
func checkScope(sig *sigV4, signedAt time.Time, amzDate string) *authFailure {
	if sig.service != SigningName {
		return &authFailure{"invalid", fmt.Sprintf("Credential should be scoped to correct service: '%s'.", SigningName)}
	}
	if day := signedAt.Format("20060102"); sig.date != day {
		return &authFailure{"invalid", fmt.Sprintf("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			sig.date, day, amzDate)}
	}
	return nil
}

// checkToken requires the session token of a temporary credential, and
// no token for a long-term one; compared in constant time, as a secret.
func checkToken(r *http.Request, cred Credential) *authFailure {
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-Amz-Security-Token")), []byte(cred.SessionToken)) != 1 {
		return &authFailure{"unknown-key", msgInvalidToken}
	}
	return nil
}

// checkSkew refuses a signing time further from the server's clock than
// the allowed skew, in AWS's words.
func (s *Server) checkSkew(signedAt time.Time) *authFailure {
	now, skew := s.opts.Now().UTC(), s.opts.ClockSkew
	minutes := fmt.Sprintf("%g min.", skew.Minutes())
	switch {
	case signedAt.Before(now.Add(-skew)):
		return &authFailure{"invalid", fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - %s)",
			signedAt.Format(amzDateLayout), now.Add(-skew).Format(amzDateLayout), now.Format(amzDateLayout), minutes)}
	case signedAt.After(now.Add(skew)):
		return &authFailure{"invalid", fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + %s)",
			signedAt.Format(amzDateLayout), now.Add(skew).Format(amzDateLayout), now.Format(amzDateLayout), minutes)}
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

// authError is the AWS answer to an authentication failure, in the mode's
// style. A forbidden credential is 403 ForbiddenException either way: it
// authenticated, and the operation documents that refusal.
func (s *Server) authError(f *authFailure) *restjson.Response {
	if f.kind == "forbidden" {
		return restjson.ErrorNamed("ForbiddenException", 0, f.message)
	}
	if s.opts.AuthErrors == AuthErrorsFrontDoor {
		name := map[string]string{
			"missing": "MissingAuthenticationTokenException", "invalid": "InvalidSignatureException",
			"unknown-key": "UnrecognizedClientException",
		}[f.kind]
		return restjson.ErrorNamed(name, http.StatusForbidden, f.message)
	}
	return restjson.ErrorNamed("UnauthorizedClientException", 0, f.message)
}
