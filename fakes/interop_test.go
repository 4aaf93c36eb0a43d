package fakes_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"
	"github.com/aws/smithy-go"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// These tests drive the fake with aws-sdk-go-v2's own chime client: what
// they check is what a real Go caller sees.

func TestSDKCreatesAndDecodesEveryMember(t *testing.T) {
	srv := start(t, fakes.Options{})
	before := time.Now().Add(-time.Second)
	out, err := srv.Client().CreateUser(ctx(t), &chime.CreateUserInput{
		AccountId: aws.String(fakes.SampleAccountID), Email: aws.String("Jane.Doe@example.com"),
		Username: aws.String("jane"), UserType: types.UserTypeSharedDevice,
	})
	if err != nil {
		t.Fatal(err)
	}
	u := out.User
	switch {
	case u == nil:
		t.Fatal("no User")
	case aws.ToString(u.UserId) == "":
		t.Error("no UserId")
	case aws.ToString(u.AccountId) != fakes.SampleAccountID:
		t.Errorf("AccountId %q", aws.ToString(u.AccountId))
	case aws.ToString(u.PrimaryEmail) != "Jane.Doe@example.com":
		t.Errorf("PrimaryEmail %q", aws.ToString(u.PrimaryEmail))
	case u.UserType != types.UserTypeSharedDevice:
		t.Errorf("UserType %q", u.UserType)
	case u.RegisteredOn == nil || u.RegisteredOn.Before(before) || u.RegisteredOn.After(time.Now().Add(time.Second)):
		t.Errorf("RegisteredOn %v", u.RegisteredOn)
	case u.AlexaForBusinessMetadata == nil || u.LicenseType == "" || u.UserRegistrationStatus == "":
		t.Errorf("defaults missing: %+v", u)
	case aws.ToString(u.DisplayName) != "jane":
		t.Errorf("DisplayName %q", aws.ToString(u.DisplayName))
	}
}

func TestSDKEscapesAccountIDsTheFakeRoutes(t *testing.T) {
	srv := start(t, fakes.Options{Accounts: []string{"a/b c+d%é~:"}})
	out, err := srv.Client().CreateUser(ctx(t), input("a/b c+d%é~:", ""))
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.User.AccountId); got != "a/b c+d%é~:" {
		t.Fatalf("AccountId %q", got)
	}
	if got := srv.Journal(fakes.Filter{})[0].Path; got != "/accounts/a%2Fb%20c%2Bd%25%C3%A9~%3A/users" {
		t.Fatalf("journal path %q", got)
	}
}

func TestSDKGetsEveryDocumentedErrorTyped(t *testing.T) {
	targets := map[string]func(error) bool{
		"BadRequestException":         func(err error) bool { var e *types.BadRequestException; return errors.As(err, &e) },
		"UnauthorizedClientException": func(err error) bool { var e *types.UnauthorizedClientException; return errors.As(err, &e) },
		"ForbiddenException":          func(err error) bool { var e *types.ForbiddenException; return errors.As(err, &e) },
		"NotFoundException":           func(err error) bool { var e *types.NotFoundException; return errors.As(err, &e) },
		"ConflictException":           func(err error) bool { var e *types.ConflictException; return errors.As(err, &e) },
		"ThrottledClientException":    func(err error) bool { var e *types.ThrottledClientException; return errors.As(err, &e) },
		"ServiceFailureException":     func(err error) bool { var e *types.ServiceFailureException; return errors.As(err, &e) },
		"ServiceUnavailableException": func(err error) bool { var e *types.ServiceUnavailableException; return errors.As(err, &e) },
	}
	for name, isTyped := range targets {
		t.Run(name, func(t *testing.T) {
			srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"error","exception":"`+name+`"}}`)}})
			_, err := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 }).CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
			if !isTyped(err) {
				t.Fatalf("want *types.%s, got %T %v", name, err, err)
			}
		})
	}
}

func TestSDKErrorsTheServiceRaisesItself(t *testing.T) {
	srv := start(t, fakes.Options{})
	c := srv.Client()
	var bad *types.BadRequestException
	if _, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, "not-an-email")); !errors.As(err, &bad) || !strings.Contains(bad.ErrorMessage(), "Email") {
		t.Errorf("bad Email: %v", err)
	}
	if _, err := c.CreateUser(ctx(t), &chime.CreateUserInput{AccountId: aws.String(fakes.SampleAccountID), UserType: "privateuser"}); !errors.As(err, &bad) || !strings.Contains(bad.ErrorMessage(), "UserType") {
		t.Errorf("bad UserType: %v", err)
	}
	var nf *types.NotFoundException
	if _, err := c.CreateUser(ctx(t), input("no-such-account", "")); !errors.As(err, &nf) {
		t.Errorf("unknown account: %v", err)
	}
	if _, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, "dup@example.com")); err != nil {
		t.Fatal(err)
	}
	var conflict *types.ConflictException
	if _, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, "DUP@Example.COM")); !errors.As(err, &conflict) {
		t.Errorf("duplicate Email (other case): %v", err)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 1 {
		t.Errorf("%d users stored, want 1: errors must create nothing", n)
	}
}

func TestSDKRetriesASequenceAndSucceedsOnAttempt3(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"id":"flaky","sequence":[
		{"type":"error","exception":"ServiceUnavailableException"},
		{"type":"error","exception":"ServiceUnavailableException"},
		{"type":"pass"}]}`)}})
	out, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "retry@example.com"))
	if err != nil {
		t.Fatalf("want success on attempt 3, got %v", err)
	}
	entries := srv.Journal(fakes.Filter{})
	if len(entries) != 3 {
		t.Fatalf("%d requests, want 3", len(entries))
	}
	for i, e := range entries {
		if e.InvocationID == "" || e.InvocationID != entries[0].InvocationID || e.Attempt != i+1 {
			t.Errorf("request %d: invocation %q attempt %d", i, e.InvocationID, e.Attempt)
		}
	}
	if entries[0].Status != 503 || entries[1].Status != 503 || entries[2].Status != 201 || entries[2].UserID != aws.ToString(out.User.UserId) {
		t.Errorf("statuses %d %d %d", entries[0].Status, entries[1].Status, entries[2].Status)
	}
	// The next call has a new invocation ID: its sequence starts again.
	if _, err := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 }).CreateUser(ctx(t), input(fakes.SampleAccountID, "")); err == nil {
		t.Error("a new invocation should meet the sequence's first step")
	}
}

