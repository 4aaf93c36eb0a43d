package fakes

import (
	"crypto/rand"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
)

// store holds accounts and their users. One lock: a create checks the
// account, the Email and inserts atomically.
type store struct {
	mu       sync.Mutex
	accounts map[string]*account
}

type account struct {
	users   []User
	byEmail map[string]int // foldKey(Email) -> index in users
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

// create stores u unless its account is missing (and mayCreateAccount is
// false) or, with checkDuplicate, its Email is taken in the account.
func (s *store) create(u User, mayCreateAccount, checkDuplicate bool) createResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[u.AccountID]
	if !ok {
		if !mayCreateAccount {
			return noAccount
		}
		a = &account{byEmail: map[string]int{}}
		s.accounts[u.AccountID] = a
	}
	key := ""
	if u.PrimaryEmail != nil {
		key = foldKey(*u.PrimaryEmail)
		if _, taken := a.byEmail[key]; taken && checkDuplicate {
			return duplicate
		}
	}
	a.users = append(a.users, u)
	if key != "" {
		a.byEmail[key] = len(a.users) - 1
	}
	return created
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

// newUUID returns a random RFC 4122 version 4 UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
