package selftest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

// The credentials of the self-test's targets; the grep for leaks looks for
// the secret and the token in every output.
var selftestCreds = aws.Credentials{AccessKeyID: "AKIDSELFTEST", SecretAccessKey: "s3cr3t-for-the-selftest-only/ABCDEFGHIJ",
	SessionToken: "session-token-for-the-selftest-XYZ"}

const selftestAccount = "acct-under-test"

// runAgainst runs the whole catalogue against an endpoint, as a vendor
// would, writing the report files into a temporary directory.
func runAgainst(t *testing.T, endpoint string, tweak func(*conformance.Config)) (report.Report, string) {
	t.Helper()
	cfg := conformance.Config{Endpoint: endpoint, AccountID: selftestAccount, Region: "eu-west-1",
		Credentials: credentials.StaticCredentialsProvider{Value: selftestCreds},
		Examples:    25, MaxCreates: 4000, Seed: 20261129, ReportDir: t.TempDir()}
	if tweak != nil {
		tweak(&cfg)
	}
	rep, err := conformance.Run(context.Background(), cfg)
	if err != nil && rep.Verdict != report.NotChecked {
		t.Fatal(err)
	}
	noSecretIn(t, cfg.ReportDir)
	textOnly(t, filepath.Join(cfg.ReportDir, "report.md"))
	return rep, cfg.ReportDir
}

// textOnly fails when a report meant for people carries characters they
// cannot see (the drawn inputs are full of them: they must be escaped).
func textOnly(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		return // a run not made writes no report
	}
	if i := strings.IndexFunc(string(b), func(r rune) bool {
		return r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp))
	}); i >= 0 {
		t.Errorf("%s has an unescaped %U at byte %d: %q", filepath.Base(path), []rune(string(b[i:]))[0], i, b[max(0, i-40):min(len(b), i+40)])
	}
}

// noSecretIn fails when a report file carries the secret, the token or a
// signature.
func noSecretIn(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, leak := range []string{selftestCreds.SecretAccessKey, selftestCreds.SessionToken, "Signature="} {
			if strings.Contains(string(b), leak) {
				t.Errorf("%q appears in %s", leak, filepath.Base(f))
			}
		}
	}
}

