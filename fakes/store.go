package fakes

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
)

// store holds accounts and their users. One lock: a create checks the
// account, the Email and inserts atomically.
type store struct {
	mu       sync.Mutex
	accounts map[string]*account
	version  uint64 // counts changes, so that an unchanged state is not saved again
}

type account struct {
	users   []User
	byEmail map[string]int // foldKey(Email) -> how many users have it (1, but for no-duplicate-check)
}

func newStore(ids []string) *store {
	s := &store{accounts: map[string]*account{}}
	for _, id := range ids {
		s.addAccount(id)
	}
	return s
}

func (s *store) addAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[id]; ok {
		return false
	}
	s.accounts[id] = &account{byEmail: map[string]int{}}
	s.version++
	return true
}

func (s *store) accountIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.accounts))
	for id := range s.accounts {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

type createResult int

const (
	created createResult = iota
	noAccount
	duplicate
)

// createRules are how a create goes: as the service does by default;
// contract faults and mutants change them.
type createRules struct {
	mayCreateAccount bool          // a missing account is created (any-account)
	skipDuplicate    bool          // no duplicate Email check (no-duplicate-check)
	racyWait         time.Duration // check, let go of the lock, wait, insert (racy-duplicate-check)
}

// create stores u unless its account is missing or its Email is taken in
// the account. The check and the insert are atomic, unless racyWait says
// otherwise.
func (s *store) create(u User, rules createRules) createResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	if res := s.check(u, rules); res != created {
		return res
	}
	if rules.racyWait > 0 {
		s.mu.Unlock()
		time.Sleep(rules.racyWait)
		s.mu.Lock()
	}
	s.insert(u)
	return created
}

// check says whether u may be created; it creates a missing account when
// the rules allow it.
func (s *store) check(u User, rules createRules) createResult {
	a, ok := s.accounts[u.AccountID]
	if !ok {
		if !rules.mayCreateAccount {
			return noAccount
		}
		s.accounts[u.AccountID] = &account{byEmail: map[string]int{}}
		s.version++
		return created
	}
	if u.PrimaryEmail != nil && !rules.skipDuplicate && a.byEmail[foldKey(*u.PrimaryEmail)] > 0 {
		return duplicate
	}
	return created
}

func (s *store) insert(u User) {
	a, ok := s.accounts[u.AccountID]
	if !ok { // reset while a racy create waited
		return
	}
	a.users = append(a.users, u)
	if u.PrimaryEmail != nil {
		a.byEmail[foldKey(*u.PrimaryEmail)]++
	}
	s.version++
}

// forget removes a user, as a store that loses data does (lossy-store).
func (s *store) forget(accountID, userID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return
	}
	i := slices.IndexFunc(a.users, func(u User) bool { return u.UserID == userID })
	if i < 0 {
		return
	}
	if e := a.users[i].PrimaryEmail; e != nil {
		a.byEmail[foldKey(*e)]--
	}
	a.users = slices.Delete(a.users, i, i+1)
	s.version++
}

func (s *store) users(accountID string) []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a, ok := s.accounts[accountID]; ok {
		return slices.Clone(a.users)
	}
	return nil
}

func (s *store) reset(ids []string) {
	fresh := newStore(ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts = fresh.accounts
	s.version++
}

// snapshot copies every account's users, with the version they are at.
func (s *store) snapshot() (map[string][]User, uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string][]User, len(s.accounts))
	for id, a := range s.accounts {
		out[id] = slices.Clone(a.users)
	}
	return out, s.version
}

// foldKey maps every string strings.EqualFold calls equal to one key: each
// rune becomes the smallest rune of its Unicode simple-fold orbit.
func foldKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		smallest := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			smallest = min(smallest, f)
		}
		b.WriteRune(smallest)
	}
	return b.String()
}
