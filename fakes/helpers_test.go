package fakes_test

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// start runs a fake for the test and stops it after.
func start(t *testing.T, opts fakes.Options) *fakes.Server {
	t.Helper()
	srv, err := fakes.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// rule reads a rule written as JSON, as the config file and admin API do.
func rule(t *testing.T, js string) faults.Rule {
	t.Helper()
	r, err := faults.ParseRule(js)
	if err != nil {
		t.Fatalf("rule %s: %v", js, err)
	}
	return r
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func input(account, email string) *chime.CreateUserInput {
	in := &chime.CreateUserInput{AccountId: aws.String(account)}
	if email != "" {
		in.Email = aws.String(email)
	}
	return in
}

// eventually waits for cond: what the server notices of a client that went
// away, it notices a little after the client is gone.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("the condition did not come true within 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitJournal waits until the journal holds n entries.
func waitJournal(t *testing.T, srv *fakes.Server, n int) []fakes.Entry {
	t.Helper()
	eventually(t, func() bool { return len(srv.Journal(fakes.Filter{})) >= n })
	return srv.Journal(fakes.Filter{})
}
