package conformance

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/suites/framework"
)

// A SigV4 signature AWS refuses. Each check signs a create of a fresh
// Email one wrong way, expects it refused (the operation's 401/403 or an
// AWS common authentication error), and proves it created nothing by
// creating that Email with a good signature.

// skewTested is how far from the target's clock a signature is dated:
// twice AWS's 5 minutes, so a few minutes of clock error on either side
// cannot change the verdict.
const skewTested = 10 * time.Minute

// signing says how a check signs: the credentials, and what it changes.
type signing struct {
	creds   func(good aws.Credentials) aws.Credentials
	service string
	at      func(targetNow time.Time) time.Time
	// signAs changes the request before it is signed and returns what
	// puts it back: the signature covers the variant, the original is sent.
	signAs func(r *http.Request) (undo func())
	// after changes the request once it is signed.
	after func(r *http.Request)
	// signedBody is the body the payload hash is computed over (the body
	// sent when nil); it is declared, signed, in X-Amz-Content-Sha256.
	signedBody func(body []byte) []byte
	// examples: how many examples make the point (default 10).
	examples int
}

func (sg signing) sign(t *framework.T) func(ctx context.Context, r *http.Request, body []byte) error {
	return func(ctx context.Context, r *http.Request, body []byte) error {
		good, err := t.Credentials()
		if err != nil {
			return err
		}
		creds, service, at, signed := good, "chime", t.Client().TargetNow(), body
		if sg.creds != nil {
			creds = sg.creds(good)
		}
		if sg.service != "" {
			service = sg.service
		}
		if sg.at != nil {
			at = sg.at(at)
		}
		sum := sha256.Sum256(signed)
		if sg.signedBody != nil {
			sum = sha256.Sum256(sg.signedBody(body))
			r.Header.Set("X-Amz-Content-Sha256", hex.EncodeToString(sum[:]))
		}
		undo := func() {}
		if sg.signAs != nil {
			undo = sg.signAs(r)
		}
		err = v4.NewSigner().SignHTTP(ctx, creds, r, hex.EncodeToString(sum[:]), service, t.Config().Region, at)
		undo()
		if err != nil {
			return err
		}
		if sg.after != nil {
			sg.after(r)
		}
		return nil
	}
}

// authCheck defines a check that a request signed as sg says is refused and
// creates nothing.
func authCheck(id, title, statement string, sg signing) *framework.Check {
	return framework.Define(must(id, "auth", title, statement, sigv4), func(t *framework.T) {
		t.Limit(cmp.Or(sg.examples, 10)) // the point is made in a few examples; each creates a user
		t.Property(2, func(p *framework.P) {
			refusedAndCreatedNothing(p, framework.Request{Sign: sg.sign(t)}, "the wrongly signed request", framework.AuthErrors...)
		})
	})
}

var (
	authUnknownKey = authCheck("CU-AUTH-01", "a signature by an unknown access key is refused, and creates nothing",
		"UnrecognizedClientException: \"The security token included in the request is invalid.\" (403 on restJson1 services)",
		signing{creds: func(good aws.Credentials) aws.Credentials {
			return aws.Credentials{AccessKeyID: "AKIACONFORMUNKNOWN00", SecretAccessKey: good.SecretAccessKey + "-unknown"}
		}})

	authExpired = authCheck("CU-AUTH-02", "a signature dated 10 minutes before the target's clock is refused, and creates nothing",
		"InvalidSignatureException: \"Signature expired: ... is now earlier than ... (... - 5 min.)\"",
		signing{at: func(now time.Time) time.Time { return now.Add(-skewTested) }})

	authNotYetCurrent = authCheck("CU-AUTH-03", "a signature dated 10 minutes after the target's clock is refused, and creates nothing",
		"InvalidSignatureException: \"Signature not yet current: ... is still later than ... (... + 5 min.)\"",
		signing{at: func(now time.Time) time.Time { return now.Add(skewTested) }})

	authOtherService = authCheck("CU-AUTH-04", "a signature scoped to another service is refused, and creates nothing",
		"The credential scope names the signing name chime: .../REGION/chime/aws4_request; a scope for s3 is InvalidSignatureException (or a 403 naming the scope).",
		signing{service: "s3"})

	authBodyChanged = authCheck("CU-AUTH-05", "a body changed after signing is refused, and creates nothing",
		"The signature covers the SHA-256 of the payload: a body of the same length that is not the one signed (its hash declared, and signed, in X-Amz-Content-Sha256) "+
			"is InvalidSignatureException (\"The request signature we calculated does not match...\"); the service hashes what it received.",
		signing{signedBody: func(body []byte) []byte { return []byte(strings.Replace(string(body), "@", "%", 1)) }})

	authHeaderChanged = authCheck("CU-AUTH-06", "a signed header changed after signing is refused, and creates nothing",
		"The signature covers every header in SignedHeaders: a signed header whose value changed is InvalidSignatureException.",
		signing{after: func(r *http.Request) { r.Header.Set("Content-Type", "application/json; charset=utf-8") }})

	authWrongToken = func() *framework.Check {
		c := authCheck("CU-AUTH-07", "a session token that does not belong to the key is refused, and creates nothing",
			"Temporary credentials sign with their own session token (X-Amz-Security-Token): another token is UnrecognizedClientException or InvalidSignatureException.",
			signing{creds: func(good aws.Credentials) aws.Credentials {
				good.SessionToken += "-not-this-keys"
				return good
			}})
		c.OptIn = "runs when the run's credentials carry a session token (AWS_SESSION_TOKEN)"
		c.Enabled = func(s *framework.Session) bool { return s.UsesSessionToken() }
		return c
	}()
)
