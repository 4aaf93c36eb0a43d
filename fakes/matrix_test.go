package fakes_test

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// scenario is a rule that fires on every attempt of one call, or, without
// a rule, a fake whose clock is ahead of the client's.
type scenario struct {
	rule        string
	name        string // the row's name when there is no rule
	note        string
	readTimeout time.Duration // the client's, when the scenario is about timeouts
	prime       bool          // one request first, with the same key (to empty a token bucket)
	clockAhead  time.Duration // the fake's clock ahead of the client's
	noAccount   bool          // the call's account does not exist: every answer is a 404
	modeled     bool          // auth failures as the operation's 401 (-auth-errors modeled)
}

// key names the row: its rule, or its name.
func (sc scenario) key() string { return cmp.Or(sc.rule, sc.name) }

const noAccountNote = "the account does not exist: a 404 NotFoundException"

// skewedClocks are clients whose clock is 10 minutes slow, or fast, as the
// fake (and AWS, allowing 5) sees them: AWS refuses the signature with 403
// InvalidSignatureException "Signature expired" (or "not yet current"),
// and SDKs that correct their clock from the Date header retry at once.
var skewedClocks = []scenario{
	{name: "the client's clock 10 min slow", clockAhead: 10 * time.Minute, note: "no rule: the fake's clock 10 min ahead; AWS allows 5"},
	{name: "the client's clock 10 min fast", clockAhead: -10 * time.Minute, note: "no rule: the fake's clock 10 min behind"},
}

// scenarios are the client matrix's rows: each documented error, throttling,
// latency past a read timeout, each transport fault, stored-then-fail.
func scenarios() []scenario {
	var list []scenario
	for _, e := range []string{"BadRequestException", "UnauthorizedClientException", "ForbiddenException", "NotFoundException",
		"ConflictException", "ThrottledClientException", "ServiceFailureException", "ServiceUnavailableException"} {
		list = append(list, scenario{rule: `{"action":{"type":"error","exception":"` + e + `"}}`})
	}
	return append(append(list,
		scenario{rule: `{"action":{"type":"throttle","rate":0,"burst":1}}`, prime: true, note: "the bucket emptied by one request before the call"},
		scenario{rule: `{"action":{"type":"latency","ms":3000}}`, readTimeout: time.Second, note: "client read timeout 1 s"},
		scenario{rule: `{"action":{"type":"reset"}}`},
		scenario{rule: `{"action":{"type":"close"}}`},
		scenario{rule: `{"action":{"type":"truncate"}}`, note: "every answer truncated, the retries' 409s too"},
		scenario{rule: `{"times":1,"action":{"type":"truncate"}}`, note: "the first answer (the 201) truncated"},
		scenario{rule: `{"action":{"type":"malformed-json"}}`},
		scenario{rule: `{"action":{"type":"stall","ms":3000}}`, readTimeout: time.Second, note: "client read timeout 1 s"},
		scenario{rule: `{"action":{"type":"stored-then-fail"}}`, note: "500 ServiceFailureException by default"},
		scenario{rule: `{"action":{"type":"stored-then-fail","exception":"ServiceUnavailableException"}}`},
		scenario{rule: `{"action":{"type":"stored-then-fail","reset":true}}`},
		// How clients read an error that departs from the contract, and
		// a timestamp without its zone.
		scenario{rule: `{"action":{"type":"drop-error-type"}}`, noAccount: true, note: noAccountNote},
		scenario{rule: `{"action":{"type":"wrong-error-type"}}`, noAccount: true, note: noAccountNote},
		scenario{rule: `{"action":{"type":"non-json-error"}}`, noAccount: true, note: noAccountNote},
		scenario{rule: `{"action":{"type":"decorate-error-type","style":"suffix"}}`, noAccount: true, note: noAccountNote},
		scenario{rule: `{"action":{"type":"decorate-error-type","style":"namespace"}}`, noAccount: true, note: noAccountNote},
		scenario{rule: `{"action":{"type":"zoneless-timestamp"}}`},
	), skewedClocks...)
}