func failed(r report.Report) []string {
	var ids []string
	for _, c := range r.Checks {
		if c.Result == report.Fail {
			ids = append(ids, c.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func explain(t *testing.T, r report.Report) {
	t.Helper()
	t.Logf("%s: %s", r.Verdict, r.VerdictReason)
	for _, c := range r.Checks {
		if c.Result == report.Fail || c.Result == report.Inconclusive {
			t.Logf("%s %s: %s%s", c.ID, c.Result, firstLines(c.Evidence, 12), firstLines(c.Reason, 3))
		}
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// Valid servers that differ from the fake on the wire (chunked or
// compressed bodies, closed connections, latency, front-door auth errors,
// decorated error names, sparse bodies) pass, and each variation is shown
// to have been exercised.
func TestIndependentValidServersPass(t *testing.T) {
	variations := []struct {
		name   string
		knob   string
		set    func(*indie)
		region string // the region the suite signs in, when not the usual
	}{
		{"201 bodies chunked", "chunked", func(s *indie) { s.chunked = true }, ""},
		{"bodies gzip-compressed when accepted", "gzipped", func(s *indie) { s.gzipped = true }, ""},
		{"Connection: close on every answer", "closeConns", func(s *indie) { s.closeConns = true }, ""},
		{"no keep-alive at all", "keepAliveOff", func(s *indie) { s.keepAliveOff = true }, ""},
		{"20 ms of latency on every answer", "latency", func(s *indie) { s.latency = 20e6 }, ""},
		{"AWS front-door auth errors (403)", "", func(s *indie) { s.frontDoor = true }, ""},
		{"decorated error names", "decorated", func(s *indie) { s.decorated = true }, ""},
		{"sparse 201 bodies, seconds-precision timestamps", "sparse", func(s *indie) { s.sparse = true }, ""},
		// A front door's throttle, as AWS's common errors name it: waited
		// out as a 429 is, never judged as a wrong answer.
		{"AWS's common 400 ThrottlingException, one request in 25", "throttled", func(s *indie) { s.throttleEvery = 25 }, ""},
		// The page's 503, now and then, before anything is done: every
		// check, the durability sample too, passes the input by.
		{"a documented 503 now and then (one request in 25)", "unavailable", func(s *indie) { s.unavailableEvery = 25 }, ""},
		// Chime's endpoint takes signatures scoped to us-east-1 only; the
		// suite must sign every request, good or deliberately bad, in the
		// region it was given, so no check fails on a region it chose.
		{"only signatures scoped to us-east-1 hold", "region", func(s *indie) { s.region = "us-east-1" }, "us-east-1"},
		// A target that takes any region: a good signature in a region
		// nobody pinned stays good.
		{"any region accepted (signed in ap-southeast-2)", "anyRegion", func(*indie) {}, "ap-southeast-2"},
	}
	for _, v := range variations {
		t.Run(v.name, func(t *testing.T) {
			s, endpoint := serveIndie(t, v.set)
			r, _ := runAgainst(t, endpoint, func(c *conformance.Config) {
				if s.latency > 0 { // every answer waits: fewer examples prove the same
					c.Examples = 5
				}
				if v.region != "" {
					c.Region = v.region
				}
			})
			if r.Verdict != report.Compatible {
				explain(t, r)
				t.Fatalf("a valid server was judged %s", r.Verdict)
			}
			if v.knob != "" && s.Fired(v.knob) == 0 {
				t.Fatalf("the variation %q never took effect", v.knob)
			}
		})
	}
}

// Broken servers fail, on the target's evidence, however rarely the fault
// strikes.
func TestIndependentBrokenServersFail(t *testing.T) {
	cases := []struct {
		name     string
		set      func(*indie)
		mustFail []string
	}{
		{"one 201 body in twenty cut short", func(s *indie) { s.truncateEvery = 20 }, []string{"CU-WIRE-01"}},
		{"an HTML 502 from a proxy now and then", func(s *indie) { s.html5xxEvery = 40 }, []string{"CU-WIRE-01"}},
		{"an invalid request stores its user anyway (store, then 400)", func(s *indie) { s.storeThen400 = true }, []string{"CU-REQ-03", "CU-REQ-04"}},
		// Exact duplicates are refused atomically, case variants only by a
		// lookup before the insert: only concurrent case variants show it.
		{"case variants race past the duplicate check", func(s *indie) { s.caseRace = true }, []string{"CU-RACE-01"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, endpoint := serveIndie(t, c.set)
			r, _ := runAgainst(t, endpoint, nil)
			got := failed(r)
			if r.Verdict != report.Incompatible || r.Verdict.ExitCode() != 1 {
				explain(t, r)
				t.Fatalf("a broken server was judged %s", r.Verdict)
			}
			for _, id := range c.mustFail {
				if !slices.Contains(got, id) {
					explain(t, r)
					t.Errorf("%s did not fail (failed: %v)", id, got)
				}
			}
			if r.Stats.ClientFaults != 0 {
				t.Errorf("%d faults were put on the client's side", r.Stats.ClientFaults)
			}
			t.Logf("failed: %v", got)
		})
	}
}

// The page is silent on letter case in Emails: a target that keeps case
// variants apart is warned (SHOULD), and the MUST checks hold it to exact
// Emails, sequentially and under concurrency alike.
func TestCaseSensitiveEmailsAreWarnedNotFailed(t *testing.T) {
	s, endpoint := serveIndie(t, func(s *indie) { s.caseSensitive = true })
	r, _ := runAgainst(t, endpoint, nil)
	if r.Verdict != report.Compatible || s.Fired("caseSensitive") == 0 {
		explain(t, r)
		t.Fatalf("a target keeping case variants apart was judged %s", r.Verdict)
	}
	if c, _ := r.Result("CU-ERR-409C"); c.Result != report.Warn || !strings.Contains(c.Reason, "apart") {
		t.Fatalf("CU-ERR-409C: %s %q, want a warning", c.Result, c.Reason)
	}
}

// The page's patterns are ECMA-262; a server reading the Email pattern
// with Go's regexp accepts Emails joined across a \r, U+2028 or U+2029.
// The MUST checks stay clear of that difference; CU-REQ-08 warns of it.
func TestAnotherRegexDialectIsWarned(t *testing.T) {
	_, endpoint := serveIndie(t, func(s *indie) { s.goDot = true })
	r, _ := runAgainst(t, endpoint, nil)
	if r.Verdict != report.Compatible {
		explain(t, r)
		t.Fatalf("a server reading patterns as Go does was judged %s", r.Verdict)
	}
	if c, _ := r.Result("CU-REQ-08"); c.Result != report.Warn {
		t.Fatalf("CU-REQ-08: %s, want a warning", c.Result)
	}
}

// A server that fails some valid creates (a 500 for Emails whose length
// is a multiple of 5)
// is judged on them (by the checks that send valid creates), and only
// there: the checks that prove a
// refused request created nothing never read a failed proof create as a
// user created, nor blame an auth bypass that is not there.
func TestAFailedProofIsNotABreach(t *testing.T) {
	s, endpoint := serveIndie(t, func(s *indie) { s.failOddEmails = true })
	// Each failing create is sent three times and beside a control create,
	// with pauses, shrinking too: the checks that prove "created nothing",
	// and a smaller budget (its tenth is the shrink allowance), make the
	// point.
	r, _ := runAgainst(t, endpoint, func(c *conformance.Config) {
		c.Examples, c.MaxCreates, c.Labels = 25, 1500, "CU-REQ-01 || CU-REQ-03 || CU-REQ-04 || CU-REQ-06 || CU-ERR-401 || CU-ERR-403 || auth || CU-STATE-01"
	})
	if s.Fired("failOddEmails") == 0 || r.Verdict != report.Incompatible {
		explain(t, r)
		t.Fatalf("%s, failed %v: want INCOMPATIBLE on the failed valid creates", r.Verdict, failed(r))
	}
	for _, c := range r.Checks {
		if c.Result == report.Fail && (strings.Contains(c.Evidence, "anyway") || strings.Contains(c.Evidence, "stored a user")) {
			t.Errorf("%s claims a refused request created a user:\n%s", c.ID, firstLines(c.Evidence, 6))
		}
		if c.Result == report.Fail && (strings.HasPrefix(c.ID, "CU-AUTH") || c.ID == "CU-ERR-401" || c.ID == "CU-ERR-403") {
			t.Errorf("%s failed, though authentication is sound:\n%s", c.ID, firstLines(c.Evidence, 6))
		}
	}
	t.Logf("failed: %v", failed(r))
}

// A server that is not CreateUser at all stops the run after the preflight
// with one finding.
func TestSomethingElseIsOneFinding(t *testing.T) {
	_, endpoint := serveIndie(t, func(s *indie) { s.notCreateUser = true })
	r, _ := runAgainst(t, endpoint, nil)
	if got := failed(r); r.Verdict != report.Incompatible || !slices.Equal(got, []string{"CU-PRE-01"}) {
		explain(t, r)
		t.Fatalf("%s, failed %v; want INCOMPATIBLE on CU-PRE-01 alone", r.Verdict, got)
	}
	if r.Stats.Requests > 5 {
		t.Errorf("%d requests after the preflight said this is not CreateUser", r.Stats.Requests)
	}
}

// The suite's own client closing its connections (as aws-sdk-go-v2 does
// now and then) is retried with fresh input and never fails a valid target,
// for the raw client and the SDK alike.
func TestClientSideFaultsAreNeverBlamedOnTheTarget(t *testing.T) {
	_, endpoint := serveIndie(t, nil)
	r, _ := runAgainst(t, endpoint, func(c *conformance.Config) { c.ClientFaultRate = 0.05 })
	if r.Verdict != report.Compatible {
		explain(t, r)
		t.Fatalf("client-side faults made a valid target %s", r.Verdict)
	}
	decodes, typed := r.Result("CU-CLIENT-01")
	typedErrors, _ := r.Result("CU-CLIENT-02")
	sdk := decodes.ClientFaults + typedErrors.ClientFaults
	if !typed || r.Stats.ClientFaults == 0 || sdk == 0 {
		t.Fatalf("the client faulted %d times, in the SDK checks %d times: the fault never fired", r.Stats.ClientFaults, sdk)
	}
	t.Logf("%d client-side faults retried; the verdict stays %s", r.Stats.ClientFaults, r.Verdict)
}

// A target answering a passing documented 503 to one request in 20 is
// judged COMPATIBLE on a vendor's default settings (20 examples, 500
// creates): each such answer is resent or passed by, within the budget.
func TestAFlakyTargetPassesOnDefaultSettings(t *testing.T) {
	s, endpoint := serveIndie(t, func(s *indie) { s.unavailableEvery = 20 })
	r, _ := runAgainst(t, endpoint, func(c *conformance.Config) { c.Examples, c.MaxCreates = 20, 500 })
	if r.Verdict != report.Compatible || s.Fired("unavailable") == 0 {
		explain(t, r)
		t.Fatalf("a target with passing 503s was judged %s", r.Verdict)
	}
}

// A service that answers a documented 503 to every request (its probe
// too) is down: nothing is proven, and nothing fails; the run is
// INCOMPLETE, never INCOMPATIBLE. (One that answers other requests while
// every valid create fails is INCOMPATIBLE: TestFaultsAreCaughtOnEverySeed.)
func TestADownServiceIsIncompleteNotIncompatible(t *testing.T) {
	s, endpoint := serveIndie(t, func(s *indie) { s.unavailableEvery = 1 })
	r, _ := runAgainst(t, endpoint, func(c *conformance.Config) { c.Examples, c.Labels = 1, "CU-REQ-01 || CU-ERR-401" })
	if r.Verdict != report.Incomplete || len(failed(r)) > 0 || s.Fired("unavailable") == 0 {
		explain(t, r)
		t.Fatalf("%s, failed %v: a service down for everything was judged on it", r.Verdict, failed(r))
	}
	for _, id := range []string{"CU-REQ-01", "CU-ERR-401"} {
		if c, _ := r.Result(id); c.Result != report.Inconclusive || !strings.Contains(c.Reason, "unavailable") {
			t.Errorf("%s: %s %q, want inconclusive: unavailable", id, c.Result, c.Reason)
		}
	}
}

// A server that closes idle keep-alive connections (HTTP lets it, at any
// time) races the client that reuses one: the request written just then
// meets an EOF or a reset before any answer. The suite sends it once more
// on a connection of its own, as HTTP clients do, and judges that answer;
// a server that drops requests is still judged on them
// (TestDroppedRequestsAreTheTargets).
func TestKeepAliveRacesAreNotTheTargets(t *testing.T) {
	_, endpoint := serveIndie(t, func(s *indie) { s.idleTimeout = 2 * time.Millisecond })
	r, _ := runAgainst(t, endpoint, func(c *conformance.Config) { c.RPS = 400 }) // paced: connections sit idle
	if r.Verdict != report.Compatible {
		explain(t, r)
		t.Fatalf("a server closing idle connections was judged %s", r.Verdict)
	}
	if r.Stats.KeepAliveResends == 0 {
		t.Fatal("no request met a closed keep-alive connection: the race was not provoked")
	}
	t.Logf("%d requests met a connection the server had closed; sent again, the verdict stays %s", r.Stats.KeepAliveResends, r.Verdict)
}

// A server that drops the connection instead of answering some requests
// (a crash, before or after storing the user) fails, though the drop looks
// like the keep-alive race on a reused connection: the request sent again
// on a fresh connection is dropped too, or meets its own stored user.
func TestDroppedRequestsAreTheTargets(t *testing.T) {
	for _, after := range []bool{false, true} {
		t.Run(fmt.Sprintf("stored first: %v", after), func(t *testing.T) {
			s, endpoint := serveIndie(t, func(s *indie) { s.dropEvery, s.dropAfterStore = 29, after })
			r, _ := runAgainst(t, endpoint, nil)
			if r.Verdict != report.Incompatible || s.Fired("drop") == 0 {
				explain(t, r)
				t.Fatalf("a server dropping requests was judged %s", r.Verdict)
			}
			for _, c := range r.Checks {
				if c.Result == report.Fail && strings.Contains(c.Evidence, "anyway") {
					t.Errorf("%s blames a refused request for the user a dropped answer stored:\n%s", c.ID, firstLines(c.Evidence, 6))
				}
			}
			t.Logf("failed: %v; %d resends", failed(r), r.Stats.KeepAliveResends)
		})
	}
}

func TestAnUnreachableEndpointIsARunNotMade(t *testing.T) {
	r, _ := runAgainst(t, "http://127.0.0.1:1", nil)
	if r.Verdict != report.NotChecked || r.Verdict.ExitCode() != 2 || !strings.Contains(r.SetupError, "cannot be reached") {
		t.Fatalf("%s: %s", r.Verdict, r.SetupError)
	}
}

// A run whose credentials, region or account the target refuses is not
// made: every check would fail alike, and from outside a wrong
// configuration and a target refusing good signatures look the same. The
// target's own words say which setting to look at; the secret is in none.
func TestRefusedCredentialsAreARunNotMade(t *testing.T) {
	wrongSecret := selftestCreds
	wrongSecret.SecretAccessKey = "not-the-secret-the-target-knows"
	cases := []struct {
		name  string
		set   func(*indie)
		tweak func(*conformance.Config)
		says  []string
	}{
		{"signed for a region the target refuses", func(s *indie) { s.region = "us-east-1" }, nil,
			[]string{"refuses the run's credentials", "region eu-west-1", "AKIDSELFTEST", "HTTP 401 UnauthorizedClientException", "scoped to a valid region"}},
		{"a secret the target does not know", func(*indie) {},
			func(c *conformance.Config) { c.Credentials = credentials.StaticCredentialsProvider{Value: wrongSecret} },
			[]string{"refuses the run's credentials", "does not match"}},
		{"front-door errors for a wrong secret", func(s *indie) { s.frontDoor = true },
			func(c *conformance.Config) { c.Credentials = credentials.StaticCredentialsProvider{Value: wrongSecret} },
			[]string{"HTTP 403 InvalidSignatureException"}},
		{"an account the target does not have", func(*indie) {}, func(c *conformance.Config) { c.AccountID = "no-such-account" },
			[]string{`account "no-such-account"`, "HTTP 404 NotFoundException", "CHIME_ACCOUNT_ID"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, endpoint := serveIndie(t, c.set)
			r, _ := runAgainst(t, endpoint, c.tweak)
			if r.Verdict != report.NotChecked || r.Verdict.ExitCode() != 2 {
				explain(t, r)
				t.Fatalf("%s, want NOT CHECKED", r.Verdict)
			}
			for _, want := range c.says {
				if !strings.Contains(r.VerdictReason, want) {
					t.Errorf("the reason does not say %q: %s", want, r.VerdictReason)
				}
			}
			if strings.Contains(r.VerdictReason, wrongSecret.SecretAccessKey) {
				t.Error("the reason quotes the secret")
			}
			if n := s.n.Load(); n > 4 {
				t.Errorf("%d requests were sent: the run went on after the preflight", n)
			}
		})
	}
}

// A filtered run that passes proves only the checks it ran.
func TestAFilteredRunIsIncomplete(t *testing.T) {
	_, endpoint := serveIndie(t, nil)
	r, _ := runAgainst(t, endpoint, func(c *conformance.Config) { c.Labels = "CU-ERR-409" })
	if r.Verdict != report.Incomplete || r.Verdict.ExitCode() != 3 {
		t.Fatalf("%s: %s", r.Verdict, r.VerdictReason)
	}
}
