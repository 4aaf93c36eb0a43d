package fakes_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/chime"
	"github.com/aws/smithy-go"

	"github.com/chime-conformance/createuser/fakes"
)

// realClient makes one CreateUser call against a fake, as its users do,
// and says what its caller saw: "ok", an error code, or an error's gist.
type realClient struct {
	name, version, settings string
	call                    func(ctx context.Context, endpoint, email string, readTimeout time.Duration) (sees string, exit *int)
}

// realClients finds the clients on this machine: aws-sdk-go-v2 always
// (in-process); boto3 in both retry modes, AWS CLI v1 and v2 and the
// JavaScript SDK v3 when installed. It lists what it did not find.
func realClients() (found []realClient, missing []string) {
	found = append(found, goClient())
	if py, version := findBoto3(); py != "" {
		for _, mode := range []string{"legacy", "standard"} {
			found = append(found, boto3Client(py, version, mode))
		}
	} else {
		missing = append(missing, "boto3 (no python3 that imports boto3; .ci/run installs python3-boto3)")
	}
	for _, major := range []string{"1", "2"} {
		if bin, version := findAWSCLI(major); bin != "" {
			found = append(found, cliClient(bin, version, major))
		} else {
			missing = append(missing, "aws-cli v"+major+" (no such aws on PATH or in /usr/bin; .ci/run installs Debian's awscli, v2)")
		}
	}
	if node, version, why := findJS(); why == "" {
		found = append(found, jsClient(node, version))
	} else {
		missing = append(missing, why)
	}
	return found, missing
}

// forEachClient runs test for every client on the machine, in parallel,
// and logs those it did not find.
func forEachClient(t *testing.T, test func(t *testing.T, c realClient)) {
	clients, missing := realClients()
	for _, m := range missing {
		t.Logf("not tested: %s", m)
	}
	for _, c := range clients {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			test(t, c)
		})
	}
}

func goClient() realClient {
	version := "aws-sdk-go-v2 " + aws.SDKVersion
	if mod, err := os.ReadFile("../go.mod"); err == nil {
		if m := regexp.MustCompile(`github.com/aws/aws-sdk-go-v2/service/chime (v\S+)`).FindSubmatch(mod); m != nil {
			version += ", service/chime " + strings.TrimPrefix(string(m[1]), "v")
		}
	}
	return realClient{name: "aws-sdk-go-v2", version: version, settings: "chime.NewFromConfig, default retryer",
		call: func(ctx context.Context, endpoint, email string, readTimeout time.Duration) (string, *int) {
			c := chime.NewFromConfig(fakeAWSConfig(), func(o *chime.Options) {
				o.BaseEndpoint = &endpoint
				if readTimeout > 0 {
					o.HTTPClient = &http.Client{Timeout: readTimeout}
				}
			})
			_, err := c.CreateUser(ctx, input(fakes.SampleAccountID, email))
			return goSees(err), nil
		}}
}

// goSees is an SDK error as its caller tells it apart: the modeled error's
// code, or what failed.
func goSees(err error) string {
	var apiErr smithy.APIError
	var deserialization *smithy.DeserializationError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &apiErr):
		return apiErr.ErrorCode()
	case errors.As(err, &deserialization):
		return "DeserializationError (" + gist(err.Error()) + ")"
	}
	return gist(err.Error())
}

// gist is the cause in an error message, without the parts that change
// from run to run (ports, request IDs).
func gist(msg string) string {
	for _, c := range []struct{ in, gist string }{
		{"connection reset by peer", "connection reset"},
		{"Client.Timeout", "timeout"},
		{"deadline exceeded", "timeout"},
		{"unexpected EOF", "unexpected EOF"},
		{": EOF", "EOF"},
	} {
		if strings.Contains(msg, c.in) {
			return c.gist
		}
	}
	msg = regexp.MustCompile(`( (on|from) endpoint URL)?:? "?https?://[^\s"]+"?`).ReplaceAllString(msg, "")
	msg = strings.TrimRight(strings.TrimSpace(msg), ":")
	if len(msg) > 70 {
		msg = msg[:70] + "…"
	}
	return msg
}

