package fakes_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chime-conformance/createuser/bench"
	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// The request path in process, through the handler: a valid create, each
// of the errors the service decides (400, 404, 409) and an injected 503,
// with authentication off and with SigV4 verified. Compare them as ratios
// of one run (make bench), never as absolute times.
func BenchmarkServe(b *testing.B) {
	cases := []struct {
		name   string
		status int
		body   string // "" for the n-th unique create
		acct   string
		rules  string
	}{
		{name: "create", status: 201},
		{name: "400", status: 400, body: `{"Email":"not-an-email","UserType":"SharedDevice"}`},
		{name: "404", status: 404, body: `{"Email":"nobody@example.com"}`, acct: "no-such-account"},
		{name: "409", status: 409, body: `{"Email":"taken@example.com"}`},
		{name: "503", status: 503, body: `{"Email":"flaky@example.com"}`,
			rules: `{"action":{"type":"error","exception":"ServiceUnavailableException"}}`},
	}
	for _, auth := range []fakes.AuthMode{fakes.AuthOff, fakes.AuthVerify} {
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/auth=%s", c.name, auth), func(b *testing.B) {
				srv, w := benchServer(b, auth, c.rules)
				if c.status == 409 {
					serveOnce(b, srv, w.Post(fakes.SampleAccountID, []byte(c.body)), 201)
				}
				if c.body == "" {
					benchUnique(b, srv, w)
					return
				}
				benchRepeated(b, srv, w.Post(cmpOr(c.acct, fakes.SampleAccountID), []byte(c.body)), c.status)
			})
		}
	}
}

// Twenty rules that never match: the cost of the rule engine per request.
func BenchmarkCreateUserWith20IdleRules(b *testing.B) {
	var rules []string
	for i := range 20 {
		rules = append(rules, fmt.Sprintf(`{"match":{"account":"other-%d"},"action":{"type":"reset"}}`, i))
	}
	srv, w := benchServer(b, fakes.AuthOff, rules...)
	benchUnique(b, srv, w)
}

func benchServer(b *testing.B, auth fakes.AuthMode, rules ...string) (*fakes.Server, *bench.Workload) {
	opts := fakes.Options{Auth: auth}
	for _, js := range rules {
		if js == "" {
			continue
		}
		r, err := faults.ParseRule(js)
		if err != nil {
			b.Fatal(err)
		}
		opts.Rules = append(opts.Rules, r)
	}
	srv, err := fakes.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	w := &bench.Workload{Host: "fake.test", Account: fakes.SampleAccountID, Tag: "b"}
	if auth == fakes.AuthVerify {
		c := fakes.DefaultCredential
		w.Credentials = &aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
	}
	return srv, w
}

// benchUnique creates a new user each time. Requests are built (and
// signed) in batches with the timer stopped: a client's cost, not the fake's.
func benchUnique(b *testing.B, srv *fakes.Server, w *bench.Workload) {
	const batch = 1000
	reqs := make([]*http.Request, 0, batch)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%batch == 0 {
			b.StopTimer()
			reqs = reqs[:0]
			for n := i; n < i+batch; n++ {
				reqs = append(reqs, w.Create(n))
			}
			b.StartTimer()
		}
		serve(b, srv, reqs[i%batch], 201)
	}
}

// benchRepeated sends the same request again and again; its body is
// rewound each time (a signature stays valid for minutes).
func benchRepeated(b *testing.B, srv *fakes.Server, req *http.Request, status int) {
	body, _ := io.ReadAll(req.Body)
	rd := &rewinder{}
	req.Body = rd
	b.ReportAllocs()
	for b.Loop() {
		rd.Reset(body)
		serve(b, srv, req, status)
	}
}

func serveOnce(b *testing.B, srv *fakes.Server, req *http.Request, status int) {
	serve(b, srv, req, status)
}

func serve(b *testing.B, srv *fakes.Server, req *http.Request, status int) {
	var w statusWriter
	srv.ServeHTTP(&w, req)
	if w.status != status {
		b.Fatalf("status %d, want %d", w.status, status)
	}
}

// statusWriter keeps the status and drops the rest, so that the harness
// costs next to nothing.
type statusWriter struct {
	h      http.Header
	status int
}

func (w *statusWriter) Header() http.Header {
	if w.h == nil {
		w.h = http.Header{}
	}
	return w.h
}
func (w *statusWriter) WriteHeader(s int)           { w.status = s }
func (w *statusWriter) Write(p []byte) (int, error) { return len(p), nil }

type rewinder struct{ bytes.Reader }

func (r *rewinder) Close() error { return nil }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
