package main

import (
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// envVars are the variables chime-conform reads (README, "Configuration"),
// listed by -h.
var envVars = [][2]string{
	{"CHIME_ENDPOINT", "base URL of the target, https://host or https://host/base-path (-endpoint); unset: the embedded fake"},
	{"AWS_ENDPOINT_URL_CHIME", "the SDKs' Chime endpoint, read when CHIME_ENDPOINT is unset"},
	{"AWS_ENDPOINT_URL", "the SDKs' endpoint for every service, read after AWS_ENDPOINT_URL_CHIME (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true: neither)"},
	{"CHIME_ACCOUNT_ID", "an existing account at the target (-account)"},
	{"AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_CONFIG_FILE, ...",
		"credentials, from the AWS SDK's standard chain (profiles, SSO, web identity, assume-role)"},
	{"AWS_REGION", "the region requests are signed for (-region; default the profile's region, or us-east-1)"},
	{"AWS_CA_BUNDLE", "a PEM file of CAs to trust besides the system's (SSL_CERT_FILE, SSL_CERT_DIR replace the system's)"},
	{"HTTPS_PROXY, HTTP_PROXY, NO_PROXY", "proxies, as the SDKs read them (loopback hosts are never proxied)"},
	{"CHIME_PROFILE", "a declared profile (-profile): signatures-at-gateway"},
	{"CHIME_MAX_CREATES", "most requests that may create a user (-max-creates; 500 for an endpoint)"},
	{"CHIME_EXAMPLES", "examples per property (-examples; 20 for an endpoint, 100 for the fake)"},
	{"CHIME_SEED", "the run's seed (-seed)"},
	{"CHIME_LABELS", "a Ginkgo label filter (-labels)"},
	{"CHIME_RPS", "requests per second at most (-rps; unpaced)"},
	{"CHIME_REQUEST_TIMEOUT", "each request's deadline (-request-timeout; 30s)"},
	{"CHIME_TIMEOUT", "the whole run's bound (-timeout; 15m)"},
	{"CHIME_REPORT_DIR", "where the report files go (-out; reports)"},
	{"CHIME_FORBIDDEN_PROFILE", "opt-in CU-ERR-403F (-forbidden-profile)"},
	{"CHIME_PROBE_THROTTLING, CHIME_THROTTLE_BURST, CHIME_THROTTLE_WORKERS", "opt-in CU-ERR-429 (-probe-throttling)"},
	{"CHIME_FAKE_RULES, CHIME_FAKE_CONFIG", "the embedded fake's fault rules and config (-fake-rules, -fake-config); refused with an endpoint"},
}

// usage is -h: what chime-conform is, its flags, the variables it reads.
func usage(fs *flag.FlagSet, w io.Writer) func() {
	return func() {
		fmt.Fprint(w, `Usage: chime-conform [flags]

Runs the CreateUser conformance checks against CHIME_ENDPOINT (or -endpoint),
or the embedded fake when none is set, and writes the compatibility report.
Exit status: 0 COMPATIBLE, 1 INCOMPATIBLE, 2 the run could not be made (or a
usage error), 3 INCOMPLETE.

Flags (each overrides its variable):
`)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fmt.Fprint(w, "\nEnvironment:\n")
		for _, v := range envVars {
			fmt.Fprintf(w, "  %s\n    \t%s\n", v[0], v[1])
		}
	}
}

// unexpectedArgs explains positional arguments, which chime-conform takes
// none of: a URL given so (as other tools take one) would otherwise leave
// the run checking the embedded fake.
func unexpectedArgs(args []string) string {
	if u, err := url.Parse(args[0]); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return fmt.Sprintf("unexpected argument %q: did you mean -endpoint %s? (chime-conform takes flags only; flags go before any argument)", args[0], args[0])
	}
	return fmt.Sprintf("unexpected argument%s %s: chime-conform takes flags only (chime-conform -h lists them)",
		map[bool]string{true: "s", false: ""}[len(args) > 1], strings.Join(quoteAll(args), " "))
}

func quoteAll(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = fmt.Sprintf("%q", a)
	}
	return out
}
