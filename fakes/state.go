package fakes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// StateFormat names the fake's state files; a file without it is foreign.
const StateFormat = "chime-fake state"

// stateVersion is the layout of the state file; a file of another
// version is refused, never guessed at.
const stateVersion = 1

// DefaultStateInterval is how often a changed state is saved.
const DefaultStateInterval = 5 * time.Second

// stateFile is the state on disk: every account and its users.
type stateFile struct {
	Format     string            `json:"format"`
	Version    int               `json:"version"`
	Generation int               `json:"generation"` // saves of this file, counting across restarts
	SavedAt    time.Time         `json:"savedAt"`
	Accounts   map[string][]User `json:"accounts"` // users in creation order
}

// loadState reads the state file into the store and returns its
// generation. A missing file is an empty state (it is written at the first
// save); a file that is not the fake's, or not whole, is an error, and is
// left as it is.
func loadState(path string, st *store) (int, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("fakes: state: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f stateFile
	if err := dec.Decode(&f); err != nil || dec.More() {
		return 0, fmt.Errorf("fakes: state file %s is not a %s file, or is damaged (%v); it was left untouched: move it away, or name another with -state", path, StateFormat, err)
	}
	if f.Format != StateFormat || f.Version != stateVersion {
		return 0, fmt.Errorf("fakes: state file %s is %q version %d, not %q version %d; it was left untouched", path, f.Format, f.Version, StateFormat, stateVersion)
	}
	for id, users := range f.Accounts {
		st.addAccount(id)
		for _, u := range users {
			if u.AccountID != id || u.UserID == "" {
				return 0, fmt.Errorf("fakes: state file %s: a user of account %q is damaged (account %q, id %q); it was left untouched", path, id, u.AccountID, u.UserID)
			}
			st.insert(u)
		}
	}
	return f.Generation, nil
}

// saveState writes the state atomically: a temporary file beside it,
// synced, then renamed over it, and the directory synced. A reader, or a
// crash, sees the old file or the new one, never a mix.
func saveState(path string, accounts map[string][]User, generation int) error {
	b, err := json.Marshal(stateFile{Format: StateFormat, Version: stateVersion, Generation: generation,
		SavedAt: time.Now().UTC(), Accounts: accounts})
	if err == nil {
		err = replaceFile(path, b)
	}
	if err != nil {
		return fmt.Errorf("fakes: saving state: %w", err)
	}
	return nil
}

func replaceFile(path string, b []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing left to remove
	_, err = tmp.Write(b)
	if err == nil {
		err = tmp.Sync()
	}
	if err = errors.Join(err, tmp.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
