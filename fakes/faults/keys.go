package faults

import (
	"crypto/sha256"
	"encoding/hex"
)

// MaxKeyLen bounds the client-chosen strings the fake keeps as map keys
// (invocation IDs, access keys): real ones are 36-character UUIDs and
// access key IDs of 16 to 128 characters. A client that sends a longer one
// must not make every map entry that long.
const MaxKeyLen = 128

// BoundedKey is s when it is at most MaxKeyLen bytes long, else "sha256:"
// and the hex SHA-256 of s: 71 bytes, whatever the length of s, and as
// distinct as s.
func BoundedKey(s string) string {
	if len(s) <= MaxKeyLen {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}
