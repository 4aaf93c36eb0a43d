package framework

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/onsi/gomega"

	"github.com/chime-conformance/createuser/spec"
)

// AuthErrors are the names an authentication failure may carry: the
// operation's own (401, 403) and the AWS common errors a front door sends.
var AuthErrors = []string{
	"UnauthorizedClientException", "ForbiddenException", "MissingAuthenticationTokenException",
	"InvalidSignatureException", "UnrecognizedClientException", "IncompleteSignatureException",
	"SignatureDoesNotMatch", "InvalidClientTokenId", "AccessDeniedException", "ExpiredTokenException",
}

// ExpectAnswered fails when the request got no HTTP answer.
func ExpectAnswered(g gomega.Gomega, x *Exchange) {
	g.Expect(x.TransportError).To(gomega.BeEmpty(), "no HTTP answer%s", x)
}

// ExpectError checks an error answer the way restJson1 clients read it:
// the resolved name is one of accepted; a documented name comes with its
// documented status; any other (a common AWS error) with 400, 401 or 403;
// the body is JSON or empty; and a documented error validates against the
// spec (X-Amzn-ErrorType present and naming its status's exception,
// content type).
func ExpectError(g gomega.Gomega, x *Exchange, accepted ...string) {
	ExpectAnswered(g, x)
	code := x.ErrorCode()
	g.Expect(code).NotTo(gomega.BeEmpty(), "the error names no exception (no X-Amzn-ErrorType, no Code, no __type): clients see UnknownError%s", x)
	g.Expect(slices.ContainsFunc(accepted, func(a string) bool { return strings.EqualFold(a, code) })).To(gomega.BeTrue(),
		"the error resolves to %q, want one of %v%s", code, accepted, x)
	g.Expect(x.BodyIsJSONOrEmpty()).To(gomega.BeTrue(), "error body is neither JSON nor empty: clients fail to deserialize it%s", x)
	status := TheContract().Status(code)
	if status == 0 {
		g.Expect(x.Status).To(gomega.BeElementOf(400, 401, 403), "a common AWS error %s with status %d%s", code, x.Status, x)
		return
	}
	g.Expect(x.Status).To(gomega.Equal(status), "%s is documented with HTTP %d%s", code, status, x)
	g.Expect(x.Header.Get("X-Amzn-ErrorType")).NotTo(gomega.BeEmpty(),
		"no X-Amzn-ErrorType: aws-sdk-go-v2 then resolves the body's Code (%q), not the typed %s%s", code, code, x)
	g.Expect(ValidateResponse(x)).To(gomega.Succeed(), "the error does not validate against the spec%s", x)
}

// ValidateResponse validates a recorded answer against the spec.
func ValidateResponse(x *Exchange) error {
	s := spec.MustLoad()
	req, err := http.NewRequest(x.Method, x.URL, nil)
	if err != nil {
		return err
	}
	req.Header = x.RequestHeader
	return s.ValidateResponse(context.Background(), req, spec.Response{Status: x.Status, Header: x.Header, Body: x.Body})
}
