package fakes_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// A faithful fake and the SDK's own client, pointed at it.
func ExampleNewServer() {
	srv, err := fakes.NewServer(fakes.Options{})
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	out, err := srv.Client().CreateUser(context.Background(), &chime.CreateUserInput{
		AccountId: aws.String(fakes.SampleAccountID),
		Email:     aws.String("jane@example.com"),
		UserType:  types.UserTypePrivateUser,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(*out.User.PrimaryEmail, out.User.UserType, out.User.RegisteredOn != nil)

	_, err = srv.Client().CreateUser(context.Background(), &chime.CreateUserInput{
		AccountId: aws.String(fakes.SampleAccountID), Email: aws.String("JANE@example.com"),
	})
	var conflict *types.ConflictException
	fmt.Println(errors.As(err, &conflict))
	// Output:
	// jane@example.com PrivateUser true
	// true
}

// Rehearse the ambiguous failure: the user is stored, the answer is a 503,
// the SDK retries and meets 409.
func ExampleServer_Faults() {
	srv, _ := fakes.NewServer(fakes.Options{})
	defer srv.Close()

	rule, err := faults.ParseRule(`{"times": 1, "action": {"type": "stored-then-fail", "exception": "ServiceUnavailableException"}}`)
	if err != nil {
		panic(err)
	}
	_ = srv.Faults().Add([]faults.Rule{rule})

	_, err = srv.Client().CreateUser(context.Background(), &chime.CreateUserInput{
		AccountId: aws.String(fakes.SampleAccountID), Email: aws.String("once@example.com"),
	})
	var conflict *types.ConflictException
	fmt.Println(errors.As(err, &conflict), len(srv.Users(fakes.SampleAccountID)))
	for _, e := range srv.Journal(fakes.Filter{}) {
		fmt.Println(e.Attempt, e.Status, e.Fault)
	}
	// Output:
	// true 1
	// 1 503 stored-then-fail
	// 2 409
}
