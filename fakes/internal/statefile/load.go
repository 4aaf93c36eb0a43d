package statefile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/chime-conformance/createuser/fakes/internal/store"
)

// stateLoader reads a state file into a store a user at a time, strictly:
// every key exactly as the fake writes it (encoding/json alone matches
// keys in any case and lets a repeated key win silently), and contents
// that make sense (no account twice, none blank, no Email twice in an
// account, no UserId twice).
type stateLoader struct {
	dec        *json.Decoder
	st         *store.Store
	format     string
	version    int
	generation int
	seen       map[string]bool // top-level keys
	userIDs    map[store.UUID]struct{}
	otherIDs   map[string]struct{} // UserIds that are not UUIDs (a file written by hand)
}

// errDamaged is the file's shape being wrong: not a state file, or cut.
type errDamaged struct{ err error }

func (e errDamaged) Error() string { return e.err.Error() }

func damaged(format string, args ...any) error { return errDamaged{fmt.Errorf(format, args...)} }

func newStateLoader(r io.Reader, st *store.Store) *stateLoader {
	return &stateLoader{dec: json.NewDecoder(r), st: st, seen: map[string]bool{},
		userIDs: map[store.UUID]struct{}{}, otherIDs: map[string]struct{}{}}
}

// load reads the whole file; the format and version are checked once
// read, wherever in the object they are.
func (l *stateLoader) load() error {
	if err := l.delim('{'); err != nil {
		return err
	}
	for l.dec.More() {
		key, err := l.key(l.seen, "key")
		if err != nil {
			return err
		}
		if err := l.member(key); err != nil {
			return err
		}
	}
	if err := l.delim('}'); err != nil {
		return err
	}
	if _, err := l.dec.Token(); err != io.EOF {
		return damaged("trailing data after the JSON object")
	}
	if l.format != Format || l.version != stateVersion {
		return damaged("it is %q version %d, not %q version %d", l.format, l.version, Format, stateVersion)
	}
	return nil
}

func (l *stateLoader) member(key string) error {
	var err error
	switch key {
	case "format":
		err = l.dec.Decode(&l.format)
	case "version":
		err = l.dec.Decode(&l.version)
	case "generation":
		err = l.dec.Decode(&l.generation)
	case "savedAt":
		var t time.Time
		err = l.dec.Decode(&t)
	case "accounts":
		return l.accounts()
	default:
		return damaged("unknown key %q (keys are format, version, generation, savedAt and accounts, as written)", key)
	}
	if err != nil {
		return damaged("%s: %v", key, err)
	}
	return nil
}

func (l *stateLoader) accounts() error {
	if err := l.delim('{'); err != nil {
		return err
	}
	ids := map[string]bool{}
	for l.dec.More() {
		id, err := l.key(ids, "account")
		if err != nil {
			return err
		}
		if strings.TrimSpace(id) == "" {
			return fmt.Errorf("the account %q is blank, and a blank accountId is never valid", id)
		}
		l.st.AddAccount(id)
		if err := l.users(id); err != nil {
			return err
		}
	}
	return l.delim('}')
}

func (l *stateLoader) users(account string) error {
	if err := l.delim('['); err != nil {
		return fmt.Errorf("account %q: %w", account, err)
	}
	for l.dec.More() {
		var raw json.RawMessage
		if err := l.dec.Decode(&raw); err != nil {
			return damaged("account %q: %v", account, err)
		}
		u, f, exact, err := strictUser(raw)
		if err != nil {
			return damaged("a user of account %q: %v", account, err)
		}
		if err := l.user(account, u, f, exact); err != nil {
			return err
		}
	}
	return l.delim(']')
}

