package bench

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// Benchmark is a named Go benchmark: fakes' tests run them (go test
// -bench), and chime-bench runs them with testing.Benchmark for its table.
type Benchmark struct {
	Name string
	F    func(b *testing.B)
}

// ServeBenchmarks are the fake's request path in process, through the
// handler: a valid create, each error the service decides (400, 404, 409)
// and an injected 503, with authentication off and with SigV4 verified.
func ServeBenchmarks() []Benchmark {
	cases := []struct {
		name   string
		status int
		body   string // "" for the n-th unique create
		acct   string
		rule   string
	}{
		{name: "create", status: 201},
		{name: "400", status: 400, body: `{"Email":"not-an-email","UserType":"SharedDevice"}`},
		{name: "404", status: 404, body: `{"Email":"nobody@example.com"}`, acct: "no-such-account"},
		{name: "409", status: 409, body: `{"Email":"taken@example.com"}`},
		{name: "503", status: 503, body: `{"Email":"flaky@example.com"}`,
			rule: `{"action":{"type":"error","exception":"ServiceUnavailableException"}}`},
	}
	var list []Benchmark
	for _, auth := range []fakes.AuthMode{fakes.AuthOff, fakes.AuthVerify} {
		for _, c := range cases {
			list = append(list, Benchmark{Name: fmt.Sprintf("%s/auth=%s", c.name, auth), F: func(b *testing.B) {
				srv, w := benchServer(b, auth, c.rule)
				if c.status == 409 {
					serve(b, srv, w.Post(fakes.SampleAccountID, []byte(c.body)), 201)
				}
				if c.body == "" {
					benchUnique(b, srv, w)
					return
				}
				account := c.acct
				if account == "" {
					account = fakes.SampleAccountID
				}
				benchRepeated(b, srv, w.Post(account, []byte(c.body)), c.status)
			}})
		}
	}
	return list
}

// IdleRulesBenchmark creates users past twenty rules that never match:
// the cost of the rule engine per request.
func IdleRulesBenchmark(b *testing.B) {
	var rules []string
	for i := range 20 {
		rules = append(rules, fmt.Sprintf(`{"match":{"account":"other-%d"},"action":{"type":"reset"}}`, i))
	}
	srv, w := benchServer(b, fakes.AuthOff, rules...)
	benchUnique(b, srv, w)
}

func benchServer(b *testing.B, auth fakes.AuthMode, rules ...string) (*fakes.Server, *Workload) {
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
	w := &Workload{Host: "fake.test", Account: fakes.SampleAccountID, Tag: "b"}
	if auth == fakes.AuthVerify {
		w.Credentials = DefaultCredentials()
	}
	return srv, w
}

// DefaultCredentials are the fake's default key pair, as a client has them.
func DefaultCredentials() *aws.Credentials {
	c := fakes.DefaultCredential
	return &aws.Credentials{AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey}
}

// benchUnique creates a new user each time. Requests are built (and
// signed) in batches with the timer stopped: a client's cost, not the fake's.
func benchUnique(b *testing.B, srv *fakes.Server, w *Workload) {
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

func serve(b *testing.B, srv *fakes.Server, req *http.Request, status int) {
	var w StatusWriter
	srv.ServeHTTP(&w, req)
	if w.Status != status {
		b.Fatalf("status %d, want %d", w.Status, status)
	}
}

// StatusWriter keeps the status and drops the rest, so that a harness
// costs next to nothing.
type StatusWriter struct {
	h      http.Header
	Status int
}

func (w *StatusWriter) Header() http.Header {
	if w.h == nil {
		w.h = http.Header{}
	}
	return w.h
}
func (w *StatusWriter) WriteHeader(s int)           { w.Status = s }
func (w *StatusWriter) Write(p []byte) (int, error) { return len(p), nil }

type rewinder struct{ bytes.Reader }

func (r *rewinder) Close() error { return nil }
