package statefile

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chime-conformance/createuser/fakes/internal/store"
	"github.com/chime-conformance/createuser/fakes/restjson"
)

// writeState writes the state file's JSON a user at a time, byte for byte
// what encoding/json makes of the whole state (a test holds it to that):
// a save holds one user in memory, not a million Users and their text.
func writeState(w io.Writer, views []store.View, generation int, savedAt time.Time) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := append([]byte(nil), `{"format":`...)
	buf = restjson.AppendString(buf, Format)
	buf = append(buf, `,"version":`...)
	buf = strconv.AppendInt(buf, stateVersion, 10)
	buf = append(buf, `,"generation":`...)
	buf = strconv.AppendInt(buf, int64(generation), 10)
	buf = append(buf, `,"savedAt":"`...)
	buf = savedAt.AppendFormat(buf, time.RFC3339Nano)
	buf = append(buf, `","accounts":{`...)
	for i, v := range views {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = restjson.AppendString(buf, v.AccountID())
		buf = append(buf, ":["...)
		first := true
		err := v.Each(func(f store.Facts, u *store.User) error {
			if !first {
				buf = append(buf, ',')
			}
			first = false
			var err error
			if buf, err = appendStoredUser(buf, v.AccountID(), f, u); err != nil {
				return err
			}
			if len(buf) >= 32<<10 {
				_, err = bw.Write(buf)
				buf = buf[:0]
			}
			return err
		})
		if err != nil {
			return err
		}
		buf = append(buf, ']')
	}
	buf = append(buf, "}}"...)
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// appendStoredUser appends a user as a view gives it: from its facts, or
// the verbatim store.User as encoding/json writes it.
func appendStoredUser(dst []byte, accountID string, f store.Facts, u *store.User) ([]byte, error) {
	if u == nil {
		return store.AppendUser(dst, accountID, f), nil
	}
	b, err := json.Marshal(u)
	return append(dst, b...), err
}

// replaceFile writes a file atomically: a temporary file beside it,
// written by write, synced, then renamed over it, and the directory
// synced. A reader, or a crash, sees the old file or the new one.
func replaceFile(path string, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename, there is nothing left to remove
	err = write(tmp)
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

// CheckWritable creates and removes a temporary file beside path, as a
// save does, so that a state file that could never be saved stops the
// start instead of the first save.
func CheckWritable(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	return errors.Join(tmp.Close(), os.Remove(tmp.Name()))
}
