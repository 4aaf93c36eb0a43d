package faults_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes/faults"
)

func rules(t *testing.T, js string) []faults.Rule {
	t.Helper()
	var rs []faults.Rule
	if err := json.Unmarshal([]byte(js), &rs); err != nil {
		t.Fatal(err)
	}
	return rs
}

// fires runs n requests through an engine and returns which fired, as a
// string of '.' (none) and the first letter of the rule ID.
func fires(e *faults.Engine, reqs ...faults.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		if f := e.Next(&r, nil); f != nil {
			b.WriteByte(f.RuleID[0])
		} else {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func many(n int, r faults.Request) []faults.Request {
	out := make([]faults.Request, n)
	for i := range out {
		out[i] = r
	}
	return out
}

func TestSameSeedSameFaults(t *testing.T) {
	js := `[{"id":"p","probability":0.3,"action":{"type":"error","exception":"ServiceFailureException"}},
	        {"id":"l","action":{"type":"latency","distribution":"lognormal","medianMs":50,"sigma":1}}]`
	run := func(seed uint64) (string, []float64) {
		e, err := faults.NewEngine(seed, rules(t, js))
		if err != nil {
			t.Fatal(err)
		}
		var pattern strings.Builder
		var delays []float64
		for range 200 {
			f := e.Next(&faults.Request{}, nil)
			pattern.WriteByte(f.RuleID[0])
			if l, ok := f.Action.(*faults.Latency); ok {
				delays = append(delays, l.Delay().Seconds())
			}
		}
		return pattern.String(), delays
	}
	p1, d1 := run(42)
	p2, d2 := run(42)
	p3, _ := run(43)
	if p1 != p2 || len(d1) != len(d2) {
		t.Fatal("the same seed gave different faults")
	}
	for i := range d1 {
		if d1[i] != d2[i] {
			t.Fatal("the same seed gave different latencies")
		}
	}
	if p1 == p3 {
		t.Fatal("different seeds gave the same 200 draws")
	}
	if n := strings.Count(p1, "p"); n < 35 || n > 85 {
		t.Fatalf("probability 0.3 fired %d of 200", n)
	}
}

func TestResetCountersReplays(t *testing.T) {
	e, _ := faults.NewEngine(7, rules(t, `[{"id":"p","probability":0.5,"action":{"type":"pass"}}]`))
	first := fires(e, many(50, faults.Request{})...)
	e.ResetCounters()
	if again := fires(e, many(50, faults.Request{})...); again != first {
		t.Fatalf("after a reset: %s, before: %s", again, first)
	}
}

func TestSchedules(t *testing.T) {
	pass := `"action":{"type":"pass"}`
	cases := []struct {
		name, rules string
		reqs        []faults.Request
		want        string
	}{
		{"times", `[{"id":"a","times":2,` + pass + `}]`, many(4, faults.Request{}), "aa.."},
		{"after", `[{"id":"a","after":2,` + pass + `}]`, many(4, faults.Request{}), "..aa"},
		{"every", `[{"id":"a","every":3,` + pass + `}]`, many(7, faults.Request{}), "..a..a."},
		{"after+times", `[{"id":"a","after":1,"times":1,` + pass + `}]`, many(4, faults.Request{}), ".a.."},
		{"nth", `[{"id":"a","match":{"nth":3},` + pass + `}]`, many(4, faults.Request{}), "..a."},
		{"first match wins", `[{"id":"a","times":1,` + pass + `},{"id":"b",` + pass + `}]`, many(3, faults.Request{}), "abb"},
		{"account", `[{"id":"a","match":{"account":"x"},` + pass + `}]`,
			[]faults.Request{{Account: "x"}, {Account: "y"}}, "a."},
		{"email is case-insensitive", `[{"id":"a","match":{"email":"Jane@Example.com"},` + pass + `}]`,
			[]faults.Request{{Email: "jane@example.com"}, {Email: "john@example.com"}}, "a."},
		{"attempt", `[{"id":"a","match":{"attempt":2},` + pass + `}]`,
			[]faults.Request{{Attempt: 1}, {Attempt: 2}, {Attempt: 3}}, ".a."},
		{"header", `[{"id":"a","match":{"header":{"X-Test":"on"}},` + pass + `}]`,
			[]faults.Request{{Header: http.Header{"X-Test": {"on"}}}, {Header: http.Header{}}}, "a."},
		{"invocation", `[{"id":"a","match":{"invocationId":"i-1"},` + pass + `}]`,
			[]faults.Request{{InvocationID: "i-1"}, {InvocationID: "i-2"}}, "a."},
		{"sequence per call", `[{"id":"a","sequence":[{"type":"pass"},{"type":"pass"}]}]`,
			[]faults.Request{{Call: "i"}, {Call: "j"}, {Call: "i"}, {Call: "i"}, {Call: "j"}, {Call: "j"}}, "aaa.a."},
		{"a request of no call is a call of its own", `[{"id":"a","sequence":[{"type":"pass"},{"type":"pass"}]}]`,
			many(3, faults.Request{}), "aaa"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := faults.NewEngine(1, rules(t, c.rules))
			if err != nil {
				t.Fatal(err)
			}
			if got := fires(e, c.reqs...); got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestInvalidRulesAreRejectedWhole(t *testing.T) {
	e, _ := faults.NewEngine(1, rules(t, `[{"id":"keep","action":{"type":"pass"}}]`))
	for name, js := range map[string]string{
		"unknown type":       `[{"action":{"type":"explode"}}]`,
		"unknown parameter":  `[{"action":{"type":"latency","ms":5,"jitter":3}}]`,
		"unknown rule field": `[{"action":{"type":"pass"},"toxicity":1}]`,
		"bad probability":    `[{"action":{"type":"pass"},"probability":1.5}]`,
		"no action":          `[{"match":{"account":"x"}}]`,
		"both":               `[{"action":{"type":"pass"},"sequence":[{"type":"pass"}]}]`,
		"undocumented error": `[{"action":{"type":"error","exception":"TeapotException"}}]`,
		"bad latency":        `[{"action":{"type":"latency","distribution":"lognormal","medianMs":0}}]`,
		"duplicate id":       `[{"id":"keep","action":{"type":"pass"}}]`,
		"second bad":         `[{"id":"fine","action":{"type":"pass"}},{"action":{"type":"pass"},"times":-1}]`,
	} {
		var rs []faults.Rule
		dec := json.NewDecoder(strings.NewReader(js))
		dec.DisallowUnknownFields()
		err := dec.Decode(&rs)
		if err == nil {
			err = e.Add(rs)
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if got := e.Rules(); len(got) != 1 || got[0].ID != "keep" {
		t.Fatalf("rejected rules changed the engine: %+v", got)
	}
}

func TestRulesRoundTripAsJSON(t *testing.T) {
	in := `[{"id":"r","match":{"account":"a","header":{"X-A":"b"}},"sequence":[{"type":"error","exception":"ServiceUnavailableException"},{"type":"pass"}],"after":1,"times":3,"probability":0.5}]`
	rs := rules(t, in)
	out, err := json.Marshal(rs)
	if err != nil {
		t.Fatal(err)
	}
	again := rules(t, string(out))
	out2, _ := json.Marshal(again)
	if string(out) != string(out2) || !strings.Contains(string(out), `"exception":"ServiceUnavailableException"`) {
		t.Fatalf("round trip: %s vs %s", out, out2)
	}
}

// A throttle fires only for requests over the rate, per access key: the
// ones it lets through are not its firings (no rule in the journal, not
// in fired), and its times counts throttled answers.
func TestThrottleIsPerAccessKeyAndFiresOnlyWhenItThrottles(t *testing.T) {
	e, _ := faults.NewEngine(1, rules(t, `[{"id":"t","action":{"type":"throttle","rate":0,"burst":2}}]`))
	statuses := func(key string, n int) string {
		var b strings.Builder
		for range n {
			f := e.Next(&faults.Request{AccessKey: key}, nil)
			if f == nil {
				b.WriteByte('+')
				continue
			}
			ex := &faults.Exchange{Info: faults.Request{AccessKey: key}}
			f.Action.Apply(ex, func() { t.Fatal("a throttle that fired let the request through") })
			b.WriteString(ex.Response.Header.Get("X-Amzn-ErrorType")[:9])
		}
		return b.String()
	}
	if got := statuses("A", 3); got != "++Throttled" {
		t.Fatalf("key A: %s", got)
	}
	if got := statuses("B", 1); got != "+" {
		t.Fatalf("key B shares A's bucket: %s", got)
	}
	if r := e.Rules()[0]; r.Matched != 4 || r.Fired != 1 {
		t.Fatalf("after 1 throttled answer of 4: matched %d, fired %d", r.Matched, r.Fired)
	}
	limited, _ := faults.NewEngine(1, rules(t, `[{"id":"t","times":1,"action":{"type":"throttle","rate":0,"burst":1}}]`))
	if got := fires(limited, many(4, faults.Request{AccessKey: "A"})...); got != ".t.." {
		t.Fatalf("times 1 counts throttled answers: %s, want .t..", got)
	}
}

// A client-chosen key longer than MaxKeyLen is kept as its digest: short
// ones as they are, long ones 71 bytes each and still apart, and a rule
// naming a long invocation ID still matches it.
func TestLongKeysAreKeptAsDigests(t *testing.T) {
	long := strings.Repeat("x", faults.MaxKeyLen+1)
	if got := faults.BoundedKey("1b2c-uuid"); got != "1b2c-uuid" {
		t.Fatalf("a short key changed: %q", got)
	}
	a, b := faults.BoundedKey(long), faults.BoundedKey(long+"y")
	if len(a) != 71 || !strings.HasPrefix(a, "sha256:") || a == b {
		t.Fatalf("digests %q, %q", a, b)
	}
	e, _ := faults.NewEngine(1, rules(t, `[{"id":"m","match":{"invocationId":"`+long+`"},"action":{"type":"pass"}}]`))
	if got := fires(e, faults.Request{InvocationID: a}, faults.Request{InvocationID: long}, faults.Request{InvocationID: b}); got != "mm." {
		t.Fatalf("a rule naming a long invocation ID: %s", got)
	}
}

// A fault refused admission comes back Skipped and is not spent: a rule
// with times keeps its count, a sequence its step, for the next request.
func TestAFaultNotAdmittedIsNotSpent(t *testing.T) {
	e, _ := faults.NewEngine(1, rules(t, `[
		{"id":"s","match":{"account":"seq"},"sequence":[{"type":"error","exception":"ServiceUnavailableException"},{"type":"pass"}]},
		{"id":"o","times":1,"action":{"type":"error","exception":"ServiceUnavailableException"}}]`))
	refuse, accept := func() bool { return false }, func() bool { return true }
	call := faults.Request{Account: "seq", Call: "c-1"}
	for _, step := range []struct {
		req           faults.Request
		admit         func() bool
		rule, errType string
		skipped       bool
	}{
		{call, refuse, "s", "error", true},
		{call, accept, "s", "error", false}, // the first step still, not the second
		{call, accept, "s", "pass", false},
		{faults.Request{}, refuse, "o", "error", true},
		{faults.Request{}, accept, "o", "error", false}, // times 1, not spent by the skip
		{faults.Request{}, accept, "", "", false},
	} {
		f := e.NextAdmitted(&step.req, nil, step.admit)
		switch {
		case step.rule == "" && f != nil, step.rule != "" && (f == nil || f.RuleID != step.rule || f.Type != step.errType || f.Skipped != step.skipped || (f.Action == nil) != f.Skipped):
			t.Fatalf("want rule %q %s skipped=%v, got %+v", step.rule, step.errType, step.skipped, f)
		}
	}
	if st := e.Rules(); st[1].Fired != 1 || st[1].Matched != 3 {
		t.Fatalf("counters of the times rule: %+v", st[1])
	}
}
