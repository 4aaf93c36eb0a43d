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
		refusedStateFile(t, name, text, "")
	}
}

// refusedStateFile starts a fake on a state file holding text: the start
// must fail with an error naming the file, saying it is left untouched
// and why, and the file must be as it was.
func refusedStateFile(t *testing.T, name, text, why string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := fakes.New(fakes.Options{StateFile: path})
	if err == nil {
		srv.Close()
		t.Errorf("%s: the fake started", name)
		return
	}
	if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "left untouched") || !strings.Contains(msg, why) {
		t.Errorf("%s: %v; want it to name the file, say it is left untouched, and %q", name, err, why)
	}
	if b, _ := os.ReadFile(path); string(b) != text {
		t.Errorf("%s: the file was changed", name)
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

// stateUser is a user as a state file holds it.
func stateUser(account, id, email string) string {
	return `{"AccountId":"` + account + `","UserId":"` + id + `","PrimaryEmail":"` + email +
		`","RegisteredOn":"2020-01-15T22:38:09.806Z","UserType":"PrivateUser","LicenseType":"Pro","UserRegistrationStatus":"Registered"}`
}

// A state file the fake did not write as it is, or whose contents cannot
// be one service's state, stops the start with an error naming the file
// and why, and is left as it is. Before, each of these loaded silently:
// a repeated account kept its last users only (and the next save dropped
// the others), keys matched in any case, and a blank account or one Email
// twice in an account came back as the service could never have them.
func TestAnInconsistentStateFileIsAnError(t *testing.T) {
	const head = `{"format":"chime-fake state","version":1,`
	for name, c := range map[string]struct{ text, why string }{
		"an account twice": {head + `"accounts":{"a":[` + stateUser("a", "u1", "x@e.com") + `],"a":[` + stateUser("a", "u2", "y@e.com") + `]}}`,
			`the account "a" appears twice`},
		"one Email twice, in two cases": {head + `"accounts":{"a":[` + stateUser("a", "u1", "x@e.com") + `,` + stateUser("a", "u2", "X@E.COM") + `]}}`,
			`account "a" has two users with the Email "X@E.COM", compared case-insensitively`},
		"a blank account":    {head + `"accounts":{"  ":[]}}`, `the account "  " is blank`},
		"keys in upper case": {`{"FORMAT":"chime-fake state","Version":1,"ACCOUNTS":{"b":[]}}`, `unknown key "FORMAT"`},
		"a key twice":        {head + `"version":1,"accounts":{}}`, `the key "version" appears twice`},
		"a user's key in another case": {head + `"accounts":{"a":[` + strings.Replace(stateUser("a", "u1", "x@e.com"), `"UserId"`, `"userid"`, 1) + `]}}`,
			`unknown key "userid"`},
		"a user's key twice": {head + `"accounts":{"a":[` + strings.Replace(stateUser("a", "u1", "x@e.com"), `"UserId":"u1"`, `"UserId":"u1","UserId":"u2"`, 1) + `]}}`,
			`the key "UserId" appears twice`},
		"one UserId twice": {head + `"accounts":{"a":[` + stateUser("a", "u1", "x@e.com") + `],"b":[` + stateUser("b", "u1", "y@e.com") + `]}}`,
			`the UserId "u1" appears twice`},
		"trailing data":      {head + `"accounts":{}} {}`, "trailing data"},
		"accounts not a map": {head + `"accounts":[]}`, "want {"},
	} {
		refusedStateFile(t, name, c.text, c.why)
	}
}

// A state file where no save could write is found at start, not at the
// first save: a save writes a temporary file beside it, then renames it.
func TestAStateFileThatCouldNeverBeSavedStopsTheStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "state.json")
	if _, err := fakes.New(fakes.Options{StateFile: path}); err == nil || !strings.Contains(err.Error(), "state file "+path+" could never be saved") {
		t.Fatalf("%v", err)
	}
	dir := t.TempDir()
	path = filepath.Join(dir, "state.json")
	srv, err := fakes.New(fakes.Options{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp-*")); len(left) != 0 {
		t.Fatalf("the check left %v", left)
	}
}
