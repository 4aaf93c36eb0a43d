package evidence

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// JSONProblem says why a body is not one JSON text as RFC 8259 defines it
// on the wire (one value, in UTF-8, with nothing but whitespace after it),
// judged on the bytes received: Go's decoder silently replaces bytes that
// are not UTF-8, botocore's json.loads fails the call on them, so what a
// lenient decoder makes of a body proves nothing. "" when the body is one.
func JSONProblem(body []byte) string {
	if !utf8.Valid(body) {
		i := firstInvalidUTF8(body)
		return fmt.Sprintf("not valid UTF-8 (RFC 8259 §8.1): byte 0x%02x at offset %d (%q); botocore's json.loads fails on it, Go's decoder turns it into U+FFFD",
			body[i], i, body[max(0, i-20):min(len(body), i+20)])
	}
	d := json.NewDecoder(bytes.NewReader(body))
	var v json.RawMessage
	if err := d.Decode(&v); err != nil {
		return "not a JSON value: " + err.Error()
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return fmt.Sprintf("data after the JSON value (RFC 8259 §2: one value, then only whitespace): %q", clip(trailing(body, d.InputOffset()), 40))
	}
	return ""
}

// DuplicateKeys names the object keys a JSON body repeats (RFC 8259 §4:
// names SHOULD be unique; clients keep one of the values, which one is up
// to them). Not a failure, a note for a reader.
func DuplicateKeys(body []byte) []string {
	d := json.NewDecoder(bytes.NewReader(body))
	var dups []string
	var walk func() bool
	walk = func() bool {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return false
				}
				key, _ := k.(string)
				if seen[key] {
					dups = append(dups, key)
				}
				seen[key] = true
				if !walk() {
					return false
				}
			}
			_, err = d.Token()
			return err == nil
		case json.Delim('['):
			for d.More() {
				if !walk() {
					return false
				}
			}
			_, err = d.Token()
			return err == nil
		}
		return true
	}
	walk()
	return dups
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

func trailing(body []byte, offset int64) []byte {
	return bytes.TrimLeft(body[min(int(offset), len(body)):], " \t\r\n")
}

func clip(b []byte, n int) []byte { return b[:min(n, len(b))] }
