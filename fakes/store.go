package fakes

import (
	"hash/maphash"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// store holds accounts and their users. One lock: a create checks the
// account, the Email and inserts atomically; what can be computed before
// (the Email's hash) is.
type store struct {
	mu       sync.Mutex
	accounts map[string]*account
	version  uint64 // counts changes, so that an unchanged state is not saved again
	seed     maphash.Seed
	// hashBits masks Email hashes: all ones, but tests narrow it so that
	// different Emails collide and the chains are exercised.
	hashBits uint64
}

// account is an account's users, in creation order, as records (facts,
// not Users), with an index of their Emails.
type account struct {
	users records
	text  arena
	// byEmail maps foldHash(Email) to the newest user with that hash; the
	// others are chained by record.sameHash. Several users share an Email
	// only under no-duplicate-check.
	byEmail map[uint64]int32
	// verbatim holds, by index, the users a record cannot express: loaded
	// from a state file written by hand, or with a UserType outside the
	// enum (validation off).
	verbatim map[int32]*User
	// forgotten holds, by index, the users the lossy-store mutant dropped:
	// a set beside the records, so that records never change once written.
	forgotten map[int32]struct{}
}

func newAccount() *account {
	return &account{byEmail: map[uint64]int32{}, text: arena{tail: -1}}
}

func newStore(ids []string) *store {
	s := &store{accounts: map[string]*account{}, seed: maphash.MakeSeed(), hashBits: ^uint64(0)}
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
	s.accounts[id] = newAccount()
	s.version++
	return true
}

func (s *store) accountIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.accounts))
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

// create stores the user of f in the account unless the account is
// missing or the Email is taken in it. The check and the insert are
// atomic, unless racyWait says otherwise.
func (s *store) create(accountID string, f facts, rules createRules) createResult {
	h := s.emailHash(f.email)
	s.mu.Lock()
	defer s.mu.Unlock()
	if res := s.check(accountID, f.email, h, rules); res != created {
		return res
	}
	if rules.racyWait > 0 {
		s.mu.Unlock()
		time.Sleep(rules.racyWait)
		s.mu.Lock()
	}
	if a, ok := s.accounts[accountID]; ok { // else reset while a racy create waited
		s.insertRecord(a, f, h, nil)
	}
	return created
}

func (s *store) emailHash(email *string) uint64 {
	if email == nil {
		return 0
	}
	return foldHash(s.seed, *email) & s.hashBits
}

// check says whether a user with the Email may be created; it creates a
// missing account when the rules allow it.
func (s *store) check(accountID string, email *string, h uint64, rules createRules) createResult {
	a, ok := s.accounts[accountID]
	if !ok {
		if !rules.mayCreateAccount {
			return noAccount
		}
		s.accounts[accountID] = newAccount()
		s.version++
		return created
	}
	if email != nil && !rules.skipDuplicate && a.hasEmail(*email, h) {
		return duplicate
	}
	return created
}

// hasEmail says whether a user of the account (not forgotten) has the
// Email, compared as strings.EqualFold does.
func (a *account) hasEmail(email string, h uint64) bool {
	i, ok := a.byEmail[h]
	for ok && i >= 0 {
		r := a.users.at(i)
		if r.flags&hasEmail != 0 && !a.isForgotten(i) && strings.EqualFold(email, string(a.text.bytes(r.email))) {
			return true
		}
		i = r.sameHash
	}
	return false
}

func (a *account) isForgotten(i int32) bool {
	_, gone := a.forgotten[i]
	return gone
}

// insertRecord appends the user of f; u, when given, is the User itself,
// kept verbatim (a record cannot express it).
func (s *store) insertRecord(a *account, f facts, h uint64, u *User) {
	idx := int32(a.users.len()) // a 2^31st user would need over 100 GB first
	r := record{id: f.id, registered: f.registered, sameHash: -1}
	if f.email != nil {
		r.flags |= hasEmail
		r.email = a.text.add(*f.email)
		if prev, ok := a.byEmail[h]; ok {
			r.sameHash = prev
		}
		a.byEmail[h] = idx
	}
	if f.username != nil {
		r.flags |= hasUsername
		r.username = a.text.add(*f.username)
	}
	t, known := userTypeIndex(f.userType)
	r.userType = t
	if u == nil && !known {
		user := f.user("") // the AccountId is the account's, filled in when read
		u = &user
	}
	if u != nil {
		r.flags |= verbatim
		if a.verbatim == nil {
			a.verbatim = map[int32]*User{}
		}
		a.verbatim[idx] = u
	}
	a.users.append(r)
	s.version++
}

