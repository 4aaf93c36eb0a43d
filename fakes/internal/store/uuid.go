package store

import (
	"crypto/rand"
	"encoding/hex"
)

// UUID is an RFC 4122 UUID as 16 bytes: a stored user's ID costs 16 bytes,
// not a 36-character string.
type UUID [16]byte

// newUUIDBytes returns a random version 4 UUID.
func newUUIDBytes() UUID {
	var b UUID
	_, _ = rand.Read(b[:]) // never fails (crypto/rand panics rather than return an error)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return b
}

// NewUUID returns a random version 4 UUID as text.
func NewUUID() string {
	u := newUUIDBytes()
	return string(u.append(nil))
}

// append writes the UUID in its canonical text form (lower-case hex,
// 8-4-4-4-12).
func (u UUID) append(dst []byte) []byte {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:36], u[10:16])
	return append(dst, b[:]...)
}

// ParseUUID reads the canonical text form that append writes, and only
// that: an ID in any other form is not a UUID this fake made.
func ParseUUID(s string) (UUID, bool) {
	var u UUID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, false
	}
	parts := [][2]int{{0, 8}, {9, 13}, {14, 18}, {19, 23}, {24, 36}}
	at := 0
	for _, p := range parts {
		n, err := hex.Decode(u[at:], []byte(s[p[0]:p[1]]))
		if err != nil {
			return u, false
		}
		at += n
	}
	if string(u.append(nil)) != s { // upper-case hex is not the canonical form
		return u, false
	}
	return u, true
}
