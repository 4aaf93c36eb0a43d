package statefile

import (
	"bytes"
	"encoding/json"
	"runtime"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/fakes/internal/store"
)

// stateLayout is the state file as encoding/json writes it: what
// writeState must write, byte for byte.
type stateLayout struct {
	Format     string                  `json:"format"`
	Version    int                     `json:"version"`
	Generation int                     `json:"generation"`
	SavedAt    time.Time               `json:"savedAt"`
	Accounts   map[string][]store.User `json:"accounts"`
}

// The streamed state file is what encoding/json makes of the whole state,
// byte for byte: any accounts, users made from facts, users kept verbatim
// (an odd UserType), forgotten users left out, empty accounts.
func TestTheStreamedStateIsTheStateMarshalled(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		accounts := rapid.SliceOfDistinct(rapid.String(), func(s string) string { return s }).Draw(t, "accounts")
		s := store.New(accounts)
		for _, account := range accounts {
			for range rapid.IntRange(0, 5).Draw(t, "users") {
				in := drawInput(t)
				if rapid.IntRange(0, 4).Draw(t, "odd UserType") == 0 {
					v := rapid.String().Draw(t, "UserType")
					in.UserType = &v
				}
				f := store.NewFacts(in, time.UnixMilli(rapid.Int64Range(-1e12, 2.5e14).Draw(t, "at")))
				if s.Create(account, f, store.CreateRules{SkipDuplicate: true}) == store.Created && rapid.IntRange(0, 4).Draw(t, "forget") == 0 {
					s.Forget(account, f)
				}
			}
		}
		views, _ := s.Snapshot()
		want := stateLayout{Format: Format, Version: stateVersion, Generation: rapid.IntRange(0, 1e6).Draw(t, "generation"),
			SavedAt: time.UnixMilli(rapid.Int64Range(0, 2.5e14).Draw(t, "saved")).UTC(), Accounts: map[string][]store.User{}}
		for _, v := range views {
			want.Accounts[v.AccountID()] = v.Users()
		}
		wantJSON, err := json.Marshal(want)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeState(&got, views, want.Generation, want.SavedAt); err != nil {
			t.Fatal(err)
		}
		if got.String() != string(wantJSON) {
			t.Fatalf("streamed\n%s\nmarshalled\n%s", got.String(), wantJSON)
		}
	})
}

// A snapshot copies no records (it shares them: they never change), and
// a save allocates a few bytes a user, not the Users and the whole JSON:
// at 50,000 users, before, a save allocated about 150 MB and the
// snapshot copied 2.8 MB of records under the store's lock.
func TestASaveHoldsOneUserAtATime(t *testing.T) {
	const n = 50_000
	s := store.New([]string{"acct"})
	for i := range n {
		e, name := "user"+strconv.Itoa(i)+"@example.com", "store.User "+strconv.Itoa(i)
		if s.Create("acct", store.NewFacts(store.Input{Email: &e, Username: &name}, time.Now()), store.CreateRules{}) != store.Created {
			t.Fatal("create refused")
		}
	}
	allocated := func(f func()) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	var views []store.View
	if b := allocated(func() { views, _ = s.Snapshot() }); b > 64<<10 {
		t.Fatalf("a snapshot of %d users allocated %d bytes", n, b)
	}
	var out countingWriter
	if b := allocated(func() {
		if err := writeState(&out, views, 1, time.Now()); err != nil {
			t.Fatal(err)
		}
	}); b > 200*n {
		t.Fatalf("writing %d users (%d bytes) allocated %d bytes", n, out.n, b)
	}
}

type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// drawInput draws a request body: any Email and Username, a UserType of
// the enum or near it, each maybe absent (the store's own tests draw
// Emails rich in case folds; this one needs users only).
func drawInput(t *rapid.T) store.Input {
	str := func(label string, g *rapid.Generator[string]) *string {
		if rapid.Bool().Draw(t, label+" present") {
			v := g.Draw(t, label)
			return &v
		}
		return nil
	}
	return store.Input{Email: str("Email", rapid.String()), Username: str("Username", rapid.String()),
		UserType: str("UserType", rapid.SampledFrom([]string{"PrivateUser", "SharedDevice", "privateuser", ""}))}
}
