package bench

import (
	"context"
	"regexp"
	"testing"

	"github.com/chime-conformance/createuser/spec"
)

// GoRow is one Go benchmark's result.
type GoRow struct {
	Name        string
	NsPerOp     float64
	BytesPerOp  int64
	AllocsPerOp int64
}

// GoBenchmarks are the table's Go benchmarks: the fake's request path,
// request validation alone, and the page patterns under ECMA-262 beside
// Go's regexp (what the ECMA-262 change costs per match).
func GoBenchmarks() []Benchmark {
	list := append(ServeBenchmarks(), Benchmark{Name: "create/20 idle rules", F: IdleRulesBenchmark})
	list = append(list, Benchmark{Name: "spec.ValidateRequest", F: validateRequest})
	for _, p := range []struct{ name, source, input string }{
		{"Email", `.+@.+\..+`, "roomdevice@example.com"},
		{"accountId", `.*\S.*`, "12a3456b-7c89-012d-3456-78901e23fg45"},
	} {
		ecma, err := spec.CompilePattern(p.source)
		if err != nil {
			panic(err) // constant patterns the spec itself compiles
		}
		re2 := regexp.MustCompile(p.source)
		list = append(list,
			Benchmark{Name: "pattern " + p.name + " (ECMA-262)", F: matching(ecma.MatchString, p.input)},
			Benchmark{Name: "pattern " + p.name + " (Go regexp, before)", F: matching(re2.MatchString, p.input)})
	}
	return list
}

func matching(match func(string) bool, input string) func(b *testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if !match(input) {
				b.Fatal("no match")
			}
		}
	}
}

func validateRequest(b *testing.B) {
	s := spec.MustLoad()
	body := []byte(`{"Email":"roomdevice@example.com","UserType":"SharedDevice","Username":"room"}`)
	w := &Workload{Host: "fake.test", Account: "12a3456b-7c89-012d-3456-78901e23fg45"}
	r := w.Post(w.Account, body)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.ValidateRequest(context.Background(), r, body); err != nil {
			b.Fatal(err)
		}
	}
}

// RunGo runs each benchmark with testing.Benchmark (benchtime 1s).
func RunGo(list []Benchmark, progress func(GoRow)) []GoRow {
	var rows []GoRow
	for _, bm := range list {
		r := testing.Benchmark(bm.F)
		row := GoRow{Name: bm.Name, NsPerOp: float64(r.T.Nanoseconds()) / float64(max(r.N, 1)),
			BytesPerOp: r.AllocedBytesPerOp(), AllocsPerOp: r.AllocsPerOp()}
		rows = append(rows, row)
		progress(row)
	}
	return rows
}
