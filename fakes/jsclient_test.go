package fakes_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// jsName is the JavaScript SDK's column of the client matrix.
const jsName = "aws-sdk-js-v3"

// jsDir holds the AWS SDK for JavaScript v3 at a pinned version
// (package.json and package-lock.json; `npm ci` there installs it, as
// .ci/run does) and the driver that makes one call with it.
var jsDir = filepath.Join("testdata", "clients", "js")

// findJS finds node and the installed @aws-sdk/client-chime, or says why
// the JavaScript SDK cannot be measured.
func findJS() (node, version, why string) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", "", jsName + " (no node on PATH; .ci/run installs Debian's nodejs)"
	}
	b, err := os.ReadFile(filepath.Join(jsDir, "node_modules", "@aws-sdk", "client-chime", "package.json"))
	var pkg struct{ Version string }
	if err != nil || json.Unmarshal(b, &pkg) != nil || pkg.Version == "" {
		return "", "", jsName + " (@aws-sdk/client-chime is not installed: run npm ci in fakes/testdata/clients/js, as .ci/run does)"
	}
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return "", "", jsName + " (node --version failed: " + err.Error() + ")"
	}
	return node, "@aws-sdk/client-chime " + pkg.Version + ", node " + strings.TrimSpace(string(out)), ""
}

// jsClient calls through the driver, create_user.mjs: a ChimeClient as
// shipped (standard retries, 3 attempts, node's HTTP handler). Its read
// timeout is the handler's socketTimeout: requestTimeout alone only warns.
func jsClient(node, version string) realClient {
	return realClient{name: jsName, version: version, settings: "new ChimeClient, defaults; read timeout as requestHandler socketTimeout",
		call: func(ctx context.Context, endpoint, email string, readTimeout time.Duration) (string, *int) {
			return jsCall(ctx, node, endpoint, email, readTimeout), nil
		}}
}

// jsCall runs the driver; extra is its optional last argument (tamper-body).
func jsCall(ctx context.Context, node, endpoint, email string, readTimeout time.Duration, extra ...string) string {
	args := append([]string{"create_user.mjs", endpoint, fakes.SampleAccountID, email, strconv.FormatInt(readTimeout.Milliseconds(), 10)}, extra...)
	cmd := exec.CommandContext(ctx, node, args...)
	cmd.Dir = jsDir
	// The SDK warns on stderr about node versions it will drop; it says
	// nothing about the call.
	cmd.Env = append(clientEnv(), "NODE_NO_WARNINGS=1")
	out, err := cmd.Output()
	var res struct {
		OK                   bool
		UserID               string
		Service              bool
		Error, Code, Message string
	}
	if err != nil || json.Unmarshal(out, &res) != nil {
		return "the script failed: " + gist(errString(err))
	}
	return jsSees(res.OK, res.UserID, res.Service, res.Error, res.Code, res.Message)
}

// jsSees is what a JavaScript caller tells apart: a service error's name
// (modeled or not), else the error's name and code, or its message's gist
// (its first line, without the handler's name).
func jsSees(ok bool, userID string, service bool, name, code, message string) string {
	message, _, _ = strings.Cut(message, "\n")
	message = strings.TrimPrefix(message, "@smithy/node-http-handler - ")
	switch {
	case ok && userID == "":
		return "ok, no User"
	case ok:
		return "ok"
	case service:
		return name
	case code != "":
		return name + " " + code
	}
	return name + ": " + gist(message)
}

// The JS SDK signs X-Amz-Content-Sha256 and sends it: a body changed after
// signing (by a middleware after the SDK's signer) still carries the hash
// of the body signed. The fake hashes the body it received and refuses it,
// as AWS does; the auth-skip-body-hash mutant, trusting the header, lets it
// through, so the refusal is the hash check's.
func TestTheJSSDKsBodyChangedAfterSigningIsRefused(t *testing.T) {
	node, _, why := findJS()
	if why != "" {
		t.Skipf("not tested: %s", why)
	}
	for _, c := range []struct {
		rules  string
		sees   string
		stored bool
	}{
		{"", "InvalidSignatureException", false},
		{`{"action":{"type":"auth-skip-body-hash"}}`, "ok", true},
	} {
		opts := fakes.Options{Auth: fakes.AuthVerify}
		if c.rules != "" {
			opts.Rules = []faults.Rule{rule(t, c.rules)}
		}
		srv := start(t, opts)
		callCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
		sees := jsCall(callCtx, node, srv.URL(), "tampered@example.com", 0, "tamper-body")
		cancel()
		entries := srv.Journal(fakes.Filter{})
		if sees != c.sees || len(entries) != 1 || !strings.Contains(entries[0].Body, "~ampered@example.com") ||
			entries[0].Header.Get("X-Amz-Content-Sha256") == "" || (len(srv.Users(fakes.SampleAccountID)) == 1) != c.stored {
			t.Errorf("rules %q: the caller saw %s, want %s; %d attempts: %+v", c.rules, sees, c.sees, len(entries), entries)
		}
	}
}
