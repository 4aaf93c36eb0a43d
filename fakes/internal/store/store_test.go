package store

import (
	"encoding/json"
	"hash/maphash"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"pgregory.net/rapid"
)

// Emails drawn from an alphabet rich in case folds: K and the Kelvin sign,
// s and the long s, dotted and dotless i, µ and μ, ǅ's three cases.
var foldy = rapid.SampledFrom([]rune("aAkKsSſıIİiß\u212a\u00b5\u03bc\u039c\u01c4\u01c5\u01c6e@.\xff"))

// Two Emails that strings.EqualFold calls equal hash alike.
func TestFoldHashAgreesWithEqualFold(t *testing.T) {
	seed := maphash.MakeSeed()
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.StringOf(foldy).Draw(t, "a")
		b := foldVariant(t, a)
		if !strings.EqualFold(a, b) {
			t.Fatalf("the variant %q of %q is not equal folded", b, a)
		}
		if foldHash(seed, a) != foldHash(seed, b) {
			t.Fatalf("%q and %q are equal folded, but hash apart", a, b)
		}
	})
}

// The store against a model: a create is a duplicate exactly when an
// earlier user of the account, not forgotten, has an EqualFold Email; the
// users come back in creation order with their facts.
func TestStoreAgainstAModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := New([]string{"acct"})
		// Narrowed hashes make different Emails collide: the chains are
		// then exercised on most creates.
		s.hashBits = rapid.SampledFrom([]uint64{^uint64(0), 3, 0}).Draw(t, "hash bits")
		var model []User
		var sent []string
		for i := range rapid.IntRange(1, 40).Draw(t, "creates") {
			in := drawInputAfter(t, sent)
			if in.Email != nil {
				sent = append(sent, *in.Email)
			}
			f := NewFacts(in, time.UnixMilli(rapid.Int64Range(0, 4e12).Draw(t, "at")))
			skip := rapid.IntRange(0, 9).Draw(t, "skip") == 0
			taken := in.Email != nil && !skip && hasFold(model, *in.Email)
			got := s.Create("acct", f, CreateRules{SkipDuplicate: skip})
			if want := map[bool]CreateResult{true: Duplicate, false: Created}[taken]; got != want {
				t.Fatalf("create %d (%v): %v, want %v", i, in.Email, got, want)
			}
			if got == Created {
				model = append(model, f.user("acct"))
				if rapid.IntRange(0, 5).Draw(t, "forget") == 0 {
					s.Forget("acct", f)
					model = model[:len(model)-1]
				}
			}
		}
		if got := s.Users("acct"); !reflect.DeepEqual(got, orEmpty(model)) {
			t.Fatalf("users:\n%+v\nwant\n%+v", got, model)
		}
	})
}

// foldVariant replaces each rune of s by a rune of its simple-fold orbit.
func foldVariant(t *rapid.T, s string) string {
	var b strings.Builder
	for _, r := range s {
		orbit := []rune{r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f)
		}
		b.WriteRune(rapid.SampledFrom(orbit).Draw(t, "rune"))
	}
	return b.String()
}

func drawInput(t *rapid.T) Input {
	return drawInputAfter(t, nil)
}

// drawInputAfter draws an input whose Email is often a case variant of an
// Email already sent.
func drawInputAfter(t *rapid.T, sent []string) Input {
	str := func(label string, g *rapid.Generator[string]) *string {
		if rapid.Bool().Draw(t, label+" present") {
			v := g.Draw(t, label)
			return &v
		}
		return nil
	}
	email := rapid.StringOfN(foldy, 0, 6, -1)
	if len(sent) > 0 && rapid.Bool().Draw(t, "a variant") {
		email = rapid.Custom(func(t *rapid.T) string { return foldVariant(t, rapid.SampledFrom(sent).Draw(t, "of")) })
	}
	return Input{
		Email:    str("Email", email),
		Username: str("Username", rapid.String()),
		UserType: str("UserType", rapid.SampledFrom([]string{"PrivateUser", "SharedDevice", "privateuser", ""})),
	}
}

