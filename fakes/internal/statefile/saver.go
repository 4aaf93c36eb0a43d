package statefile

import (
	"log/slog"
	"sync"
	"time"

	"github.com/chime-conformance/createuser/fakes/internal/store"
)

// saver keeps the state file: it saves at an interval when the store
// changed, and once more when the server closes.
type Saver struct {
	path     string
	interval time.Duration
	store    *store.Store
	logger   *slog.Logger

	stop, done chan struct{}
	mu         sync.Mutex // one save at a time
	generation int
	saved      uint64 // the store version last saved
	everSaved  bool
}

// StartSaver saves st to path every interval when it changed, counting
// generations on from generation, until Close.
func StartSaver(path string, interval time.Duration, st *store.Store, generation int, logger *slog.Logger) *Saver {
	sv := &Saver{path: path, interval: interval, store: st, logger: logger, generation: generation,
		stop: make(chan struct{}), done: make(chan struct{})}
	go sv.run()
	return sv
}

func (sv *Saver) run() {
	defer close(sv.done)
	t := time.NewTicker(sv.interval)
	defer t.Stop()
	for {
		select {
		case <-sv.stop:
			return
		case <-t.C:
			if err := sv.save(false); err != nil {
				sv.logger.Error("saving state", "err", err) // the previous file stays; try again next tick
			}
		}
	}
}

// save writes the state if it changed since the last save, or always
// when forced. The snapshot is taken before writing: a user whose 201 was
// sent before the save began is in the file it writes.
func (sv *Saver) save(force bool) error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	if !force && sv.everSaved && sv.store.Changes() == sv.saved {
		return nil
	}
	views, version := sv.store.Snapshot()
	if err := saveState(sv.path, views, sv.generation+1); err != nil {
		return err
	}
	sv.generation++
	sv.saved, sv.everSaved = version, true
	return nil
}

// Close stops the interval and saves a last time.
func (sv *Saver) Close() error {
	close(sv.stop)
	<-sv.done
	return sv.save(true)
}
