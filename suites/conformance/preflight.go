package conformance

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/framework"
)

// preflight asks the target one question before the checks: does it answer
// CreateUser as an AWS restJson1 service at all? A request to an account
// that cannot exist (it creates nothing) must get a named AWS error with a
// JSON or empty body. An HTML page, a bare 404, a redirect: the endpoint is
// something else, and that one finding replaces a page of failures.
var preflight = func() *framework.Check {
	c := framework.Define(must("CU-PRE-01", "preflight", "the endpoint answers CreateUser as an AWS restJson1 service",
		"POST /accounts/{accountId}/users?operation=create; errors are restJson1: X-Amzn-ErrorType (or Code), a JSON body. "+
			"A signed create to the run's account refused for its credentials (401/403) or its account (404) ends the run as NOT CHECKED.", wire),
		func(t *framework.T) {
			x := sendOutlasting5xx(t, framework.Request{Account: t.Data().MissingAccount("preflight"), Body: []byte(`{}`)})
			if x.Unreachable {
				t.Abort("the endpoint %s cannot be reached: %s", t.Config().Endpoint, x.TransportError)
			}
			framework.ExpectAnswered(t, t.G, x)
			if x.Status >= 200 && x.Status < 300 {
				return // a 2xx for an unknown account is CU-ERR-404's to judge
			}
			if x.Status < http.StatusBadRequest || x.ErrorCode() == "" || !x.BodyIsJSONOrEmpty() {
				t.Fatalf("this endpoint does not answer CreateUser as an AWS service: a request to an unknown account got HTTP %d without an AWS error (no X-Amzn-ErrorType, Code or __type, or a body that is not JSON); no other check was run%s", x.Status, x)
			}
			usableCredentials(t)
		})
	c.Always, c.Gate = true, true
	return c
}()

// sendOutlasting5xx sends a preflight probe, and again up to twice a
// second apart while the answer is a 5xx: a deployment may be starting.
func sendOutlasting5xx(t *framework.T, probe framework.Request) *evidence.Exchange {
	x := t.SendUnchecked(probe)
	for try := 0; x.Status >= 500 && try < 2; try++ {
		t.Wait(time.Second)
		x = t.SendUnchecked(probe)
	}
	return x
}

// usableCredentials asks whether the target takes the run's credentials,
// region and account at all, with one create to the run's account (a
// tagged user, like every user the run leaves). When the answer is an
// authentication error, or NotFoundException for the account, every later
// check would fail alike, and from outside nobody can tell a wrong
// configuration from a target that refuses good signatures: the run is not
// made (NOT CHECKED), with the target's own words, instead of some thirty
// failures blamed on the target. Any other answer is for the checks to
// judge.
func usableCredentials(t *framework.T) {
	cfg := t.Config()
	x := sendOutlasting5xx(t, framework.Request{Account: cfg.AccountID,
		Body: body(map[string]any{"Email": t.Data().Email("preflight@example.com"), "Username": t.Data().Tagged("preflight")})})
	code := x.ErrorCode()
	switch {
	case !x.Answered():
	case (x.Status == http.StatusUnauthorized || x.Status == http.StatusForbidden) &&
		slices.ContainsFunc(framework.AuthErrors, func(a string) bool { return strings.EqualFold(a, code) }):
		t.Abort("the target refuses the run's credentials: a request signed for region %s as access key %s got HTTP %d %s: %s. "+
			"Check the credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID), the region (AWS_REGION: custom endpoints are signed with it) and the endpoint; "+
			"if they are right, the target refuses correct signatures, which every check would report alike",
			cfg.Region, accessKeyOf(t), x.Status, code, evidence.Printable(clip(x.Body, 300)))
	case x.Status == http.StatusNotFound && strings.EqualFold(code, "NotFoundException"):
		t.Abort("the target does not know the run's account %q: a signed request to it got HTTP 404 NotFoundException: %s. "+
			"Set CHIME_ACCOUNT_ID to an account the target has", cfg.AccountID, evidence.Printable(clip(x.Body, 300)))
	}
}

func clip(b []byte, n int) []byte { return b[:min(len(b), n)] }

// accessKeyOf names the run's access key ID (not a secret: AWS's own
// errors quote it), so a wrong profile shows.
func accessKeyOf(t *framework.T) string {
	if c, err := t.Credentials(); err == nil {
		return c.AccessKeyID
	}
	return "(unknown)"
}
