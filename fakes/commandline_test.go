package fakes_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chime-conformance/createuser/fakes"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFlagBeatsEnvBeatsConfigBeatsDefault(t *testing.T) {
	cfg := writeFile(t, "fake.yaml", `
seed: 5
auth: verify
accounts: [from-config]
journalSize: 7
credentials:
  - {accessKeyId: AKIDCONFIG, secretAccessKey: config-secret}
  - {accessKeyId: AKIDNOPERM, secretAccessKey: noperm-secret, forbidden: true}
`)
	cl, err := fakes.ParseCommandLine([]string{"-config", cfg, "-seed", "9", "-credentials", "AKIDFLAG:flag-secret"}, env(map[string]string{
		"CHIME_FAKE_SEED": "8", "CHIME_FAKE_AUTH": "off", "CHIME_FAKE_ANY_ACCOUNT": "true", "CHIME_FAKE_REGION": "eu-west-1",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	o := cl.Options
	switch {
	case o.Seed != 9: // flag over env over config
		t.Errorf("seed %d", o.Seed)
	case o.Auth != fakes.AuthOff || !o.AnyAccount || o.Region != "eu-west-1": // env over config and default
		t.Errorf("auth %s, any account %v, region %s", o.Auth, o.AnyAccount, o.Region)
	case o.Accounts[0] != "from-config" || o.JournalSize != 7: // config over default
		t.Errorf("accounts %v, journal %d", o.Accounts, o.JournalSize)
	case o.ClockSkew.Minutes() != 5 || cl.ListFaults: // default
		t.Errorf("clock skew %v, list %v", o.ClockSkew, cl.ListFaults)
	}
	// -credentials replaces the allowed keys and keeps the forbidden one.
	if len(o.Credentials) != 2 || o.Credentials[0].AccessKeyID != "AKIDNOPERM" || !o.Credentials[0].Forbidden || o.Credentials[1].AccessKeyID != "AKIDFLAG" {
		t.Errorf("credentials: %+v", o.Credentials)
	}
}

func TestTheConfigFileMayComeFromTheEnvironment(t *testing.T) {
	cfg := writeFile(t, "fake.yaml", "seed: 5\nforbidden-credentials: x\n")
	if _, err := fakes.ParseCommandLine(nil, env(map[string]string{"CHIME_FAKE_CONFIG": cfg}), io.Discard); err == nil || !strings.Contains(err.Error(), cfg) {
		t.Fatalf("the file named by CHIME_FAKE_CONFIG was not read: %v", err)
	}
	cl, err := fakes.ParseCommandLine([]string{"-forbidden-credentials", "AKIDNOPERM:s3cret"}, env(nil), io.Discard)
	if err != nil || len(cl.Options.Credentials) != 2 || !cl.Options.Credentials[1].Forbidden || cl.Options.Seed == 0 {
		t.Fatalf("forbidden credential by flag: %v %+v", err, cl.Options)
	}
}

func TestBadCommandLinesAreClearErrors(t *testing.T) {
	bad := writeFile(t, "bad.yaml", "rules: [{action: {type: explode}}]\n")
	for want, args := range map[string][]string{
		`unknown type "explode"`:        {"-config", bad},
		"no such file":                  {"-config", "/nonexistent.yaml"},
		"auth must be":                  {"-auth", "sometimes"},
		"ACCESS_KEY:SECRET":             {"-credentials", "justakey"},
		"unexpected arguments":          {"stray"},
		"-journal-size":                 {"-journal-size", "lots"},
		"flag provided but not defined": {"-nope"},
	} {
		_, err := fakes.ParseCommandLine(args, env(nil), io.Discard)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: want %q, got %v", args, want, err)
		}
	}
	_, err := fakes.ParseCommandLine(nil, env(map[string]string{"CHIME_FAKE_SEED": "many"}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "CHIME_FAKE_SEED") {
		t.Errorf("bad env: %v", err)
	}
	_, err = fakes.ParseCommandLine([]string{"-credentials", "AKID:"}, env(nil), io.Discard)
	if err == nil || strings.Contains(err.Error(), "AKID") {
		t.Errorf("a bad credential must be refused without quoting it: %v", err)
	}
}
