package fakes_test

import (
	"context"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// awsCLI runs the AWS CLI bin against srv, with the fake's default
// credentials and no user configuration.
func awsCLI(t *testing.T, bin string, srv *fakes.Server, args ...string) (string, string, int) {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, bin, append([]string{"chime", "create-user", "--endpoint-url", srv.URL(), "--region", "us-east-1", "--output", "json"}, args...)...)
	cmd.Env = clientEnv()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func TestAWSCLI(t *testing.T) {
	for _, major := range []string{"1", "2"} {
		t.Run("v"+major, func(t *testing.T) {
			bin, _ := findAWSCLI(major)
			if bin == "" {
				t.Skipf("AWS CLI v%s is not installed; .ci/run installs Debian's awscli (v2)", major)
			}
			createsAndConflicts(t, bin)
		})
	}
}

func createsAndConflicts(t *testing.T, bin string) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify})
	out, stderr, code := awsCLI(t, bin, srv, "--account-id", fakes.SampleAccountID, "--email", "cli@example.com", "--user-type", "SharedDevice")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var resp struct {
		User struct{ UserId, PrimaryEmail, UserType, RegisteredOn string }
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if resp.User.UserId == "" || resp.User.PrimaryEmail != "cli@example.com" || resp.User.UserType != "SharedDevice" || resp.User.RegisteredOn == "" {
		t.Fatalf("user: %+v", resp.User)
	}

	_, stderr, code = awsCLI(t, bin, srv, "--account-id", fakes.SampleAccountID, "--email", "CLI@example.com")
	if code == 0 || !strings.Contains(stderr, "(ConflictException)") {
		t.Fatalf("duplicate: exit %d, %s", code, stderr)
	}
	if strings.Contains(stderr, fakes.DefaultCredential.SecretAccessKey) {
		t.Fatal("the secret leaked into the CLI's output")
	}
}
