package framework_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/report"
)

// run runs checks against the embedded fake (with rules, when given).
func run(t *testing.T, cfg framework.Config, checks ...*framework.Check) report.Report {
	t.Helper()
	s, err := framework.NewSession(context.Background(), cfg, framework.NewCatalogue(checks...))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.RunAll()
	return s.Report()
}

func mustCheck(id string) report.Check {
	return report.Check{ID: id, Level: report.MUST, Area: "test", Title: id, Statement: "s", Source: "s"}
}

func validCreate(p *framework.P) framework.Request {
	return framework.Request{Account: p.AccountID(), Body: []byte(`{"Email":"` + p.Data().Email("a@b.c") + `"}`)}
}

// A failing property is shrunk through the engine before it is reported,
// its location is the failing line of the check (not the framework), and
// rapid writes no fail file.
func TestFailuresAreShrunkAndPointAtTheCheck(t *testing.T) {
	shrinks := framework.Define(mustCheck("T-SHRINK"), func(t *framework.T) {
		t.Property(1, func(p *framework.P) {
			s := rapid.StringOf(rapid.RuneFrom([]rune("abc"))).Draw(p.T, "s")
			p.G.Expect(len(s)).To(gomega.BeNumerically("<", 4), "too long: %q", s) // the failing line
		})
	})
	r := run(t, framework.Config{Examples: 200}, shrinks)
	c, _ := r.Result("T-SHRINK")
	if c.Result != report.Fail || !strings.Contains(c.Evidence, `too long: "aaaa"`) || !strings.Contains(c.Evidence, `s: "aaaa"`) {
		t.Fatalf("want the shrunk counterexample \"aaaa\": %s\n%s", c.Result, c.Evidence)
	}
	if c.Location != "engine_test.go:44" {
		t.Errorf("location %q, want the failing line engine_test.go:44", c.Location)
	}
	if !strings.Contains(c.Replay, "-labels T-SHRINK") || c.Examples < 1 {
		t.Errorf("replay %q, examples %d", c.Replay, c.Examples)
	}
	if _, err := os.Stat("testdata/rapid"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("rapid wrote a fail file into the tree: %v", err)
	}
}

// The same seed draws the same inputs: a replay reaches the same failure.
func TestTheSameSeedReplaysTheSameInputs(t *testing.T) {
	check := func() *framework.Check {
		return framework.Define(mustCheck("T-REPLAY"), func(t *framework.T) {
			t.Property(1, func(p *framework.P) {
				n := rapid.IntRange(0, 1000).Draw(p.T, "n")
				x := p.Send(validCreate(p))
				p.G.Expect(n%97 == 13 && x.Status == 201).To(gomega.BeFalse(), "n=%d", n)
			})
		})
	}
	first := run(t, framework.Config{Seed: 42, Examples: 500}, check())
	again := run(t, framework.Config{Seed: 42, Examples: 500}, check())
	a, _ := first.Result("T-REPLAY")
	b, _ := again.Result("T-REPLAY")
	if a.Result != report.Fail || a.Evidence[:strings.Index(a.Evidence, "\n")] != b.Evidence[:strings.Index(b.Evidence, "\n")] || a.Examples != b.Examples {
		t.Fatalf("seed 42 twice:\n%s (%d examples)\n---\n%s (%d examples)", a.Evidence, a.Examples, b.Evidence, b.Examples)
	}
}

// A panic in a check's own code is the suite's error: never a failure of
// the target.
func TestTheSuitesOwnErrorIsInconclusive(t *testing.T) {
	var m map[string]int
	plain := framework.Define(mustCheck("T-PANIC"), func(t *framework.T) { m["x"] = 1 })
	prop := framework.Define(mustCheck("T-PANIC-PROP"), func(t *framework.T) {
		t.Property(1, func(p *framework.P) { m["x"] = 1 })
	})
	r := run(t, framework.Config{}, plain, prop)
	for _, id := range []string{"T-PANIC", "T-PANIC-PROP"} {
		c, _ := r.Result(id)
		if c.Result != report.Inconclusive || !strings.Contains(c.Reason, "the suite itself failed") {
			t.Errorf("%s: %s %q", id, c.Result, c.Reason)
		}
	}
	if r.Verdict != report.Incomplete {
		t.Errorf("verdict %s", r.Verdict)
	}
}

