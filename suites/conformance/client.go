package conformance

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"
	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// sdk is aws-sdk-go-v2's own chime client pointed at the target. One
// attempt per call: the budget counts calls, and retries are not under test.
func sdk() *chime.Client {
	return chime.New(chime.Options{
		Region: target.Region, Credentials: target.Credentials,
		BaseEndpoint: aws.String(target.Endpoint), RetryMaxAttempts: 1,
	})
}

// call paces CreateUser through the SDK, counting it against the budget,
// and waits out throttling as Send does: a 429 is not what is under test.
func call(t *rapid.T, in *chime.CreateUserInput) (*chime.CreateUserOutput, error) {
	if err := target.Client.Reserve(aws.ToString(in.AccountId) == target.AccountID); err != nil {
		t.Skip(err.Error())
	}
	for attempt := 0; ; attempt++ {
		out, err := sdk().CreateUser(context.Background(), in)
		var throttled *types.ThrottledClientException
		if !errors.As(err, &throttled) || target.Client.WaitOutThrottle(context.Background(), attempt) != nil {
			return out, err
		}
	}
}

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

func clientChecks() {
	fw.It(clientDecodes, func() {
		property(1, func(t *rapid.T, g gomega.Gomega) {
			b := validBody(t)
			out, err := call(t, input(target.AccountID, b))
			g.Expect(err).NotTo(gomega.HaveOccurred(), "aws-sdk-go-v2 CreateUser failed for %s", body(b))
			g.Expect(out.User).NotTo(gomega.BeNil(), "aws-sdk-go-v2 decoded no User for %s", body(b))
			g.Expect(aws.ToString(out.User.UserId)).NotTo(gomega.BeEmpty(), "aws-sdk-go-v2 decoded no UserId for %s", body(b))
		})
	})

	fw.It(clientTypedErrors, func() {
		property(4, func(t *rapid.T, g gomega.Gomega) {
			emailGen := fw.TheContract().Member("Email")
			bad := emailGen.Invalid().Draw(t, "bad Email")
			_, err := call(t, input(target.AccountID, map[string]any{"Email": bad}))
			var badRequest *types.BadRequestException
			g.Expect(errors.As(err, &badRequest)).To(gomega.BeTrue(), "bad Email %q: want *types.BadRequestException, got %T: %v", bad, err, err)

			account := fmt.Sprintf("cf-%s-missing", target.RunID)
			_, err = call(t, input(account, map[string]any{}))
			var notFound *types.NotFoundException
			g.Expect(errors.As(err, &notFound)).To(gomega.BeTrue(), "unknown account: want *types.NotFoundException, got %T: %v", err, err)

			email := data.Email(emailGen.Valid().Draw(t, "Email"))
			if _, err := call(t, input(target.AccountID, map[string]any{"Email": email})); err != nil {
				t.Fatalf("first create: %v", err)
			}
			_, err = call(t, input(target.AccountID, map[string]any{"Email": email}))
			var conflict *types.ConflictException
			g.Expect(errors.As(err, &conflict)).To(gomega.BeTrue(), "duplicate Email: want *types.ConflictException, got %T: %v", err, err)
		})
	})
}