// measure runs one call of c against a fresh fake with the scenario's rule.
func measure(t *testing.T, c realClient, sc scenario) faults.ClientBehavior {
	t.Helper()
	opts := fakes.Options{Auth: fakes.AuthVerify}
	if sc.rule != "" {
		opts.Rules = []faults.Rule{rule(t, sc.rule)}
	}
	if sc.modeled {
		opts.AuthErrors = fakes.AuthErrorsModeled
	}
	if sc.noAccount {
		opts.Accounts = []string{"00000000-0000-0000-0000-000000000000"}
	}
	if sc.clockAhead != 0 {
		opts.Now = func() time.Time { return time.Now().Add(sc.clockAhead) }
	}
	srv := start(t, opts)
	if sc.prime {
		signedPost(t, srv, "prime@example.com", signing{})
	}
	email := "matrix@example.com"
	callCtx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	sees, exit := c.call(callCtx, srv.URL(), email, sc.readTimeout)
	entries := srv.Journal(fakes.Filter{})
	if sc.readTimeout > 0 {
		entries = waitQuiet(srv)
	}
	attempts := 0
	for _, e := range entries {
		if strings.Contains(e.Body, email) {
			attempts++
		}
	}
	stored := false
	for _, u := range srv.Users(fakes.SampleAccountID) {
		stored = stored || aws.ToString(u.PrimaryEmail) == email
	}
	return faults.ClientBehavior{Client: c.name, Scenario: sc.key(), Attempts: attempts, Sees: sees, Stored: stored, Exit: exit}
}

// waitQuiet returns the journal once the requests of a client that timed
// out have settled. Every other answer is journaled before it is sent, but
// the fake notices a client that gave up a little after it went: its last
// attempt is journaled then. Settled: no stall pending, and no new entry
// for half a second.
func waitQuiet(srv *fakes.Server) []fakes.Entry {
	last := -1
	for range 40 {
		entries := srv.Journal(fakes.Filter{})
		settled := len(entries) == last
		for _, e := range entries {
			settled = settled && e.Outcome != "stalled"
		}
		if settled {
			return entries
		}
		last = len(entries)
		time.Sleep(500 * time.Millisecond)
	}
	return srv.Journal(fakes.Filter{})
}

func fakeAWSConfig() aws.Config {
	c := fakes.DefaultCredential
	return aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, "")}
}

// checkedColumns are the clients TestClientMatrix measures on every run:
// the SDKs, whose retries take milliseconds (botocore's take seconds).
var checkedColumns = []string{"aws-sdk-go-v2", jsName}

