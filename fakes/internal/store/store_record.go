package store

import (
	"hash/maphash"
	"reflect"
	"slices"
	"time"
	"unicode"
	"unicode/utf8"
)

// record is a stored user: its facts, in 56 bytes and no pointers, so that
// a million of them cost the garbage collector nothing to scan. Emails and
// Usernames live in the account's text arena.
type record struct {
	id         UUID
	registered int64 // Unix milliseconds
	email      span
	username   span
	sameHash   int32 // the previous user whose Email has the same hash, or -1
	userType   uint8 // index in userTypes
	flags      uint8
}

const (
	hasEmail uint8 = 1 << iota
	hasUsername
	verbatim // the User is in account.verbatim: a record cannot express it
)

// userTypes are the UserTypes a record names; any other (sent with
// validation off) makes the user verbatim.
var userTypes = [...]string{"PrivateUser", "SharedDevice"}

func userTypeIndex(t string) (uint8, bool) {
	for i, v := range userTypes {
		if v == t {
			return uint8(i), true
		}
	}
	return 0, false
}

// records are an account's users in fixed-size chunks: appending never
// copies the users already there (a slice of a million records grew by
// copying 50 MB under the store's lock, a stall every request waited out).
// A record once appended never changes, so a snapshot shares the chunks
// instead of copying them.
type records struct {
	chunks [][]record
	n      int
}

const recordChunk = 4096 // records per chunk: 224 KiB

func (rs *records) len() int { return rs.n }

func (rs *records) at(i int32) *record { return &rs.chunks[i/recordChunk][i%recordChunk] }

func (rs *records) append(r record) {
	if rs.n%recordChunk == 0 {
		rs.chunks = append(rs.chunks, make([]record, 0, recordChunk))
	}
	last := len(rs.chunks) - 1
	rs.chunks[last] = append(rs.chunks[last], r)
	rs.n++
}

// shared is the records as they are now, sharing their memory: only the
// chunks' slice headers are copied (a million records: 245 of them).
// Appending later writes past what it covers, never into it.
func (rs *records) shared() records {
	return records{chunks: slices.Clone(rs.chunks), n: rs.n}
}

// span is a string in an arena.
type span struct{ chunk, off, n uint32 }

// arena holds an account's strings in chunks that are only ever appended
// to: a string once written never moves or changes, so a snapshot may read
// the chunks it copied after the lock is let go.
type arena struct {
	chunks [][]byte
	tail   int // the chunk small strings go into; -1 before the first
}

const (
	firstChunk = 256      // an account with a handful of users stays small
	maxChunk   = 64 << 10 // strings longer than maxChunk/8 get a chunk of their own
)

func (a *arena) add(s string) span {
	if len(s) > maxChunk/8 {
		a.chunks = append(a.chunks, []byte(s))
		return span{uint32(len(a.chunks) - 1), 0, uint32(len(s))}
	}
	if len(a.chunks) == 0 || a.tail < 0 || len(a.chunks[a.tail])+len(s) > cap(a.chunks[a.tail]) {
		size := firstChunk
		if len(a.chunks) > 0 && a.tail >= 0 {
			size = min(maxChunk, 2*cap(a.chunks[a.tail]))
		}
		a.chunks = append(a.chunks, make([]byte, 0, size))
		a.tail = len(a.chunks) - 1
	}
	c := a.chunks[a.tail]
	a.chunks[a.tail] = append(c, s...)
	return span{uint32(a.tail), uint32(len(c)), uint32(len(s))}
}

func (a *arena) bytes(sp span) []byte {
	return a.chunks[sp.chunk][sp.off : sp.off+sp.n : sp.off+sp.n]
}

// text reads a span of chunks copied from an arena.
func text(chunks [][]byte, sp span) string {
	return string(chunks[sp.chunk][sp.off : sp.off+sp.n])
}

// foldHash hashes s so that every two strings strings.EqualFold calls
// equal hash alike: each rune is replaced by the smallest rune of its
// Unicode simple-fold orbit (for ASCII, the upper-case letter). The seed
// is random per store, so clients cannot aim collisions.
func foldHash(seed maphash.Seed, s string) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'a' <= r && r <= 'z' {
				r -= 'a' - 'A'
			}
			_ = h.WriteByte(byte(r))
			continue
		}
		smallest := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			smallest = min(smallest, f)
		}
		_, _ = h.Write(utf8.AppendRune(buf[:0], smallest))
	}
	return h.Sum64()
}

// FactsOf reads a User back into facts, and says whether those facts make
// exactly that User; a User from a state file written by hand may not.
func FactsOf(u User) (Facts, bool) {
	f, ok := RecordFacts(u)
	return f, ok && reflect.DeepEqual(f.user(u.AccountID), u)
}

// RecordFacts reads the facts a record keeps of a User, and says whether
// it could (a UUID, a timestamp), not whether they make all of it.
func RecordFacts(u User) (Facts, bool) {
	f := Facts{email: u.PrimaryEmail, username: u.DisplayName, userType: u.UserType}
	id, ok := ParseUUID(u.UserID)
	if !ok || u.RegisteredOn == nil {
		return f, false
	}
	f.id = id
	at, err := time.Parse(timestampLayout, *u.RegisteredOn)
	if err != nil {
		return f, false
	}
	f.registered = at.UnixMilli()
	return f, true
}
