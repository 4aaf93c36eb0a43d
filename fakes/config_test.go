package fakes_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

const sampleConfig = `
addr: 127.0.0.1:0
accounts: [acct-1, acct-2]
auth: verify
authErrors: front-door
credentials:
  - accessKeyId: AKIDTEST
    secretAccessKey: test-secret
clockSkew: 15m
seed: 7
headerFaults: true
journalSize: 50
rules:
  - id: flaky
    match: {account: acct-1}
    sequence:
      - {type: error, exception: ServiceUnavailableException}
      - {type: pass}
  - id: slow
    probability: 0.25
    action: {type: latency, distribution: uniform, minMs: 10, maxMs: 20}
`

func TestConfigFile(t *testing.T) {
	c, err := fakes.ParseConfig([]byte(sampleConfig))
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Options()
	if err != nil {
		t.Fatal(err)
	}
	if o.Auth != fakes.AuthVerify || o.ClockSkew != 15*time.Minute || o.Seed != 7 || len(o.Rules) != 2 ||
		o.Rules[0].Sequence[0].Type != "error" || o.Credentials[0].AccessKeyID != "AKIDTEST" || !o.HeaderFaults {
		t.Fatalf("options: %+v", o)
	}
	// JSON is YAML too.
	if _, err := fakes.ParseConfig([]byte(`{"seed": 3, "rules": [{"action": {"type": "reset"}}]}`)); err != nil {
		t.Fatal(err)
	}
}

func TestInvalidConfigsSayWhy(t *testing.T) {
	for want, text := range map[string]string{
		`unknown field "acounts"`:      `acounts: [x]`,
		`unknown type "explode"`:       `rules: [{action: {type: explode}}]`,
		`unknown field "jitter"`:       `rules: [{action: {type: latency, ms: 1, jitter: 2}}]`,
		"auth must be":                 `auth: sometimes`,
		"clockSkew":                    `clockSkew: soon`,
		"probability must be":          `rules: [{probability: 2, action: {type: pass}}]`,
		"secretAccessKey are required": `credentials: [{accessKeyId: AKID}]`,
		"blank":                        `accounts: ["  "]`,
		"yaml":                         "rules: [\n",
	} {
		_, err := fakes.ParseConfig([]byte(text))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: want an error about %q, got %v", text, want, err)
		}
	}
}

func TestNewServerRejectsBadOptions(t *testing.T) {
	if _, err := fakes.NewServer(fakes.Options{Auth: "maybe"}); err == nil {
		t.Fatal("bad auth mode accepted")
	}
}
