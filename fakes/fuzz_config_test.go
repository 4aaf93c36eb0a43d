package fakes_test

import (
	"encoding/json"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
)

// Any config file is refused with an error or read into a config that,
// written back as JSON, reads into the same config: what a program writes
// from a Config, chime-fake reads as meant. Never a panic, in YAML or JSON.
//
//	go test -run '^$' -fuzz '^FuzzParseConfig$' -fuzzminimizetime 100x ./fakes
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`
addr: 127.0.0.1:4599
accounts: [12a3456b-7c89-012d-3456-78901e23fg45, acct-2]
auth: verify
authErrors: front-door
credentials:
  - {accessKeyId: AKIDEXAMPLE, secretAccessKey: secret}
  - {accessKeyId: ASIATEMP, secretAccessKey: temp-secret, sessionToken: temp-token, forbidden: true}
clockSkew: 5m
seed: 42
retryWindow: 10s
stateInterval: 5s
journalSize: 10
log: debug
limits: {readHeaderTimeout: 1s, readTimeout: 2s, idleTimeout: 3s, shutdownTimeout: 4s, maxConns: 5, maxActiveFaults: 6}
rules:
  - id: flaky
    match: {email: a@b.c, header: {X-A: "1"}}
    sequence: [{type: error, exception: ServiceUnavailableException}, {type: pass}]
  - {probability: 0.5, action: {type: latency, distribution: uniform, minMs: 1, maxMs: 2}}
`))
	f.Add([]byte(`{"seed": 1, "anyAccount": true, "rules": [{"action": {"type": "reset"}}]}`))
	f.Add([]byte("a: &a [*a, *a]\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		cfg, err := fakes.ParseConfig(file)
		if err != nil {
			return
		}
		written, err := json.Marshal(cfg)
		if err != nil {
			t.Fatalf("accepted %q, cannot write it back: %v", file, err)
		}
		again, err := fakes.ParseConfig(written)
		if err != nil {
			t.Fatalf("accepted %q, but not as written back, %s: %v", file, written, err)
		}
		if rewritten, _ := json.Marshal(again); string(rewritten) != string(written) {
			t.Fatalf("%q read back differently:\n%s\n%s", file, written, rewritten)
		}
	})
}