// insert stores a User as it is (a state file's) in its account, which
// must exist, unless the account has a user with its Email already: it
// says whether it stored it.
func (s *store) insert(u User) bool {
	f, exact := factsOf(u)
	return s.insertFacts(u, f, exact)
}

// insertFacts is insert with the User's facts read already (factsOf).
func (s *store) insertFacts(u User, f facts, exact bool) bool {
	var keep *User
	if !exact {
		keep = &u
	}
	h := s.emailHash(f.email)
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[u.AccountID]
	if !ok || f.email != nil && a.hasEmail(*f.email, h) {
		return false
	}
	s.insertRecord(a, f, h, keep)
	return true
}

// forget removes a user, as a store that loses data does (lossy-store).
func (s *store) forget(accountID string, id uuid) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.accounts[accountID]
	if !ok {
		return
	}
	for i := int32(a.users.len()) - 1; i >= 0; i-- { // the user forgotten was just created
		if a.users.at(i).id == id && !a.isForgotten(i) {
			if a.forgotten == nil {
				a.forgotten = map[int32]struct{}{}
			}
			a.forgotten[i] = struct{}{}
			s.version++
			return
		}
	}
}

func (s *store) users(accountID string) []User {
	s.mu.Lock()
	a, ok := s.accounts[accountID]
	var v view
	if ok {
		v = a.view(accountID)
	}
	s.mu.Unlock()
	if !ok {
		return nil
	}
	return v.users()
}

func (s *store) reset(ids []string) {
	fresh := newStore(ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts = fresh.accounts
	s.version++
}

// changes is the store's version: it moves with every change.
func (s *store) changes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// snapshot is every account's users as they are now, in the order of
// their IDs, with the version they are at. Under the lock it copies slice
// headers and the small maps only: records and text are shared, since
// neither changes once written; Users are made from them when read.
func (s *store) snapshot() ([]view, uint64) {
	s.mu.Lock()
	views := make([]view, 0, len(s.accounts))
	for id, a := range s.accounts {
		views = append(views, a.view(id))
	}
	version := s.version
	s.mu.Unlock()
	slices.SortFunc(views, func(a, b view) int { return strings.Compare(a.accountID, b.accountID) })
	return views, version
}

// view is an account's users as they were when it was taken.
type view struct {
	accountID string
	records   records
	chunks    [][]byte // the arena's
	verbatim  map[int32]*User
	forgotten map[int32]struct{}
}

func (a *account) view(id string) view {
	return view{accountID: id, records: a.users.shared(), chunks: slices.Clone(a.text.chunks),
		verbatim: maps.Clone(a.verbatim), forgotten: maps.Clone(a.forgotten)}
}

// each calls f with every user of the view, in creation order, as facts,
// or as the User itself when it is kept verbatim (its AccountId the
// view's); it stops at f's first error.
func (v view) each(f func(facts, *User) error) error {
	for i := range int32(v.records.len()) {
		if _, gone := v.forgotten[i]; gone {
			continue
		}
		r := v.records.at(i)
		var err error
		if r.flags&verbatim != 0 {
			u := *v.verbatim[i]
			u.AccountID = v.accountID
			err = f(facts{}, &u)
		} else {
			err = f(v.facts(*r), nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (v view) users() []User {
	out := make([]User, 0, v.records.len()-len(v.forgotten))
	_ = v.each(func(f facts, u *User) error {
		if u == nil {
			out = append(out, f.user(v.accountID))
		} else {
			out = append(out, *u)
		}
		return nil
	})
	return out
}

func (v view) facts(r record) facts {
	f := facts{id: r.id, registered: r.registered, userType: userTypes[r.userType]}
	if r.flags&hasEmail != 0 {
		e := text(v.chunks, r.email)
		f.email = &e
	}
	if r.flags&hasUsername != 0 {
		n := text(v.chunks, r.username)
		f.username = &n
	}
	return f
}
