package faults_test

import (
	"testing"

	"github.com/chime-conformance/createuser/fakes/faults"
)

// What a rule on the body costs a request: the body decoded once, then
// each condition (an equals, an RE2-able pattern), beside a rule on the
// account alone.
func BenchmarkNextWithABodyRule(b *testing.B) {
	body := []byte(`{"Email":"jane.doe@example.com","Username":"jane","UserType":"PrivateUser"}`)
	for name, match := range map[string]string{
		"account": `{"account":"other"}`,
		"equals":  `{"body":{"UserType":"SharedDevice"}}`,
		"pattern": `{"body":{"Email":{"pattern":"@example\\.org$"}}}`,
	} {
		b.Run(name, func(b *testing.B) {
			rs, err := faults.ParseRules(`{"match":` + match + `,"action":{"type":"pass"}}`)
			if err != nil {
				b.Fatal(err)
			}
			e, _ := faults.NewEngine(1, rs)
			b.ReportAllocs()
			for b.Loop() {
				req := faults.Request{Account: "acct", Body: body}
				if e.Next(&req, nil) != nil {
					b.Fatal("fired")
				}
			}
		})
	}
}