// user checks a user against the file so far, and stores it (as its
// facts f when they make it exactly).
func (l *stateLoader) user(account string, u store.User, f store.Facts, exact bool) error {
	if u.AccountID != account || u.UserID == "" {
		return fmt.Errorf("a user of account %q is damaged (account %q, id %q)", account, u.AccountID, u.UserID)
	}
	if id, ok := store.ParseUUID(u.UserID); ok {
		if _, twice := l.userIDs[id]; twice {
			return fmt.Errorf("the UserId %q appears twice", u.UserID)
		}
		l.userIDs[id] = struct{}{}
	} else {
		if _, twice := l.otherIDs[u.UserID]; twice {
			return fmt.Errorf("the UserId %q appears twice", u.UserID)
		}
		l.otherIDs[u.UserID] = struct{}{}
	}
	if !l.st.InsertFacts(u, f, exact) {
		return fmt.Errorf("account %q has two users with the Email %q, compared case-insensitively as the service does (the second is %s)",
			account, *u.PrimaryEmail, u.UserID)
	}
	return nil
}

// key reads an object key and refuses one already seen in that object.
func (l *stateLoader) key(seen map[string]bool, what string) (string, error) {
	tok, err := l.dec.Token()
	if err != nil {
		return "", damaged("%v", err)
	}
	key, _ := tok.(string)
	if seen[key] {
		return "", fmt.Errorf("the %s %q appears twice", what, key)
	}
	seen[key] = true
	return key, nil
}

func (l *stateLoader) delim(want json.Delim) error {
	tok, err := l.dec.Token()
	if err != nil {
		return damaged("%v", err)
	}
	if tok != want {
		return damaged("want %v, found %v", want, tok)
	}
	return nil
}

// strictUser decodes a user whose keys are exactly User's, each once, and
// reads its facts. A user as the fake writes it is that by construction,
// which writing its facts again shows cheaply; any other is walked key by
// key.
func strictUser(raw json.RawMessage) (store.User, store.Facts, bool, error) {
	var u store.User
	if err := json.Unmarshal(raw, &u); err != nil {
		return u, store.Facts{}, false, err
	}
	if f, ok := store.RecordFacts(u); ok && bytes.Equal(store.AppendUser(make([]byte, 0, len(raw)), u.AccountID, f), raw) {
		return u, f, true, nil // raw is what f.user makes, and so is u
	}
	if err := exactKeys(json.NewDecoder(bytes.NewReader(raw)), reflect.TypeFor[store.User]()); err != nil {
		return u, store.Facts{}, false, err
	}
	f, exact := store.FactsOf(u)
	return u, f, exact, nil
}

// exactKeys reads one JSON value and checks that each object in it has
// only keys that are, exactly, JSON names of the struct it decodes into,
// each once.
func exactKeys(dec *json.Decoder, t reflect.Type) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch tok {
	case json.Delim('['):
		for dec.More() {
			if err := exactKeys(dec, elemType(t)); err != nil {
				return err
			}
		}
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := tok.(string)
			field, ok := fieldType(t, key)
			switch {
			case seen[key]:
				return fmt.Errorf("the key %q appears twice", key)
			case !ok:
				return fmt.Errorf("unknown key %q", key)
			}
			seen[key] = true
			if err := exactKeys(dec, field); err != nil {
				return err
			}
		}
	default:
		return nil // a scalar
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

func elemType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		return t.Elem()
	}
	return t
}

// fieldType is the type of the struct field whose JSON name is exactly
// key, or, for a map, of its values.
func fieldType(t reflect.Type, key string) (reflect.Type, bool) {
	if t.Kind() == reflect.Map {
		return t.Elem(), true
	}
	if t.Kind() != reflect.Struct {
		return t, false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name == key || name == "" && f.Name == key {
			return f.Type, true
		}
	}
	return nil, false
}

// stateError frames a loading error: the file's shape, or its contents.
func stateError(path string, err error) error {
	var d errDamaged
	if errors.As(err, &d) {
		return fmt.Errorf("fakes: state file %s is not a %s file, or is damaged (%v); it was left untouched: move it away, or name another with -state", path, Format, err)
	}
	return fmt.Errorf("fakes: state file %s is inconsistent: %v; it was left untouched: correct it, move it away, or name another with -state", path, err)
}
