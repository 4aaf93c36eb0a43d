package fakes_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/chime"

	"github.com/chime-conformance/createuser/fakes"
)

func TestStateSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	opts := fakes.Options{StateFile: path}
	first, err := fakes.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	first.AddAccount("added-at-run-time")
	for _, in := range []*chime.CreateUserInput{input(fakes.SampleAccountID, "kept@example.com"), input("added-at-run-time", "other@example.com"), input(fakes.SampleAccountID, "")} {
		if _, err := first.Client().CreateUser(ctx(t), in); err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := start(t, opts)
	if n := len(second.Users(fakes.SampleAccountID)); n != 2 {
		t.Fatalf("%d users in the sample account after a restart, want 2", n)
	}
	c := second.Client(func(o *chime.Options) { o.RetryMaxAttempts = 1 })
	for account, email := range map[string]string{fakes.SampleAccountID: "KEPT@example.com", "added-at-run-time": "other@example.com"} {
		if _, err := c.CreateUser(ctx(t), input(account, email)); err == nil || !strings.Contains(err.Error(), "ConflictException") {
			t.Errorf("%s in %s after a restart: %v, want 409", email, account, err)
		}
	}
}

func TestStateIsSavedAtAnInterval(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv := start(t, fakes.Options{StateFile: path, StateInterval: 20 * time.Millisecond})
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a missing state file is an empty state, and is written at the first save: %v", err)
	}
	out, err := srv.Client().CreateUser(ctx(t), input(fakes.SampleAccountID, "periodic@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	eventually(t, func() bool {
		b, _ := os.ReadFile(path)
		return strings.Contains(string(b), *out.User.UserId)
	})
}

func TestAForeignOrDamagedStateFileIsAnErrorAndLeftAlone(t *testing.T) {
	for name, text := range map[string]string{
		"not JSON":       "users: [jane]\n",
		"cut short":      `{"format":"chime-fake state","version":1,"accounts":{"a":[{"AccountId":"a","UserId":"u1"}`,
		"another format": `{"format":"something else","version":1,"accounts":{}}`,
		"a later layout": `{"format":"chime-fake state","version":2,"accounts":{}}`,
		"unknown keys":   `{"format":"chime-fake state","version":1,"accounts":{},"extra":1}`,
		"a damaged user": `{"format":"chime-fake state","version":1,"accounts":{"a":[{"AccountId":"b","UserId":"u1"}]}}`,
	} {
		path := filepath.Join(t.TempDir(), "state.json")
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		srv, err := fakes.NewServer(fakes.Options{StateFile: path})
		if err == nil {
			srv.Close()
			t.Errorf("%s: the fake started", name)
			continue
		}
		if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "left untouched") {
			t.Errorf("%s: unclear error: %v", name, err)
		}
		if b, _ := os.ReadFile(path); string(b) != text {
			t.Errorf("%s: the file was changed", name)
		}
	}
}

// The state file is the fake's own: marked, versioned, readable.
func TestTheStateFileSaysWhatItIs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	srv := start(t, fakes.Options{StateFile: path})
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Format   string
		Version  int
		Accounts map[string][]fakes.User
	}
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &f); err != nil || f.Format != fakes.StateFormat || f.Version != 1 || len(f.Accounts) != len(fakes.DefaultAccounts) {
		t.Fatalf("%v: %s", err, b)
	}
	if leftovers, _ := filepath.Glob(path + ".tmp-*"); len(leftovers) != 0 {
		t.Fatalf("temporary files left: %v", leftovers)
	}
}
