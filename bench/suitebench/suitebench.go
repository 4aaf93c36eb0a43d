// Package suitebench measures the conformance suites' own overhead: the
// wall time of a default run, and its HTTP exchanges per second beside the
// raw round-trip rate of the same HTTP client against the same fake. It is
// apart from package bench so that the fake's benchmarks never import the
// suites (the Makefile's imports check).
package suitebench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/bench"
	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/framework"
)

// Row is one default run and the raw rate beside it.
type Row struct {
	Target    string
	Verdict   string
	Wall      time.Duration
	Exchanges int     // HTTP exchanges of the run: raw requests and the SDK's
	RawRate   float64 // exchanges per second of the same transport, sequential, requests signed beforehand
}

// Rate is the run's exchanges per second.
func (r Row) Rate() float64 { return float64(r.Exchanges) / r.Wall.Seconds() }

// Run makes a default run against the embedded fake, and one against a
// fake in a child process over HTTP (as chime-fake, with -auth verify, so
// that the run can be COMPATIBLE), each with the raw rate beside it.
func Run(ctx context.Context, rawRequests int, progress io.Writer) ([]Row, error) {
	var rows []Row
	embedded, err := fakes.NewServer(fakes.Options{Auth: fakes.AuthVerify})
	if err != nil {
		return nil, err
	}
	row, err := measure(ctx, "embedded fake", conformance.Config{}, embedded.URL(), rawRequests)
	_ = embedded.Close() // the raw rate's fake: the run starts its own, configured alike
	if err != nil {
		return nil, err
	}
	rows = append(rows, row)
	fmt.Fprintf(progress, "  suites: %s: %v, %.0f exchanges/s, raw %.0f/s\n", row.Target, row.Wall, row.Rate(), row.RawRate)

	child, err := bench.StartChild("fake", string(fakes.AuthVerify))
	if err != nil {
		return nil, err
	}
	defer child.Stop()
	c := fakes.DefaultCredential
	cfg := conformance.Config{Endpoint: "http://" + child.Addr, AccountID: fakes.SampleAccountID,
		Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, "")}
	row, err = measure(ctx, "chime-fake over HTTP", cfg, cfg.Endpoint, rawRequests)
	if err != nil {
		return nil, err
	}
	rows = append(rows, row)
	fmt.Fprintf(progress, "  suites: %s: %v, %.0f exchanges/s, raw %.0f/s\n", row.Target, row.Wall, row.Rate(), row.RawRate)
	return rows, nil
}

// measure runs the suite with a counting transport, then sends raw
// requests through the same transport to rawURL.
func measure(ctx context.Context, target string, cfg conformance.Config, rawURL string, rawRequests int) (Row, error) {
	transport := framework.NewTransport(30 * time.Second)
	counting := &countingTransport{base: transport}
	cfg.Transport = counting
	start := time.Now()
	rep, err := conformance.Run(ctx, cfg)
	row := Row{Target: target, Wall: time.Since(start), Exchanges: int(counting.n.Load()), Verdict: string(rep.Verdict)}
	if err != nil {
		return row, fmt.Errorf("suitebench: the run against the %s could not be made: %w", target, err)
	}
	row.RawRate, err = rawRate(transport, rawURL, rawRequests)
	return row, err
}

type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int64
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.base.RoundTrip(r)
}

// rawRate sends n creates (unique Emails, signed beforehand) one after the
// other through the transport, reading each answer whole: the wire's rate
// for this client, with nothing of the suite's own work.
func rawRate(t http.RoundTripper, baseURL string, n int) (float64, error) {
	host := baseURL[len("http://"):]
	w := &bench.Workload{Host: host, Account: fakes.SampleAccountID, Tag: fmt.Sprintf("raw%d", time.Now().UnixNano()), Credentials: bench.DefaultCredentials()}
	reqs := make([]*http.Request, n)
	for i := range reqs {
		reqs[i] = w.Create(i)
	}
	client := &http.Client{Transport: t}
	start := time.Now()
	for _, req := range reqs {
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return 0, fmt.Errorf("suitebench: a raw create answered %d", resp.StatusCode)
		}
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
