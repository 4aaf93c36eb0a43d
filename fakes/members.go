package fakes

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// readMembers reads the body's members leniently, once per request: rules
// match on the Email, and with validation off, wrong types are simply
// absent. It reads as json.Unmarshal into a map[string]any then taking the
// three string members did (a property test holds it to that: exact keys
// after unescaping, the last duplicate wins, invalid UTF-8 as U+FFFD, no
// members unless the body is a valid JSON object), without the map: a
// scan over the top-level object that copies only the three values.
func readMembers(body []byte) createInput {
	var in createInput
	if !json.Valid(body) {
		return in
	}
	i := skipSpace(body, 0)
	if i >= len(body) || body[i] != '{' {
		return in
	}
	i = skipSpace(body, i+1)
	for i < len(body) && body[i] == '"' {
		keyEnd := skipString(body, i)
		key := body[i:keyEnd]
		i = skipSpace(body, keyEnd) + 1 // the colon
		i = skipSpace(body, i)
		valEnd := skipValue(body, i)
		if dst := memberOf(&in, key); dst != nil {
			*dst = jsonString(body[i:valEnd])
		}
		i = skipSpace(body, valEnd)
		if i < len(body) && body[i] == ',' {
			i = skipSpace(body, i+1)
		}
	}
	return in
}

// member is where the member named by a quoted key goes, or nil.
func memberOf(in *createInput, quoted []byte) **string {
	if len(quoted) < 2 { // cannot be, after json.Valid; no input may panic
		return nil
	}
	var name string
	if raw := quoted[1 : len(quoted)-1]; bytes.IndexByte(raw, '\\') < 0 {
		name = string(raw) // compared, not kept: no copy
	} else if json.Unmarshal(quoted, &name) != nil {
		return nil
	}
	switch name {
	case "Email":
		return &in.Email
	case "Username":
		return &in.Username
	case "UserType":
		return &in.UserType
	}
	return nil
}

// jsonString is a JSON string's value, or nil for any other value.
func jsonString(v []byte) *string {
	if len(v) < 2 || v[0] != '"' {
		return nil
	}
	var s string
	if raw := v[1 : len(v)-1]; bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) {
		s = string(raw)
	} else if json.Unmarshal(v, &s) != nil {
		return nil
	}
	return &s
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] ('"').
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index after the value starting at b[i]; the body
// is valid JSON (checked first), so the scan needs no grammar.
func skipValue(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch c := b[i]; c {
		case '"':
			i = skipString(b, i)
			if depth == 0 {
				return i
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case ',', ' ', '\t', '\n', '\r':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}
