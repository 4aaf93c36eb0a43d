package fakes_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// "Latency for SharedDevice creates only", written in the config file's
// syntax, driven by the real clients a user would drive it with: the rule
// fires for each SharedDevice create and for no PrivateUser one, as the
// journal and the rule's counters say (no clock is read).
func TestLatencyRuleMatchedOnUserTypeWithRealClients(t *testing.T) {
	type create func(t *testing.T, srv *fakes.Server, email, userType string) bool
	clients := map[string]create{}
	for _, major := range []string{"1", "2"} {
		if bin, _ := findAWSCLI(major); bin != "" {
			clients["aws-cli v"+major] = func(t *testing.T, srv *fakes.Server, email, userType string) bool {
				_, stderr, code := awsCLI(t, bin, srv, "--account-id", fakes.SampleAccountID, "--email", email, "--user-type", userType)
				if code != 0 {
					t.Logf("exit %d: %s", code, stderr)
				}
				return code == 0
			}
		}
	}
	if py, _ := findBoto3(); py != "" {
		clients["boto3"] = func(t *testing.T, srv *fakes.Server, email, userType string) bool {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "clients", "boto3_create_user.py"),
				srv.URL(), fakes.SampleAccountID, email, "standard", "60", userType)
			cmd.Env = clientEnv()
			out, err := cmd.Output()
			var res struct{ OK bool }
			if err != nil || json.Unmarshal(out, &res) != nil {
				t.Logf("boto3: %v: %s", err, out)
			}
			return res.OK
		}
	}
	if len(clients) == 0 {
		t.Skip("neither the AWS CLI nor boto3 is installed; .ci/run installs awscli and python3-boto3")
	}
	cfg, err := fakes.ParseConfig([]byte(`
auth: verify
rules:
  - id: shared-latency
    match: {body: {UserType: SharedDevice}}
    action: {type: latency, ms: 300}
`))
	if err != nil {
		t.Fatal(err)
	}
	opts, err := cfg.Options()
	if err != nil {
		t.Fatal(err)
	}
	srv := start(t, opts)
	shared := 0
	for name, create := range clients {
		slug := strings.NewReplacer(" ", "-").Replace(name)
		for _, userType := range []string{"PrivateUser", "SharedDevice"} {
			email := slug + "-" + strings.ToLower(userType) + "@example.com"
			if !create(t, srv, email, userType) {
				t.Fatalf("%s: the %s create failed", name, userType)
			}
			entry := journalEntryOf(t, srv, email)
			delayed := entry.RuleID == "shared-latency" && entry.Fault == "latency"
			if delayed != (userType == "SharedDevice") || entry.Status != 201 {
				t.Errorf("%s, %s: rule %q fault %q status %d", name, userType, entry.RuleID, entry.Fault, entry.Status)
			}
			if userType == "SharedDevice" {
				shared++
			}
		}
	}
	rules := srv.Faults().Rules()
	if len(rules) != 1 || rules[0].Matched != shared || rules[0].Fired != shared {
		t.Fatalf("after %d SharedDevice creates of %d: %+v", shared, 2*shared, rules)
	}
}

// journalEntryOf is the one journal entry whose body names email.
func journalEntryOf(t *testing.T, srv *fakes.Server, email string) fakes.Entry {
	t.Helper()
	var found []fakes.Entry
	for _, e := range srv.Journal(fakes.Filter{}) {
		if strings.Contains(e.Body, `"`+email+`"`) {
			found = append(found, e)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d journal entries carry %s", len(found), email)
	}
	return found[0]
}
