package fakes_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// TestStateSaveAtScale measures a save of CHIME_STATE_USERS users (the
// README's numbers: 500000) in process: the heap before it and at its
// peak (sampled every millisecond), how long it took, and the longest a
// create waited meanwhile, which bounds how long the save held the
// store's lock (GC pauses and the 2 cores it shares count too). Not in
// make test: it reports, it never fails on a number.
//
//	CHIME_STATE_USERS=500000 go test -run '^TestStateSaveAtScale$' -v ./fakes
func TestStateSaveAtScale(t *testing.T) {
	n, err := strconv.Atoi(os.Getenv("CHIME_STATE_USERS"))
	if err != nil {
		t.Skip("set CHIME_STATE_USERS to measure a save of that many users")
	}
	path := filepath.Join(t.TempDir(), "state.json")
	srv, err := fakes.New(fakes.Options{Auth: fakes.AuthOff, StateFile: path, StateInterval: time.Hour, JournalSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	create := func(tag string, i int) time.Duration {
		body := fmt.Sprintf(`{"Email":"%s%d@example.com","Username":"User %d"}`, tag, i, i)
		req := httptest.NewRequest("POST", "/accounts/"+fakes.SampleAccountID+"/users?operation=create", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		began := time.Now()
		srv.ServeHTTP(w, req)
		if w.Code != http.StatusCreated {
			t.Errorf("create: %d", w.Code)
		}
		return time.Since(began)
	}
	for i := range n {
		create("u", i)
	}
	before := heapNow()
	var saving atomic.Bool
	saving.Store(true)
	longest, probes := make(chan time.Duration), make(chan int)
	peak := peakHeap(time.Millisecond)
	go func() { // creates while the save runs
		worst, i := time.Duration(0), 0
		for ; saving.Load(); i++ {
			worst = max(worst, create("probe", i))
		}
		longest <- worst
		probes <- i
	}()
	began := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	took := time.Since(began)
	saving.Store(false)
	top, worst, count := peak(), <-longest, <-probes
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d users: heap %.0f MiB before the save, %.0f MiB at its peak; the save took %s; %d creates meanwhile, the longest %s; file %.0f MiB",
		n, mib(before), mib(top), took.Round(time.Millisecond), count, worst.Round(time.Microsecond), mib(uint64(fi.Size())))
	srv = nil
	loadAtScale(t, path)
}

// loadAtScale measures a start from the state file: how long it took, and
// the heap at its peak and once loaded.
func loadAtScale(t *testing.T, path string) {
	before := heapNow()
	peak := peakHeap(time.Millisecond)
	began := time.Now()
	srv, err := fakes.New(fakes.Options{Auth: fakes.AuthOff, StateFile: path, StateInterval: time.Hour, JournalSize: 1})
	took := time.Since(began)
	top := peak()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loading it: heap %.0f MiB before, %.0f MiB at the peak, %.0f MiB loaded; it took %s",
		mib(before), mib(top), mib(heapNow()), took.Round(time.Millisecond))
	_ = srv.Close()
}