// clientEnv is the environment of a Python client: the fake's key, and
// none of the user's configuration (retry mode and attempts as shipped).
func clientEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	return append(env, "AWS_ACCESS_KEY_ID="+fakes.DefaultCredential.AccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+fakes.DefaultCredential.SecretAccessKey,
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_PAGER=", "AWS_EC2_METADATA_DISABLED=true")
}

func findBoto3() (python, version string) {
	for _, py := range candidates("python3") {
		out, err := exec.Command(py, "-c", "import boto3, botocore; print('boto3', boto3.__version__, 'botocore', botocore.__version__)").Output()
		if err == nil {
			return py, strings.TrimSpace(string(out))
		}
	}
	return "", ""
}

func boto3Client(python, version, mode string) realClient {
	settings := "retries mode " + mode
	if mode == "legacy" {
		settings += " (the default)"
	}
	return realClient{name: "boto3 (" + mode + ")", version: version, settings: settings,
		call: func(ctx context.Context, endpoint, email string, readTimeout time.Duration) (string, *int) {
			timeout := "60" // botocore's default
			if readTimeout > 0 {
				timeout = strconv.FormatFloat(readTimeout.Seconds(), 'f', -1, 64)
			}
			cmd := exec.CommandContext(ctx, python, filepath.Join("testdata", "clients", "boto3_create_user.py"), endpoint, fakes.SampleAccountID, email, mode, timeout)
			cmd.Env = clientEnv()
			out, err := cmd.Output()
			var res struct {
				OK     bool
				UserID string
				Error  string
			}
			if err != nil || json.Unmarshal(out, &res) != nil {
				return "the script failed: " + gist(errString(err)), nil
			}
			switch {
			case res.OK && res.UserID == "":
				return "ok, no User", nil
			case res.OK:
				return "ok", nil
			}
			return res.Error, nil
		}}
}

// findAWSCLI finds an aws of a major version: on PATH (every one, since a
// pyenv shim may shadow Debian's), then in the usual places.
func findAWSCLI(major string) (bin, version string) {
	for _, aws := range candidates("aws") {
		out, err := exec.Command(aws, "--version").CombinedOutput()
		if v, ok := strings.CutPrefix(strings.TrimSpace(string(out)), "aws-cli/"+major+"."); err == nil && ok {
			return aws, "aws-cli/" + major + "." + strings.Fields(v)[0]
		}
	}
	return "", ""
}

func candidates(name string) []string {
	var out []string
	for _, dir := range append(filepath.SplitList(os.Getenv("PATH")), "/usr/bin", "/usr/local/bin") {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			out = append(out, p)
		}
	}
	return out
}

func cliClient(bin, version, major string) realClient {
	return realClient{name: "aws-cli v" + major, version: version, settings: "aws chime create-user, defaults",
		call: func(ctx context.Context, endpoint, email string, readTimeout time.Duration) (string, *int) {
			args := []string{"chime", "create-user", "--endpoint-url", endpoint, "--region", "us-east-1", "--output", "json",
				"--account-id", fakes.SampleAccountID, "--email", email}
			if readTimeout > 0 {
				args = append(args, "--cli-read-timeout", strconv.Itoa(int(readTimeout.Seconds())))
			}
			cmd := exec.CommandContext(ctx, bin, args...)
			cmd.Env = clientEnv()
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := cmd.ProcessState.ExitCode()
			if err != nil && code < 0 {
				return "did not run: " + gist(err.Error()), nil
			}
			return cliSees(code, stdout.String(), stderr.String()), &code
		}}
}

var awsErrorRe = regexp.MustCompile(`An error occurred \(([^)]+)\)`)

// cliSees is what a CLI user sees: the output's gist, or the error named.
func cliSees(code int, stdout, stderr string) string {
	switch {
	case code == 0 && strings.Contains(stdout, `"UserId"`):
		return "ok"
	case code == 0 && strings.TrimSpace(stdout) == "":
		return "no output"
	case code == 0:
		return "unreadable output"
	}
	if m := awsErrorRe.FindStringSubmatch(stderr); m != nil {
		return m[1]
	}
	for _, line := range strings.Split(stderr, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return gist(line)
		}
	}
	return "no message"
}

func errString(err error) string {
	if err == nil {
		return "no JSON line"
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return err.Error() + ": " + string(ee.Stderr)
	}
	return err.Error()
}
