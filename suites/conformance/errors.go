package conformance

import (
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// injected asks the target (the fake, or one that honours X-Fake-Fault) for
// a documented error of the named exception, or skips: other targets cannot
// be made to fail on demand.
func injected(exception string) *fw.Exchange {
	if !target.FaultHeader {
		ginkgo.Skip("not provokable against this target: it does not honour X-Fake-Fault (any 5xx the run meets is checked by CU-ERR-5XX)")
	}
	return sendNow(fw.Request{Account: target.AccountID, Body: []byte(`{}`), ExpectThrottle: true,
		Header: http.Header{"X-Fake-Fault": {exception}}})
}

func errorChecks() {
	fw.It(errNotFound, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			suffix := rapid.String().Draw(t, "account suffix")
			account := fmt.Sprintf("cf-%s-missing-%s", target.RunID, suffix)
			x := send(t, fw.Request{Account: account, Body: body(validBody(t))})
			fw.ExpectError(g, x, "NotFoundException")
		})
	})

	fw.It(errConflict, func() {
		property(2, func(t *rapid.T, g gomega.Gomega) {
			email := data.Email(fw.TheContract().Member("Email").Valid().Draw(t, "Email"))
			first := send(t, fw.Request{Account: target.AccountID, Body: body(map[string]any{"Email": email})})
			g.Expect(first.Status).To(gomega.Equal(201), "the first create failed%s", first)
			again := email
			if c := rapid.IntRange(0, 2).Draw(t, "case: 0 same, 1 upper, 2 lower"); c > 0 {
				again = fw.ASCIICase(email, c == 1)
			}
			b := validBody(t)
			b["Email"] = again
			x := send(t, fw.Request{Account: target.AccountID, Body: body(b)})
			fw.ExpectError(g, x, "ConflictException")
		})
	})

	fw.It(errUnsigned, func() {
		x := sendNow(fw.Request{Account: target.AccountID, Body: []byte(`{}`), Unsigned: true})
		fw.ExpectError(gomega.Default, x, fw.AuthErrors...)
	})

	fw.It(errBadSignature, func() {
		creds, err := target.Credentials.Retrieve(ctx())
		gomega.Expect(err).NotTo(gomega.HaveOccurred())
		wrong := aws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey + "x", SessionToken: creds.SessionToken}
		x := sendNow(fw.Request{Account: target.AccountID, Body: []byte(`{}`), Credentials: &wrong})
		fw.ExpectError(gomega.Default, x, fw.AuthErrors...)
	})

	fw.It(errThrottled, func() {
		if target.FaultHeader {
			fw.ExpectError(gomega.Default, injected("ThrottledClientException"), "ThrottledClientException")
			return
		}
		if !target.Throttling {
			ginkgo.Skip("not provoked: set CHIME_PROBE_THROTTLING=1 to send a bounded burst (CHIME_THROTTLE_BURST)")
		}
		for range target.Burst {
			x := sendNow(fw.Request{Account: "cf-" + target.RunID + "-throttle-probe", Body: []byte(`{}`), ExpectThrottle: true})
			if x.Status == http.StatusTooManyRequests {
				fw.ExpectError(gomega.Default, x, "ThrottledClientException")
				return
			}
		}
		ginkgo.Skip(fmt.Sprintf("not provoked: %d requests drew no 429", target.Burst))
	})

	fw.It(errForbidden, func() {
		fw.ExpectError(gomega.Default, injected("ForbiddenException"), "ForbiddenException")
	})
	fw.It(errServiceFailure, func() {
		fw.ExpectError(gomega.Default, injected("ServiceFailureException"), "ServiceFailureException")
	})
	fw.It(errUnavailable, func() {
		fw.ExpectError(gomega.Default, injected("ServiceUnavailableException"), "ServiceUnavailableException")
	})
}
