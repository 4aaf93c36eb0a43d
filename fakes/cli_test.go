package fakes_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

// awsCLI runs the AWS CLI against srv, with the fake's default credentials
// and no user configuration.
func awsCLI(t *testing.T, srv *fakes.Server, args ...string) (string, string, int) {
	t.Helper()
	bin, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("the AWS CLI (aws) is not installed; .ci/run installs Debian's awscli")
	}
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(c, bin, append([]string{"chime", "create-user", "--endpoint-url", srv.URL(), "--region", "us-east-1", "--output", "json"}, args...)...)
	cmd.Env = append(os.Environ(),
		"AWS_ACCESS_KEY_ID="+fakes.DefaultCredential.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+fakes.DefaultCredential.SecretAccessKey,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=",
		"AWS_MAX_ATTEMPTS=3", "AWS_RETRY_MODE=standard")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func TestAWSCLI(t *testing.T) {
	srv := start(t, fakes.Options{Auth: fakes.AuthVerify})
	out, stderr, code := awsCLI(t, srv, "--account-id", fakes.SampleAccountID, "--email", "cli@example.com", "--user-type", "SharedDevice")
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

	_, stderr, code = awsCLI(t, srv, "--account-id", fakes.SampleAccountID, "--email", "CLI@example.com")
	if code == 0 || !strings.Contains(stderr, "(ConflictException)") {
		t.Fatalf("duplicate: exit %d, %s", code, stderr)
	}
	if strings.Contains(stderr, fakes.DefaultCredential.SecretAccessKey) {
		t.Fatal("the secret leaked into the CLI's output")
	}
}
