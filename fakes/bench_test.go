package fakes_test

import (
	"testing"

	"github.com/chime-conformance/createuser/bench"
)

// The request path in process (bench.ServeBenchmarks): a valid create, 400,
// 404, 409 and an injected 503, with authentication off and verified.
// Compare them as ratios of one run (make bench), never as absolute times.
func BenchmarkServe(b *testing.B) {
	for _, bm := range bench.ServeBenchmarks() {
		b.Run(bm.Name, bm.F)
	}
}

// Twenty rules that never match: the cost of the rule engine per request.
func BenchmarkCreateUserWith20IdleRules(b *testing.B) { bench.IdleRulesBenchmark(b) }
