package conformance

import (
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/framework"
)

// refusedAndCreatedNothing sends a create of a fresh Email as the request
// req describes (unsigned, wrongly signed...), expects it refused with one
// of the accepted errors, and proves it created nothing by creating that
// Email with a good signature.
func refusedAndCreatedNothing(p *framework.P, req framework.Request, what string, accepted ...string) {
	p.Helper()
	probe := freshEmail(p, "probe Email")
	req.Account, req.Body = p.AccountID(), body(map[string]any{"Email": probe})
	x := p.Send(req)
	framework.ExpectError(p, p.G, x, accepted...)
	createdNothing(p, x, probe, what)
}

var (
	errNotFound = framework.Define(must("CU-ERR-404", "errors", "an account that does not exist gets 404 NotFoundException",
		"NotFoundException (404): \"One or more of the resources in the request does not exist in the system.\"", page),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				account := p.Data().MissingAccount(rapid.String().Draw(p.T, "account suffix"))
				x := p.Send(framework.Request{Account: account, Body: body(validBody(p))})
				framework.ExpectError(p, p.G, x, "NotFoundException")
			})
		})

	errConflict = framework.Define(must("CU-ERR-409", "errors", "a second user with the same Email gets 409 ConflictException",
		"ConflictException (409): \"The request could not be processed because of conflict in the current state of the resource.\" "+
			"Same Email as the target compares them: ASCII case varied when it ignores case (CU-ERR-409C).", page),
		func(t *framework.T) {
			emails := emailCaseOf(t)
			t.Property(2, func(p *framework.P) {
				email := freshEmail(p, "Email")
				first := p.Send(framework.Request{Account: p.AccountID(), Body: body(map[string]any{"Email": email})})
				framework.ExpectStatus(p, p.G, first, 201, "the first create of a fresh Email")
				again := emails.variant(p, email)
				b := validBody(p)
				b["Email"] = again
				x := p.Send(framework.Request{Account: p.AccountID(), Body: body(b)})
				framework.ExpectError(p, p.G, x, "ConflictException")
			})
		})

	errUnsigned = framework.Define(must("CU-ERR-401", "errors", "an unsigned request is refused with 401/403 and a named exception, and creates nothing",
		"UnauthorizedClientException (401): \"The client is not currently authorized to make the request.\"; AWS common errors (MissingAuthenticationTokenException, 403).", page),
		func(t *framework.T) {
			t.Property(2, func(p *framework.P) {
				refusedAndCreatedNothing(p, framework.Request{Unsigned: true}, "the unsigned request", framework.AuthErrors...)
			})
		})

	errBadSignature = framework.Define(must("CU-ERR-403", "errors", "a request signed with the wrong secret is refused with 401/403 and a named exception, and creates nothing",
		"ForbiddenException (403), UnauthorizedClientException (401); AWS common errors (InvalidSignatureException, UnrecognizedClientException).", page),
		func(t *framework.T) {
			creds, err := t.Credentials()
			if err != nil {
				t.Inconclusive("credentials: %v", err)
			}
			wrong := aws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey + "x", SessionToken: creds.SessionToken}
			t.Property(2, func(p *framework.P) {
				refusedAndCreatedNothing(p, framework.Request{Credentials: &wrong}, "the wrongly signed request", framework.AuthErrors...)
			})
		})

	errForbidden = func() *framework.Check {
		c := framework.Define(must("CU-ERR-403F", "errors", "an identity without permission gets 403 ForbiddenException, and creates nothing",
			"ForbiddenException (403): \"The client is permanently forbidden from making the request.\" (AccessDeniedException, AWS's common 403, is accepted too)", page),
			func(t *framework.T) {
				creds, err := forbiddenCredentials(t)
				if err != nil {
					t.Inconclusive("the forbidden identity's credentials: %v", err)
				}
				t.Property(2, func(p *framework.P) {
					refusedAndCreatedNothing(p, framework.Request{Credentials: &creds}, "the forbidden identity's request", "ForbiddenException", "AccessDeniedException")
				})
			})
		c.OptIn = "set CHIME_FORBIDDEN_PROFILE to an AWS profile that may not call CreateUser"
		c.Enabled = func(s *framework.Session) bool {
			return s.Config().ForbiddenProfile != "" || s.Config().ForbiddenCredentials != nil
		}
		return c
	}()

	errThrottled = func() *framework.Check {
		c := framework.Define(must("CU-ERR-429", "errors", "throttling is 429 ThrottledClientException",
			"ThrottledClientException (429): \"The client exceeded its request rate limit.\"", page),
			func(t *framework.T) {
				cfg := t.Config()
				reqs := make([]framework.Request, cfg.ThrottleBurst)
				for i := range reqs {
					// An unknown account: nothing can be created.
					reqs[i] = framework.Request{Account: t.Data().MissingAccount("throttle-probe"), Body: []byte(`{}`), ExpectThrottle: true, Burst: true}
				}
				for _, x := range t.SendAll(reqs, cfg.ThrottleWorkers) {
					if x.Status == http.StatusTooManyRequests {
						framework.ExpectError(t, t.G, x, "ThrottledClientException")
						return
					}
				}
				t.Inconclusive("not provoked: %d requests from %d concurrent senders drew no 429", cfg.ThrottleBurst, cfg.ThrottleWorkers)
			})
		c.OptIn = "set CHIME_PROBE_THROTTLING=1 to send a bounded concurrent burst (CHIME_THROTTLE_BURST, CHIME_THROTTLE_WORKERS) to an unknown account"
		c.Enabled = func(s *framework.Session) bool { return s.Config().ProbeThrottling }
		return c
	}()
)

// forbiddenCredentials are the opt-in identity without permission.
func forbiddenCredentials(t *framework.T) (aws.Credentials, error) {
	cfg := t.Config()
	provider := cfg.ForbiddenCredentials
	if provider == nil {
		awsCfg, err := config.LoadDefaultConfig(t.Context(), config.WithSharedConfigProfile(cfg.ForbiddenProfile))
		if err != nil {
			return aws.Credentials{}, fmt.Errorf("profile %q: %w", cfg.ForbiddenProfile, err)
		}
		provider = awsCfg.Credentials
	}
	return provider.Retrieve(t.Context())
}