// TestClientMatrix measures what real clients do with the fake's faults.
// By default it measures aws-sdk-go-v2 and, where node and the package are
// installed, the JavaScript SDK, and fails when their columns of
// clients.json differ. With CHIME_CLIENTS=write (make clients) it measures
// every client found, with the retry gaps, and rewrites clients.json and
// CLIENTS.md (a client not found keeps its last measurement).
func TestClientMatrix(t *testing.T) {
	committed, err := fakes.MeasuredClients()
	if err != nil {
		t.Fatalf("clients.json: %v", err)
	}
	write := os.Getenv("CHIME_CLIENTS") == "write"
	clients, missing := realClients()
	if !write {
		clients = slices.DeleteFunc(clients, func(c realClient) bool { return !slices.Contains(checkedColumns, c.name) })
	}
	for _, m := range missing {
		t.Logf("not measured: %s", m)
	}
	fresh := measureAll(t, clients)
	if !write {
		for _, column := range checkedColumns {
			t.Run("column "+column, func(t *testing.T) {
				if !slices.ContainsFunc(clients, func(c realClient) bool { return c.name == column }) {
					t.Skipf("%s is not on this machine: %s", column, strings.Join(missing, "; "))
				}
				if diff := diffColumn(committed, fresh, column); diff != "" {
					t.Fatalf("the %s column of fakes/clients.json is not what the fake does now; run make clients:\n%s", column, diff)
				}
			})
		}
		return
	}
	fresh.Gaps = measureGaps(t, clients)
	merged := mergeMatrix(committed, fresh)
	b, _ := json.MarshalIndent(merged, "", "  ")
	if err := os.WriteFile("clients.json", append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("CLIENTS.md", []byte(renderMatrix(merged)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// measureAll measures every scenario with every client, clients in
// parallel (each call has its own fake).
func measureAll(t *testing.T, clients []realClient) fakes.ClientMatrix {
	var m fakes.ClientMatrix
	results := make([][]faults.ClientBehavior, len(scenarios()))
	var mu sync.Mutex
	t.Run("measure", func(t *testing.T) {
		for _, c := range clients {
			t.Run(c.name, func(t *testing.T) {
				t.Parallel()
				for i, sc := range scenarios() {
					b := measure(t, c, sc)
					mu.Lock()
					results[i] = append(results[i], b)
					mu.Unlock()
				}
			})
		}
	})
	today := time.Now().UTC().Format("2006-01-02")
	for _, c := range clients {
		m.Clients = append(m.Clients, fakes.ClientInfo{Name: c.name, Version: c.version, Settings: c.settings, Measured: today})
	}
	for i, sc := range scenarios() {
		typ := "" // no fault type: a row of the fake's own behaviour
		if r, err := faults.ParseRule(sc.rule); err == nil && r.Action != nil {
			typ = r.Action.Type
		}
		m.Rows = append(m.Rows, fakes.MatrixRow{Scenario: sc.key(), Type: typ, Note: sc.note, Results: ordered(results[i], clients)})
	}
	return m
}

func ordered(rs []faults.ClientBehavior, clients []realClient) []faults.ClientBehavior {
	var out []faults.ClientBehavior
	for _, c := range clients {
		for _, r := range rs {
			if r.Client == c.name {
				out = append(out, r)
			}
		}
	}
	return out
}

// diffColumn lists the rows where a client's committed behaviour differs.
func diffColumn(committed, fresh fakes.ClientMatrix, client string) string {
	var diff strings.Builder
	was := map[string]faults.ClientBehavior{}
	for _, row := range committed.Rows {
		for _, r := range row.Results {
			if r.Client == client {
				was[row.Scenario] = r
			}
		}
	}
	for _, row := range fresh.Rows {
		for _, r := range row.Results {
			if old, ok := was[row.Scenario]; r.Client == client && (!ok || cell(old) != cell(r)) {
				fmt.Fprintf(&diff, "%s\n  committed: %s\n  now:       %s\n", row.Scenario, cell(old), cell(r))
			}
		}
	}
	if len(committed.Rows) != len(fresh.Rows) {
		fmt.Fprintf(&diff, "%d scenarios committed, %d now\n", len(committed.Rows), len(fresh.Rows))
	}
	return diff.String()
}

// mergeMatrix keeps the last measurement of clients not measured now.
func mergeMatrix(committed, fresh fakes.ClientMatrix) fakes.ClientMatrix {
	measured := map[string]bool{}
	for _, c := range fresh.Clients {
		measured[c.Name] = true
	}
	for _, c := range committed.Clients {
		if !measured[c.Name] {
			fresh.Clients = append(fresh.Clients, c)
		}
	}
	for _, g := range committed.Gaps {
		if !measured[g.Client] {
			fresh.Gaps = append(fresh.Gaps, g)
		}
	}
	for i, row := range fresh.Rows {
		for _, old := range committed.Rows {
			if old.Scenario != row.Scenario {
				continue
			}
			for _, r := range old.Results {
				if !measured[r.Client] {
					fresh.Rows[i].Results = append(fresh.Rows[i].Results, r)
				}
			}
		}
	}
	return fresh
}

// With CHIME_CLIENTS=render it rewrites CLIENTS.md from clients.json,
// measuring nothing (after a change to the rendering, or a merge).
func TestCLIENTSmdIsRenderedFromClientsJSON(t *testing.T) {
	m, err := fakes.MeasuredClients()
	if err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CHIME_CLIENTS") == "render" {
		if err := os.WriteFile("CLIENTS.md", []byte(renderMatrix(m)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile("CLIENTS.md")
	if err != nil || string(b) != renderMatrix(m) {
		t.Fatalf("fakes/CLIENTS.md is not rendered from fakes/clients.json (%v): run make clients", err)
	}
}