func TestSDKDoesNotRetryModeledThrottling(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"error","exception":"ThrottledClientException"}}`)}})
	_, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
	var throttled *types.ThrottledClientException
	if !errors.As(err, &throttled) {
		t.Fatalf("got %v", err)
	}
	if n := len(srv.Journal(fakes.Filter{})); n != 1 {
		t.Fatalf("%d attempts; aws-sdk-go-v2 does not retry the modeled 429", n)
	}
}

func TestSDKRetriesResetsThenGivesUp(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"reset"}}`)}})
	_, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "reset@example.com"))
	if err == nil || !strings.Contains(err.Error(), "exceeded maximum number of attempts, 3") || !strings.Contains(err.Error(), "connection reset") {
		t.Fatalf("got %v", err)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 0 {
		t.Fatalf("a reset before the service must store nothing, stored %d", n)
	}
	for _, e := range srv.Journal(fakes.Filter{}) {
		if e.Outcome != "reset" {
			t.Errorf("outcome %q", e.Outcome)
		}
	}
}

func TestSDKFailsOnceOnATruncated201ThoughTheUserExists(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"truncate"}}`)}})
	_, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "cut@example.com"))
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Fatalf("got %v", err)
	}
	if n := len(srv.Journal(fakes.Filter{})); n != 1 {
		t.Errorf("%d attempts; a 201 is not retried", n)
	}
	if n := len(srv.Users(fakes.SampleAccountID)); n != 1 {
		t.Errorf("the user should exist, %d stored", n)
	}
}

func TestSDKMeetsConflictAfterStoredThenFailed(t *testing.T) {
	for name, action := range map[string]string{
		"503":   `{"type":"stored-then-fail","exception":"ServiceUnavailableException"}`,
		"reset": `{"type":"stored-then-fail","reset":true}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"times":1,"action":`+action+`}`)}})
			_, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "ambiguous@example.com"))
			var conflict *types.ConflictException
			if !errors.As(err, &conflict) {
				t.Fatalf("want the retry to meet ConflictException, got %v", err)
			}
			entries := srv.Journal(fakes.Filter{})
			if len(entries) != 2 || !entries[0].Stored || entries[1].Status != 409 {
				t.Fatalf("journal: %+v", entries)
			}
		})
	}
}

func TestSDKSeesMalformedJSONAsADeserializationError(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"malformed-json"}}`)}})
	_, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
	var de *smithy.DeserializationError
	if !errors.As(err, &de) {
		t.Fatalf("got %T %v", err, err)
	}
}

func TestSDKTimesOutOnStalledHeaders(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"stall","ms":5000}}`)}})
	c := srv.Client(func(o *chime.Options) {
		o.RetryMaxAttempts = 1
		o.HTTPClient = &http.Client{Timeout: 200 * time.Millisecond}
	})
	_, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
	// The head arrives, the body does not: the SDK fails reading the 201's
	// body (usually as the client's timeout; the wording varies with when
	// the transport notices).
	if err == nil || !strings.Contains(err.Error(), "StatusCode: 201") || !strings.Contains(err.Error(), "failed to decode response body") {
		t.Fatalf("want the call to fail reading the stalled body, got %v", err)
	}
	// The fake sent the head, then stalled until it noticed the client leave.
	eventually(t, func() bool {
		e := srv.Journal(fakes.Filter{})
		return len(e) == 1 && e[0].Status == 201 && e[0].Outcome == "stalled, client gone"
	})
}

func TestContractFaultsReachTheSDK(t *testing.T) {
	srv := start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"retype-member","member":"User.RegisteredOn"}}`)}})
	_, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, ""))
	if err == nil || !strings.Contains(err.Error(), "expected Iso8601Timestamp to be of type string") {
		t.Fatalf("got %v", err)
	}
	srv = start(t, fakes.Options{Rules: []faults.Rule{rule(t, `{"action":{"type":"drop-error-type"}}`)}})
	_, err = srv.Client().CreateUser(ctx(t), input("no-such-account", ""))
	var nf *types.NotFoundException
	var generic *smithy.GenericAPIError
	if errors.As(err, &nf) || !errors.As(err, &generic) || generic.Code != "NotFound" {
		t.Fatalf("without X-Amzn-ErrorType the SDK should see a generic NotFound, got %T %v", err, err)
	}
}
