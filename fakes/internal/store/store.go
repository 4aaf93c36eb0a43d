// Package store is the fake's data: accounts and their users, kept as
// compact records (Facts, not 22-member Users; store_record.go), and the
// 201 body written from them byte for byte as encoding/json would
// (user_json.go). Its invariants are its own: no Email twice in an
// account (compared as the service does), a create's check and insert
// atomic, records never changed once written, so that a Snapshot shares
// them. The service above it decides what to create; the store keeps it;
// fakes/internal/statefile saves and loads it.
package store

import (
	"hash/maphash"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// Store holds accounts and their users. One lock: a create checks the
// account, the Email and inserts atomically; what can be computed before
// (the Email's hash) is.
type Store struct {
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

// New returns a store with the given accounts, and no users.
func New(ids []string) *Store {
	s := &Store{accounts: map[string]*account{}, seed: maphash.MakeSeed(), hashBits: ^uint64(0)}
	for _, id := range ids {
		s.AddAccount(id)
	}
	return s
}

// AddAccount makes an account exist; it says whether it is new.
func (s *Store) AddAccount(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.accounts[id]; ok {
		return false
	}
	s.accounts[id] = newAccount()
	s.version++
	return true
}

// AccountIDs lists the accounts, sorted.
func (s *Store) AccountIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Sorted(maps.Keys(s.accounts))
}

// CreateResult is what came of a Create.
type CreateResult int

const (
	Created CreateResult = iota
	NoAccount
	Duplicate
)

// CreateRules are how a create goes: as the service does by default;
// contract faults and mutants change them.
type CreateRules struct {
	MayCreateAccount bool          // a missing account is created (any-account)
	SkipDuplicate    bool          // no duplicate Email check (no-duplicate-check)
	RacyWait         time.Duration // check, let go of the lock, wait, insert (racy-duplicate-check)
}

// Create stores the user of f in the account unless the account is
// missing or the Email is taken in it. The check and the insert are
// atomic, unless RacyWait says otherwise.
func (s *Store) Create(accountID string, f Facts, rules CreateRules) CreateResult {
	h := s.emailHash(f.email)
	s.mu.Lock()
	defer s.mu.Unlock()
	if res := s.check(accountID, f.email, h, rules); res != Created {
		return res
	}
	if rules.RacyWait > 0 {
		s.mu.Unlock()
		time.Sleep(rules.RacyWait)
		s.mu.Lock()
	}
	if a, ok := s.accounts[accountID]; ok { // else reset while a racy create waited
		s.insertRecord(a, f, h, nil)
	}
	return Created
}

func (s *Store) emailHash(email *string) uint64 {
	if email == nil {
		return 0
	}
	return foldHash(s.seed, *email) & s.hashBits
}

// check says whether a user with the Email may be created; it creates a
// missing account when the rules allow it.
func (s *Store) check(accountID string, email *string, h uint64, rules CreateRules) CreateResult {
	a, ok := s.accounts[accountID]
	if !ok {
		if !rules.MayCreateAccount {
			return NoAccount
		}
		s.accounts[accountID] = newAccount()
		s.version++
		return Created
	}
	if email != nil && !rules.SkipDuplicate && a.hasEmail(*email, h) {
		return Duplicate
	}
	return Created
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
func (s *Store) insertRecord(a *account, f Facts, h uint64, u *User) {
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
func (s *Store) insert(u User) bool {
	f, exact := FactsOf(u)
	return s.InsertFacts(u, f, exact)
}

// InsertFacts is insert with the User's facts read already (FactsOf).
func (s *Store) InsertFacts(u User, f Facts, exact bool) bool {
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

// Forget removes a user, as a store that loses data does (lossy-store).
func (s *Store) Forget(accountID string, f Facts) {
	id := f.id
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

// Users are an account's users, in creation order.
func (s *Store) Users(accountID string) []User {
	s.mu.Lock()
	a, ok := s.accounts[accountID]
	var v View
	if ok {
		v = a.view(accountID)
	}
	s.mu.Unlock()
	if !ok {
		return nil
	}
	return v.Users()
}

// Reset forgets every user and account, then makes the given accounts.
func (s *Store) Reset(ids []string) {
	fresh := New(ids)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.accounts = fresh.accounts
	s.version++
}

// Changes is the store's version: it moves with every change.
func (s *Store) Changes() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// Snapshot is every account's users as they are now, in the order of
// their IDs, with the version they are at. Under the lock it copies slice
// headers and the small maps only: records and text are shared, since
// neither changes once written; Users are made from them when read.
func (s *Store) Snapshot() ([]View, uint64) {
	s.mu.Lock()
	views := make([]View, 0, len(s.accounts))
	for id, a := range s.accounts {
		views = append(views, a.view(id))
	}
	version := s.version
	s.mu.Unlock()
	slices.SortFunc(views, func(a, b View) int { return strings.Compare(a.accountID, b.accountID) })
	return views, version
}

// View is an account's users as they were when it was taken.
type View struct {
	accountID string
	records   records
	chunks    [][]byte // the arena's
	verbatim  map[int32]*User
	forgotten map[int32]struct{}
}

func (a *account) view(id string) View {
	return View{accountID: id, records: a.users.shared(), chunks: slices.Clone(a.text.chunks),
		verbatim: maps.Clone(a.verbatim), forgotten: maps.Clone(a.forgotten)}
}

// AccountID is the account the view is of.
func (v View) AccountID() string { return v.accountID }

// Each calls f with every user of the view, in creation order, as facts,
// or as the User itself when it is kept verbatim (its AccountId the
// view's); it stops at f's first error.
func (v View) Each(f func(Facts, *User) error) error {
	for i := range int32(v.records.len()) {
		if _, gone := v.forgotten[i]; gone {
			continue
		}
		r := v.records.at(i)
		var err error
		if r.flags&verbatim != 0 {
			u := *v.verbatim[i]
			u.AccountID = v.accountID
			err = f(Facts{}, &u)
		} else {
			err = f(v.factsOf(*r), nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (v View) Users() []User {
	out := make([]User, 0, v.records.len()-len(v.forgotten))
	_ = v.Each(func(f Facts, u *User) error {
		if u == nil {
			out = append(out, f.user(v.accountID))
		} else {
			out = append(out, *u)
		}
		return nil
	})
	return out
}

func (v View) factsOf(r record) Facts {
	f := Facts{id: r.id, registered: r.registered, userType: userTypes[r.userType]}
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
