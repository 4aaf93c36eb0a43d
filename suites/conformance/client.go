package conformance

import (
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"
	"github.com/onsi/gomega"

	"github.com/chime-conformance/createuser/suites/framework"
)

// input turns a generated body into the SDK's input.
func input(account string, b map[string]any) *chime.CreateUserInput {
	in := &chime.CreateUserInput{AccountId: aws.String(account)}
	if v, ok := b["Email"].(string); ok {
		in.Email = aws.String(v)
	}
	if v, ok := b["Username"].(string); ok {
		in.Username = aws.String(v)
	}
	if v, ok := b["UserType"].(string); ok {
		in.UserType = types.UserType(v)
	}
	return in
}

var (
	clientDecodes = framework.Define(must("CU-CLIENT-01", "client", "aws-sdk-go-v2's chime client decodes the 201 fully",
		"A target that breaks the reference client is not compatible, whatever its schema.", wire),
		func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				b := validBody(p)
				out, err := p.CreateUser(input(p.AccountID(), b))
				framework.ExpectNoError(p, err, "aws-sdk-go-v2 CreateUser failed for %s", body(b))
				p.G.Expect(out.User).NotTo(gomega.BeNil(), "aws-sdk-go-v2 decoded no User for %s", body(b))
				p.G.Expect(aws.ToString(out.User.UserId)).NotTo(gomega.BeEmpty(), "aws-sdk-go-v2 decoded no UserId for %s", body(b))
			})
		})

	clientTypedErrors = framework.Define(must("CU-CLIENT-02", "client", "aws-sdk-go-v2's chime client gets typed errors (BadRequest, NotFound, Conflict)",
		"Clients pick the exception type from X-Amzn-ErrorType: errors.As(err, *types.ConflictException) ...", wire),
		func(t *framework.T) {
			t.Property(3, func(p *framework.P) { // three of its four calls reach the account
				emails := p.Contract().Member("Email")
				bad := emails.Invalid().Draw(p.T, "bad Email")
				_, err := p.CreateUser(input(p.AccountID(), map[string]any{"Email": bad}))
				var badRequest *types.BadRequestException
				p.G.Expect(errors.As(err, &badRequest)).To(gomega.BeTrue(), "bad Email %q: want *types.BadRequestException, got %T: %v", bad, err, err)

				_, err = p.CreateUser(input(p.Data().MissingAccount("sdk"), map[string]any{}))
				var notFound *types.NotFoundException
				p.G.Expect(errors.As(err, &notFound)).To(gomega.BeTrue(), "unknown account: want *types.NotFoundException, got %T: %v", err, err)

				email := freshEmail(p, "Email")
				_, err = p.CreateUser(input(p.AccountID(), map[string]any{"Email": email}))
				framework.ExpectNoError(p, err, "the first create of a fresh Email")
				_, err = p.CreateUser(input(p.AccountID(), map[string]any{"Email": email}))
				var conflict *types.ConflictException
				p.G.Expect(errors.As(err, &conflict)).To(gomega.BeTrue(), "duplicate Email: want *types.ConflictException, got %T: %v", err, err)
			})
		})
)
