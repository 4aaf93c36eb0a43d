package fakes_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// rawHeaders sends a create with the given extra headers and returns the
// status (a 431 from net/http when the headers are too large).
func rawHeaders(t *testing.T, srv *fakes.Server, header http.Header) int {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL()+createPath, strings.NewReader(`{}`))
	req.Header = header
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// net/http reads up to 4 KiB past MaxHeaderBytes (more for a limit under
// 8 KiB) before it answers 431 itself.
func TestHeadersPastMaxHeaderBytesAreRefused(t *testing.T) {
	pad := func(n int) http.Header { return http.Header{"X-Pad": {strings.Repeat("p", n)}} }
	srv := start(t, fakes.Options{Auth: fakes.AuthOff})
	if status := rawHeaders(t, srv, pad(60<<10)); status != 201 {
		t.Fatalf("60 KiB of headers under the default 64 KiB limit: %d", status)
	}
	if status := rawHeaders(t, srv, pad(72<<10)); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("72 KiB of headers under the default 64 KiB limit: %d, want 431", status)
	}
	small := start(t, fakes.Options{Auth: fakes.AuthOff, Limits: fakes.Limits{MaxHeaderBytes: 8 << 10}})
	if status := rawHeaders(t, small, pad(20<<10)); status != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("20 KiB of headers under an 8 KiB limit: %d, want 431", status)
	}
}

// Invocation IDs and access keys are kept as map keys (calls, sequence
// steps, throttle buckets): however long a client makes them, what the
// fake keeps of each is bounded. Before, 500 requests with 30 KiB of each
// kept about 45 MiB.
func TestLongInvocationIDsAndAccessKeysAreNotKeptWhole(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, JournalSize: 1, Rules: []faults.Rule{
		rule(t, `{"match":{"header":{"X-Rule":"sequence"}},"sequence":[{"type":"pass"}]}`),
		rule(t, `{"action":{"type":"throttle","rate":1000,"burst":1000}}`),
	}})
	pad := strings.Repeat("i", 30<<10)
	send := func(i int) {
		h := http.Header{
			"Amz-Sdk-Invocation-Id": {fmt.Sprint(pad, i)},
			"Authorization":         {"AWS4-HMAC-SHA256 Credential=" + fmt.Sprint(pad, i) + "/20260115/us-east-1/chime/aws4_request, SignedHeaders=host, Signature=" + strings.Repeat("0", 64)},
			"X-Rule":                {[]string{"sequence", "throttle"}[i%2]},
		}
		if status := rawHeaders(t, srv, h); status != 201 {
			t.Fatalf("request %d: %d", i, status)
		}
	}
	send(0) // the first request's one-off allocations are not the growth measured
	before := heapNow()
	for i := 1; i <= 500; i++ {
		send(i)
	}
	if grown := int64(heapNow()) - int64(before); grown > 8<<20 {
		t.Fatalf("the heap grew %.1f MiB over 500 requests with 30 KiB invocation IDs and access keys", float64(grown)/(1<<20))
	}
	id := fmt.Sprint(pad, 500)
	if got := srv.Journal(fakes.Filter{InvocationID: id}); len(got) != 1 || got[0].InvocationID != faults.BoundedKey(id) || len(got[0].InvocationID) != 71 {
		t.Fatalf("the journal does not find the last request by its invocation ID: %d entries", len(got))
	}
}

// Regions a client makes up, signed with a wrong secret, leave nothing
// behind: aws-sdk-go-v2's signer caches a key per region it is asked
// about. Before, 2000 such requests with 60 KB regions kept 125 MB.
func TestMadeUpRegionsAreNotKept(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify, JournalSize: 1})
	pad := strings.Repeat("r", 30<<10)
	send := func(i int) {
		a := signedPost(t, srv, "x@example.com", signing{secret: "wrong", key: fakes.DefaultCredential.AccessKeyID, region: fmt.Sprint(pad, i)})
		if a.status != 403 {
			t.Fatalf("request %d: %+v", i, a)
		}
	}
	send(0)
	before := heapNow()
	for i := 1; i <= 500; i++ {
		send(i)
	}
	if grown := int64(heapNow()) - int64(before); grown > 8<<20 {
		t.Fatalf("the heap grew %.1f MiB over 500 refused requests with made-up 30 KiB regions", float64(grown)/(1<<20))
	}
}

// worstEntries are requests that make the journal keep as much as it
// keeps of one: every bound reached at once (path, query and body past
// theirs; headers as 64 values filling 8 KiB, or one value of 60 KiB, or
// 2,000 small ones).
func worstEntries(i int) (*http.Request, error) {
	long := strings.Repeat("a", 1100)
	req, err := http.NewRequest("POST", fmt.Sprintf("%s/accounts/%s%d/users?operation=create&pad=%s", "http://fake", long, i, long),
		strings.NewReader(`{"Email":"`+strings.Repeat("e", 5000)+`"}`))
	if err != nil {
		return nil, err
	}
	switch i % 3 {
	case 0:
		for j := range 64 {
			req.Header.Set(fmt.Sprintf("X-P%02d", j), strings.Repeat("v", 8<<10/64-8))
		}
	case 1:
		req.Header.Set("X-Pad", strings.Repeat("p", 60<<10))
	case 2:
		for j := range 2000 {
			req.Header.Set(fmt.Sprintf("X-%d", j), "v")
		}
	}
	return req, nil
}

// A full journal holds at most its size times a bounded entry (README,
// "Limits"), whatever the requests: before, 1,000 requests with a 900 KiB
// header kept 885 MB.
func TestAFullJournalIsBounded(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthOff, AnyAccount: true})
	send := func(i int) {
		req, err := worstEntries(i)
		if err != nil {
			t.Fatal(err)
		}
		req.URL.Host = strings.TrimPrefix(srv.URL(), "http://")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	send(0)
	srv.Reset()
	before := heapNow()
	for i := range 1000 {
		send(i)
	}
	grown := int64(heapNow()) - int64(before)
	t.Logf("a full journal of 1,000 worst-case entries: %.1f MiB, %.1f KiB an entry", float64(grown)/(1<<20), float64(grown)/1000/1024)
	if grown > 1000*32<<10 {
		t.Fatalf("the journal grew %.1f MiB for 1,000 entries: over 32 KiB an entry", float64(grown)/(1<<20))
	}
	e := srv.Journal(fakes.Filter{})[1] // the 60 KiB header's
	if v := e.Header.Get("X-Pad"); len(v) > 1100 || !strings.HasSuffix(v, fmt.Sprintf("... (%d bytes)", 60<<10)) {
		t.Fatalf("a 60 KiB header value kept as %d bytes: %.40q...", len(v), v)
	}
	if e := srv.Journal(fakes.Filter{})[2]; len(e.Header) > 64 || e.HeaderValuesDropped < 2000-64 {
		t.Fatalf("2,000 headers: %d kept, %d said dropped", len(e.Header), e.HeaderValuesDropped)
	}
	if len(e.Path) > 1100 || len(e.Query) > 1100 || len(e.Account) > 1100 {
		t.Fatalf("path %d, query %d, account %d bytes kept", len(e.Path), len(e.Query), len(e.Account))
	}
}
