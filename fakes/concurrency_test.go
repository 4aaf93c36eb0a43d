package fakes_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime/types"

	"github.com/chime-conformance/createuser/fakes"
)

func TestConcurrentCreatesOfOneEmailMakeOneUser(t *testing.T) {
	srv := start(t, fakes.Options{})
	c := srv.Client()
	const n = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, conflicts := 0, 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, []string{"same@example.com", "SAME@Example.com"}[i%2]))
			var conflict *types.ConflictException
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				created++
			case errors.As(err, &conflict):
				conflicts++
			default:
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if created != 1 || conflicts != n-1 {
		t.Fatalf("%d created, %d conflicts; want 1 and %d", created, conflicts, n-1)
	}
}

func TestConcurrentDistinctCreatesAllSucceedWithUniqueIDs(t *testing.T) {
	srv := start(t, fakes.Options{})
	c := srv.Client()
	const n = 60
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := c.CreateUser(ctx(t), input(fakes.SampleAccountID, fmt.Sprintf("user%d@example.com", i)))
			if err != nil {
				t.Error(err)
				return
			}
			ids[i] = aws.ToString(out.User.UserId)
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			t.Fatalf("missing or repeated UserId %q", id)
		}
		seen[id] = true
	}
	if got := len(srv.Users(fakes.SampleAccountID)); got != n {
		t.Fatalf("%d users stored, want %d", got, n)
	}
}
