package fakes_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/chime"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// Each mutant, switched on by a rule, shows its bug over HTTP, and the
// faithful fake, given the same requests, does not: the evidence a
// black-box check can catch it by.
func TestMutantsShowTheirBugOverHTTP(t *testing.T) {
	verify := fakes.Options{Auth: fakes.AuthVerify, Seed: 3}
	for _, m := range []struct {
		mutant string
		opts   fakes.Options
		shows  func(t *testing.T, srv *fakes.Server) bool // the bug is visible
	}{
		{"store-invalid", verify, storesWhatItRefused},
		{"racy-duplicate-check", verify, createsOneEmailTwiceConcurrently},
		{"lossy-store", verify, forgetsSomeUsers},
		{"zoneless-timestamp", verify, answersZonelessTimestamps},
		{"auth-skip-date", verify, accepts(signing{at: time.Now().Add(-time.Hour)})},
		{"auth-skip-scope", verify, accepts(signing{service: "s3"})},
		{"auth-skip-body-hash", verify, accepts(signing{bodyChanged: true, declareHash: true})},
		{"auth-skip-hmac", verify, accepts(signing{key: fakes.DefaultCredential.AccessKeyID, secret: "not-the-secret"})},
	} {
		t.Run(m.mutant, func(t *testing.T) {
			if m.shows(t, start(t, m.opts)) {
				t.Fatal("the faithful fake shows the bug")
			}
			mutated := m.opts
			mutated.Rules = []faults.Rule{rule(t, `{"action":{"type":"`+m.mutant+`"}}`)}
			if !m.shows(t, start(t, mutated)) {
				t.Fatal("the mutant does not show its bug")
			}
		})
	}
}

// storesWhatItRefused: a create refused with 400 leaves its Email taken.
func storesWhatItRefused(t *testing.T, srv *fakes.Server) bool {
	c := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	in := input(fakes.SampleAccountID, "refused@example.com")
	in.UserType = "Robot"
	if _, err := c.CreateUser(ctx(t), in); err == nil || !strings.Contains(err.Error(), "StatusCode: 400") {
		t.Fatalf("an invalid UserType: %v", err)
	}
	_, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, "refused@example.com"))
	return err != nil && strings.Contains(err.Error(), "ConflictException")
}

// createsOneEmailTwiceConcurrently: of 8 creates of one Email released
// together, over separate connections, more than one gets 201 (in any of
// 5 rounds). One at a time, a duplicate still meets 409.
func createsOneEmailTwiceConcurrently(t *testing.T, srv *fakes.Server) bool {
	raced := false
	for round := range 5 {
		email := fmt.Sprintf("race%d@example.com", round)
		if n := concurrentCreates(t, srv, email, 8); n > 1 {
			raced = true
		} else if n != 1 {
			t.Fatalf("round %d: %d created", round, n)
		}
		if a := signedPost(t, srv, email, signing{}); a.status != 409 {
			t.Fatalf("a later duplicate: %+v", a)
		}
	}
	return raced
}

// concurrentCreates releases n creates of email at once, each on its own
// connection, and counts the 201s.
func concurrentCreates(t *testing.T, srv *fakes.Server, email string, n int) int {
	start := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := srv.Client(func(o *chime.Options) {
				o.RetryMaxAttempts = 1
				o.HTTPClient = &http.Client{Transport: &http.Transport{}} // a connection of its own
			})
			<-start
			if _, err := c.CreateUser(context.Background(), input(fakes.SampleAccountID, email)); err == nil {
				mu.Lock()
				created++
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return created
}

// forgetsSomeUsers: of 100 users created, re-creating their Emails
// succeeds for some.
func forgetsSomeUsers(t *testing.T, srv *fakes.Server) bool {
	c := srv.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	for i := range 100 {
		if _, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, fmt.Sprintf("kept%d@example.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	recreated := 0
	for i := range 100 {
		if _, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, fmt.Sprintf("KEPT%d@example.com", i))); err == nil {
			recreated++
		}
	}
	t.Logf("%d of 100 Emails could be created again", recreated)
	return recreated > 0
}

// answersZonelessTimestamps: RegisteredOn is not RFC 3339, yet the Go SDK
// reads it (which is why a suite must judge the format, not the client).
func answersZonelessTimestamps(t *testing.T, srv *fakes.Server) bool {
	a := signedPost(t, srv, "zone@example.com", signing{})
	var body struct{ User struct{ RegisteredOn string } }
	if err := json.Unmarshal(a.body, &body); a.status != 201 || err != nil {
		t.Fatalf("create: %+v %v", a, err)
	}
	if _, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "zone2@example.com")); err != nil {
		t.Fatalf("aws-sdk-go-v2 reads either form: %v", err)
	}
	_, err := time.Parse(time.RFC3339Nano, body.User.RegisteredOn)
	return err != nil
}

// accepts: a request signed as s says is answered 201.
func accepts(s signing) func(*testing.T, *fakes.Server) bool {
	return func(t *testing.T, srv *fakes.Server) bool {
		email := fmt.Sprintf("signed%d@example.com", time.Now().UnixNano())
		return signedPost(t, srv, email, s).status == 201
	}
}
