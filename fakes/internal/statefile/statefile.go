// Package statefile is the fake's state on disk: its format, read back
// strictly and a user at a time (every key exactly as written, each once;
// no account twice or blank; no Email twice in an account; no UserId
// twice), written a user at a time byte for byte as encoding/json would
// write the whole, and replaced atomically. A file it cannot read whole is
// refused and left as it is.
package statefile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/chime-conformance/createuser/fakes/internal/store"
)

// Format names the fake's state files; a file without it is foreign.
const Format = "chime-fake state"

// stateVersion is the layout of the state file; a file of another
// version is refused, never guessed at.
const stateVersion = 1

// DefaultInterval is how often a changed state is saved.
const DefaultInterval = 5 * time.Second

// The state on disk (README, "State that survives a restart"):
//
//	{"format":"chime-fake state","version":1,"generation":N,"savedAt":"...",
//	 "accounts":{"<accountId>":[<User>, ...], ...}}
//
// generation counts the saves of the file across restarts; each account's
// users are in creation order, accounts in the order of their IDs.

// Load reads the state file into the store and returns its
// generation. A missing file is an empty state (it is written at the first
// save); a file that is not the fake's, not whole, or inconsistent is an
// error, and is left as it is.
func Load(path string, st *store.Store) (int, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("fakes: state: %w", err)
	}
	defer f.Close()
	l := newStateLoader(bufio.NewReaderSize(f, 64<<10), st)
	if err := l.load(); err != nil {
		return 0, stateError(path, err)
	}
	return l.generation, nil
}

// saveState writes the state of the views atomically, streamed to a
// temporary file beside path (replaceFile).
func saveState(path string, views []store.View, generation int) error {
	err := replaceFile(path, func(w io.Writer) error {
		return writeState(w, views, generation, time.Now().UTC())
	})
	if err != nil {
		return fmt.Errorf("fakes: saving state: %w", err)
	}
	return nil
}
