package conformance

import (
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/suites/framework"
)

// preflight asks the target one question before the checks: does it answer
// CreateUser as an AWS restJson1 service at all? A request to an account
// that cannot exist (it creates nothing) must get a named AWS error with a
// JSON or empty body. An HTML page, a bare 404, a redirect: the endpoint is
// something else, and that one finding replaces a page of failures.
var preflight = func() *framework.Check {
	c := framework.Define(must("CU-PRE-01", "preflight", "the endpoint answers CreateUser as an AWS restJson1 service",
		"POST /accounts/{accountId}/users?operation=create; errors are restJson1: X-Amzn-ErrorType (or Code), a JSON body.", wire),
		func(t *framework.T) {
			probe := framework.Request{Account: t.Data().MissingAccount("preflight"), Body: []byte(`{}`)}
			x := t.Send(probe)
			for try := 0; x.Status >= 500 && try < 2; try++ { // a deployment may be starting
				t.Wait(time.Second)
				x = t.Send(probe)
			}
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
		})
	c.Always, c.Gate = true, true
	return c
}()
