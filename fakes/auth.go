package fakes

import (
	"net/http"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/internal/sigv4"
	"github.com/chime-conformance/createuser/fakes/restjson"
)

// SigningName is the SigV4 service name of Amazon Chime: a credential
// scope must name it.
const SigningName = "chime"

// msgForbidden is AWS's wording for an identity without permission.
const msgForbidden = "The client is permanently forbidden from making the request."

// errForbidden marks a credential that authenticated and is refused.
var errForbidden = &sigv4.Failure{Message: msgForbidden}

// authenticate checks the request's SigV4 signature as the mode requires,
// less what a mutant skips (internal/sigv4 does the checking). A credential
// marked Forbidden passes authentication and is then refused.
func (s *Server) authenticate(r *http.Request, body []byte, skip faults.AuthChecks) *sigv4.Failure {
	if s.opts.Auth == AuthOff {
		return nil
	}
	signed, f := sigv4.Read(r)
	if f != nil {
		return f
	}
	if !skip.Scope {
		if f := signed.CheckScope(SigningName); f != nil {
			return f
		}
	}
	cred, known := s.credential(signed.Auth.AccessKey)
	if s.opts.Auth == AuthAny {
		return forbidden(cred, known)
	}
	if !known {
		return &sigv4.Failure{Kind: sigv4.UnknownKey, Message: sigv4.MsgInvalidToken}
	}
	if f := signed.CheckToken(cred.SessionToken); f != nil {
		return f
	}
	if !skip.Date {
		if f := signed.CheckSkew(s.opts.Now(), s.opts.ClockSkew); f != nil {
			return f
		}
	}
	if !skip.HMAC {
		key := sigv4.Credential{AccessKeyID: cred.AccessKeyID, SecretAccessKey: cred.SecretAccessKey, SessionToken: cred.SessionToken}
		if f := s.signers.Verify(r, len(body), signed.PayloadHash(body, skip.BodyHash), signed, key); f != nil {
			return f
		}
	}
	return forbidden(cred, known)
}

func forbidden(cred Credential, known bool) *sigv4.Failure {
	if known && cred.Forbidden {
		return errForbidden
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

// signers is the Server's SigV4 verifier; forget drops its signing keys
// (at Close).
type signers struct{ sigv4.Verifier }

func (v *signers) forget() { v.Forget() }

// frontDoorErrors name each refusal as AWS's front door does.
var frontDoorErrors = map[sigv4.Kind]string{
	sigv4.Missing: "MissingAuthenticationTokenException", sigv4.Invalid: "InvalidSignatureException",
	sigv4.UnknownKey: "UnrecognizedClientException",
}

// authError is the AWS answer to an authentication failure, in the mode's
// style. A forbidden credential is 403 ForbiddenException either way: it
// authenticated, and the operation documents that refusal.
func (s *Server) authError(f *sigv4.Failure) *restjson.Response {
	if f == errForbidden {
		return restjson.ErrorNamed("ForbiddenException", 0, f.Message)
	}
	if s.opts.AuthErrors == AuthErrorsModeled {
		return restjson.ErrorNamed("UnauthorizedClientException", 0, f.Message)
	}
	return restjson.FrontDoorError(frontDoorErrors[f.Kind], f.Message)
}
