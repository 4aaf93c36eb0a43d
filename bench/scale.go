package bench

import (
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// ScaleRow is the store at a size: the fake's heap per stored user and the
// latency of creates made at that size.
type ScaleRow struct {
	Users       int
	HeapPerUser float64 // the fake's heap growth since it was empty, over the users (journal and call memory included)
	Marginal    float64 // heap growth per user since the previous size: what one more user costs
	Samples     int
	P50, P99    time.Duration
}

// RunScale fills one fake's account through its handler (in process: the
// store's cost, not the network's) to each size in turn and, at each,
// times samples creates one by one.
func RunScale(sizes []int, samples int, progress io.Writer) ([]ScaleRow, error) {
	srv, err := fakes.New(fakes.Options{Auth: fakes.AuthOff})
	if err != nil {
		return nil, err
	}
	w := &Workload{Host: "fake.test", Account: fakes.SampleAccountID, Tag: "scale"}
	base := liveHeap()
	var rows []ScaleRow
	n, prevHeap, prevUsers := 0, base, 0
	create := func() (time.Duration, error) {
		req := w.Create(n)
		n++
		var sw StatusWriter
		t0 := time.Now()
		srv.ServeHTTP(&sw, req)
		d := time.Since(t0)
		if sw.Status != http.StatusCreated {
			return d, fmt.Errorf("bench: create %d answered %d", n, sw.Status)
		}
		return d, nil
	}
	for _, size := range sizes {
		for n < size {
			if _, err := create(); err != nil {
				return nil, err
			}
		}
		heap := liveHeap()
		row := ScaleRow{Users: n, HeapPerUser: float64(int64(heap)-int64(base)) / float64(n), Samples: samples}
		if n > prevUsers {
			row.Marginal = float64(int64(heap)-int64(prevHeap)) / float64(n-prevUsers)
		}
		lat := make(Latencies, 0, samples)
		for range samples {
			d, err := create()
			if err != nil {
				return nil, err
			}
			lat = append(lat, d)
		}
		slices.Sort(lat)
		row.P50, row.P99 = lat.Percentile(50), lat.Percentile(99)
		rows = append(rows, row)
		prevHeap, prevUsers = liveHeap(), n
		fmt.Fprintf(progress, "  store: %d users: %.0f B/user, create p99 %v\n", row.Users, row.HeapPerUser, row.P99)
	}
	runtime.KeepAlive(srv)
	return rows, nil
}

// liveHeap is the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