func hasFold(users []User, email string) bool {
	for _, u := range users {
		if u.PrimaryEmail != nil && strings.EqualFold(*u.PrimaryEmail, email) {
			return true
		}
	}
	return false
}

func orEmpty(u []User) []User {
	if u == nil {
		return []User{}
	}
	return u
}

// A state file's User comes back as it was, whether its facts make it
// (kept as a record) or not (kept verbatim); one whose Email the account
// has already, in any case, is refused.
func TestInsertKeepsAStateFileUserAsItWas(t *testing.T) {
	email, name, at := "A@example.com", "Ann", "2020-01-15T22:38:09.806Z"
	exact := NewFacts(Input{Email: &email, Username: &name}, time.Now()).user("acct")
	odd := exact
	oddEmail, upperEmail := "odd@example.com", "upper@example.com"
	odd.UserID, odd.LicenseType, odd.RegisteredOn, odd.PrimaryEmail = "not-a-uuid", "Basic", &at, &oddEmail
	upper := exact
	upper.UserID, upper.PrimaryEmail = strings.ToUpper(exact.UserID), &upperEmail
	s := New([]string{"acct"})
	for _, u := range []User{exact, odd, upper} {
		if !s.insert(u) {
			t.Fatalf("%s refused", u.UserID)
		}
	}
	if got := s.Users("acct"); !reflect.DeepEqual(got, []User{exact, odd, upper}) {
		t.Fatalf("users:\n%+v", got)
	}
	again := exact
	lower := strings.ToLower(email)
	again.UserID, again.PrimaryEmail = "another", &lower
	if s.insert(again) {
		t.Fatal("a second user with the Email, in another case, was stored")
	}
	if _, ok := FactsOf(exact); !ok {
		t.Fatal("the fake's own user is not expressed as a record")
	}
	if s.Create("acct", NewFacts(Input{Email: &email}, time.Now()), CreateRules{}) != Duplicate {
		t.Fatal("an Email loaded from a state file is not taken")
	}
}

// The 201 body is what encoding/json makes of the User, byte for byte.
func TestCreatedBodyIsTheUserMarshalled(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		if rapid.Bool().Draw(t, "odd UserType") {
			v := rapid.String().Draw(t, "UserType")
			in.UserType = &v
		}
		account := rapid.String().Draw(t, "account")
		f := NewFacts(in, time.UnixMilli(rapid.Int64Range(-1e12, 2.5e14).Draw(t, "at")))
		want, _ := json.Marshal(struct{ User User }{f.user(account)})
		if got := AppendCreated(nil, account, f); string(got) != string(want) {
			t.Fatalf("body\n%s\nwant\n%s", got, want)
		}
	})
}

// Users span several record chunks: every one is found again, in order,
// and its Email stays taken, whichever chunk holds it.
func TestUsersAcrossChunks(t *testing.T) {
	s := New([]string{"acct"})
	n := 2*recordChunk + 7
	ids := make([]Facts, n)
	for i := range n {
		e := "u" + strconv.Itoa(i) + "@example.com"
		f := NewFacts(Input{Email: &e}, time.UnixMilli(int64(i)))
		ids[i] = f
		if s.Create("acct", f, CreateRules{}) != Created {
			t.Fatalf("create %d refused", i)
		}
	}
	s.Forget("acct", ids[recordChunk])
	users := s.Users("acct")
	if len(users) != n-1 || users[recordChunk].UserID != ids[recordChunk+1].ID() || users[n-2].UserID != ids[n-1].ID() {
		t.Fatalf("%d users; around the chunk boundary: %s", len(users), users[recordChunk].UserID)
	}
	for _, i := range []int{0, recordChunk - 1, recordChunk + 1, n - 1} {
		e := "U" + strconv.Itoa(i) + "@EXAMPLE.com"
		if s.Create("acct", NewFacts(Input{Email: &e}, time.Now()), CreateRules{}) != Duplicate {
			t.Errorf("user %d's Email is not taken", i)
		}
	}
	e := "u" + strconv.Itoa(recordChunk) + "@example.com"
	if s.Create("acct", NewFacts(Input{Email: &e}, time.Now()), CreateRules{}) != Created {
		t.Error("a forgotten user's Email is still taken")
	}
}