// The create budget holds, shrinking draws from its own reserve, and a
// failing check's shrinking leaves the checks after it their share.
func TestShrinkingHasItsOwnAllowance(t *testing.T) {
	failing := framework.Define(mustCheck("T-FAILS"), func(t *framework.T) {
		t.Property(1, func(p *framework.P) {
			s := rapid.String().Draw(p.T, "s")
			x := p.Send(validCreate(p))
			p.G.Expect(len(s) < 3 && x.Status == 201).To(gomega.BeTrue(), "s=%q", s)
		})
	})
	later := framework.Define(mustCheck("T-LATER"), func(t *framework.T) {
		t.Property(1, func(p *framework.P) { p.G.Expect(p.Send(validCreate(p)).Status).To(gomega.Equal(201)) })
	})
	r := run(t, framework.Config{MaxCreates: 100, Examples: 100}, failing, later)
	f, _ := r.Result("T-FAILS")
	l, _ := r.Result("T-LATER")
	if f.Result != report.Fail || f.ShrinkRequests == 0 || l.Result != report.Pass || l.Examples < 30 {
		t.Fatalf("failing: %s with %d shrink requests; later: %s with %d examples", f.Result, f.ShrinkRequests, l.Result, l.Examples)
	}
	if r.Stats.MayHaveCreated > 100 {
		t.Fatalf("%d requests could create, with a budget of 100", r.Stats.MayHaveCreated)
	}
}

// A session its caller closes before asking for the report (go test's
// wrapper: AfterSuite, then the report) was not interrupted: a filtered
// run is INCOMPLETE for what it did not run, not "stopped early".
func TestAClosedRunIsNotAnInterruptedOne(t *testing.T) {
	ran := framework.Define(mustCheck("T-RAN"), func(t *framework.T) {})
	left := framework.Define(mustCheck("T-LEFT"), func(t *framework.T) {})
	s, err := framework.NewSession(context.Background(), framework.Config{Labels: "T-RAN"}, framework.NewCatalogue(ran, left))
	if err != nil {
		t.Fatal(err)
	}
	s.RunAll()
	s.Close()
	r := s.Report()
	if r.Interrupted != "" || r.Verdict != report.Incomplete || strings.Contains(r.VerdictReason, "stopped") {
		t.Fatalf("interrupted %q, %s: %s", r.Interrupted, r.Verdict, r.VerdictReason)
	}
}

// Interrupting the run ends it within the check under way; the report
// says so and is INCOMPLETE, never COMPATIBLE.
func TestAnInterruptedRunIsIncomplete(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	sends := 0
	loop := framework.Define(mustCheck("T-LOOP"), func(t *framework.T) {
		t.Property(1, func(p *framework.P) {
			if sends++; sends == 20 {
				cancel()
			}
			p.Send(validCreate(p))
		})
	})
	after := framework.Define(mustCheck("T-AFTER"), func(t *framework.T) {})
	s, err := framework.NewSession(ctx, framework.Config{Examples: 1000}, framework.NewCatalogue(loop, after))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.RunAll()
	r := s.Report()
	if r.Interrupted == "" || r.Verdict != report.Incomplete || sends > 40 {
		t.Fatalf("interrupted %q, verdict %s, %d sends", r.Interrupted, r.Verdict, sends)
	}
	if c, _ := r.Result("T-AFTER"); c.Result != report.NotRun {
		t.Fatalf("the check after the interrupt: %s", c.Result)
	}
}

// A failure's evidence is text: the characters a reader cannot see in the
// values compared (drawn inputs are full of them) are escaped, whoever
// formatted the message (Gomega prints strings raw).
func TestFailuresAreReadable(t *testing.T) {
	raw := framework.Define(mustCheck("T-RAW"), func(t *framework.T) {
		// Long strings: Gomega then prints a window around the first
		// difference, raw.
		long := strings.Repeat("x\x05\u2028y", 40)
		t.G.Expect(long+"a"+long).To(gomega.Equal(long+"b"+long), "compared")
	})
	s, err := framework.NewSession(context.Background(), framework.Config{}, framework.NewCatalogue(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := s.Run("T-RAW")
	if r.Result != report.Fail || strings.ContainsAny(r.Evidence, "\x05\u2028") || !strings.Contains(r.Evidence, `x\x05\u2028y`) {
		t.Fatalf("%s: %q", r.Result, r.Evidence)

	}
}

// What the run learns about the target is learned once: when learning
// fails a check, the next check that needs it is inconclusive, not failed
// again on the same answer.
func TestLearningFailsOneCheck(t *testing.T) {
	tries := 0
	learn := func(t *framework.T) {
		t.Learn("k", func() any {
			tries++
			t.Fatalf("the target answered the probe with HTTP 400")
			return nil
		})
	}
	first := framework.Define(mustCheck("T-FIRST"), learn)
	second := framework.Define(mustCheck("T-SECOND"), learn)
	s, err := framework.NewSession(context.Background(), framework.Config{}, framework.NewCatalogue(first, second))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.RunAll()
	r := s.Report()
	a, _ := r.Result("T-FIRST")
	b, _ := r.Result("T-SECOND")
	if a.Result != report.Fail || b.Result != report.Inconclusive || !strings.Contains(b.Reason, "T-FIRST") || tries != 1 {
		t.Fatalf("first %s, second %s (%s), %d tries", a.Result, b.Result, b.Reason, tries)
	}
}
