package framework

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"golang.org/x/net/http/httpproxy"

	"github.com/chime-conformance/createuser/fakes"
)

// Config says what to check and how. The zero value checks the embedded
// fake with the defaults; FromEnv reads it from the environment.
type Config struct {
	// Endpoint is the target's base URL; empty: the embedded fake.
	Endpoint string
	// AccountID names an existing account at the target (required with an
	// Endpoint; the fake's sample account otherwise).
	AccountID string
	// Region is the region requests are signed for (default us-east-1).
	Region string
	// Credentials sign the requests; nil: the standard AWS chain (or the
	// embedded fake's own).
	Credentials aws.CredentialsProvider

	// MaxCreates caps the requests that could create a user (signed, to
	// the account, valid or not): 0 is unlimited for the fake and 500 for
	// an endpoint. A tenth is set aside for shrinking failures.
	MaxCreates int
	// Examples is how many generated inputs each property runs (default
	// 100 for the fake, 20 for an endpoint), as the budget allows.
	Examples int
	// RPS paces requests (0: unpaced).
	RPS float64
	// Seed makes the run's generated inputs reproducible (0: random; every
	// report names the seed it used).
	Seed uint64
	// Labels selects checks by a Ginkgo label filter ("MUST && !stateful",
	// "CU-ERR-409"); every check is labelled with its ID, level and area.
	Labels string

	// Opt-in provocations (see the catalogue's optIn notes).
	ForbiddenProfile     string                  // an AWS profile without permission: provokes 403
	ForbiddenCredentials aws.CredentialsProvider // the same, given directly
	ProbeThrottling      bool                    // a bounded concurrent burst, to see a 429
	ThrottleBurst        int                     // requests in the burst (default 200)
	ThrottleWorkers      int                     // concurrent senders (default 16)

	// RequestTimeout bounds each request (default 30s); Timeout the whole
	// run (default 15m; checks left when it ends are "not run").
	RequestTimeout time.Duration
	Timeout        time.Duration
	// MaxBody caps an answer's body (default 1 MiB): more is the target's fault.
	MaxBody int64

	// FakeRules and FakeConfig configure the embedded fake (a broken one,
	// for instance); they are errors with an Endpoint.
	FakeRules  string
	FakeConfig string

	// Spec is the OpenAPI document (YAML) the run checks against, as
	// cmd/specgen writes it from a page; empty: the embedded spec. The
	// checks on request members are derived from it, and the embedded
	// fake validates by it.
	Spec []byte
	// SpecFile names a file to read Spec from (when Spec is empty).
	SpecFile string
	// ControlChars sends letter-of-the-pattern values too: control
	// characters, NUL, DEL, C1 in members whose pattern admits them (a
	// refusal is a SHOULD warning). Off by default, so a staging database
	// gets no NUL users unless asked.
	ControlChars bool

	// ReportDir, when set, receives report.md, report.json, junit.xml and
	// failures.har.
	ReportDir string
	// Progress, when set, gets a line per finished check.
	Progress io.Writer
	// Transport is the HTTP transport under the suite's bounds (per-request
	// deadline, body cap, no redirects); nil: a fresh http.Transport with a
	// header timeout and a 64 KiB header cap, HTTP/2 where offered, CABundle
	// and Proxy. For a transport of your own; its header timeout, header
	// cap, TLS and proxy are then yours to set.
	Transport http.RoundTripper
	// CABundle is a PEM file of CAs trusted besides the system's
	// (AWS_CA_BUNDLE), for an endpoint signed by a private CA.
	CABundle string
	// Proxy picks the proxy of each request (FromEnv: HTTPS_PROXY,
	// HTTP_PROXY, NO_PROXY, as the SDKs read them); nil:
	// http.ProxyFromEnvironment.
	Proxy func(*http.Request) (*url.URL, error)
	// Profile declares a deployment whose contract differs (Profiles):
	// the checks it exempts are not applicable, and the verdict says so.
	Profile string
	// roots: the system's CAs and CABundle's, loaded by WithDefaults.
	roots *x509.CertPool
	// endpointVar names the variable the endpoint came from (FromEnv).
	endpointVar string
	// ClientFaultRate makes the suite's own client close its connection
	// while reading that fraction of answers: a client-side fault, to show
	// that such faults are retried and never blamed on the target. For the
	// self-test only.
	ClientFaultRate float64
}

// IsFake says whether the configuration checks the embedded fake.
func (c Config) IsFake() bool { return c.Endpoint == "" }

// FromEnv reads the configuration from the environment (README,
// "Configuration"); unset variables keep base's values.
func FromEnv(base Config, getenv func(string) string) (Config, error) {
	c := base
	c.Endpoint, c.endpointVar = endpointFromEnv(c.Endpoint, getenv)
	str := map[string]*string{
		"AWS_CA_BUNDLE": &c.CABundle, "CHIME_PROFILE": &c.Profile, "CHIME_ACCOUNT_ID": &c.AccountID, "AWS_REGION": &c.Region,
		"CHIME_LABELS": &c.Labels, "CHIME_FORBIDDEN_PROFILE": &c.ForbiddenProfile,
		"CHIME_FAKE_RULES": &c.FakeRules, "CHIME_FAKE_CONFIG": &c.FakeConfig, "CHIME_REPORT_DIR": &c.ReportDir,
		"CHIME_SPEC": &c.SpecFile,
	}
	for name, dst := range str {
		if v := getenv(name); v != "" {
			*dst = v
		}
	}
	ints := map[string]*int{
		"CHIME_MAX_CREATES": &c.MaxCreates, "CHIME_EXAMPLES": &c.Examples,
		"CHIME_THROTTLE_BURST": &c.ThrottleBurst, "CHIME_THROTTLE_WORKERS": &c.ThrottleWorkers,
	}
	for name, dst := range ints {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return c, fmt.Errorf("%s=%q: want a whole number", name, v)
			}
			*dst = n
		}
	}
	floats := map[string]*float64{"CHIME_RPS": &c.RPS, "CHIME_SELFTEST_CLIENT_FAULTS": &c.ClientFaultRate}
	for name, dst := range floats {
		if v := getenv(name); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 {
				return c, fmt.Errorf("%s=%q: want a non-negative number", name, v)
			}
			*dst = f
		}
	}
	durations := map[string]*time.Duration{"CHIME_REQUEST_TIMEOUT": &c.RequestTimeout, "CHIME_TIMEOUT": &c.Timeout}
	for name, dst := range durations {
		if v := getenv(name); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, fmt.Errorf("%s=%q: want a duration such as 30s", name, v)
			}
			*dst = d
		}
	}
	if v := getenv("CHIME_SEED"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return c, fmt.Errorf("CHIME_SEED=%q: want a whole number", v)
		}
		c.Seed = seed
	}
	if p := proxyFromEnv(getenv); p != nil {
		c.Proxy = p
	}
	if v := getenv("CHIME_CONTROL_CHARS"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("CHIME_CONTROL_CHARS=%q: want true or false", v)
		}
		c.ControlChars = b
	}
	if v := getenv("CHIME_PROBE_THROTTLING"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("CHIME_PROBE_THROTTLING=%q: want true or false", v)
		}
		c.ProbeThrottling = b
	}
	return c, nil
}

// EndpointVars are the variables an endpoint is read from, first first:
// the suite's own, then the AWS SDKs' service-specific and global ones
// (which AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns off, as in the
// SDKs). The -endpoint flag comes before them all.
var EndpointVars = []string{"CHIME_ENDPOINT", "AWS_ENDPOINT_URL_CHIME", "AWS_ENDPOINT_URL"}

// endpointFromEnv is the endpoint the environment names, and the variable
// it came from ("" and base when none does).
func endpointFromEnv(base string, getenv func(string) string) (string, string) {
	ignoreAWS, _ := strconv.ParseBool(getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
	for _, name := range EndpointVars {
		if ignoreAWS && name != "CHIME_ENDPOINT" {
			continue
		}
		if v := getenv(name); v != "" {
			return v, name
		}
	}
	return base, ""
}

// proxyFromEnv picks proxies as the SDKs and curl do (HTTPS_PROXY for
// https endpoints, HTTP_PROXY for http ones, NO_PROXY's hosts direct;
// either case of name); nil when no variable is set. Loopback hosts are
// never proxied (golang.org/x/net/http/httpproxy).
func proxyFromEnv(getenv func(string) string) func(*http.Request) (*url.URL, error) {
	either := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return getenv(strings.ToLower(name))
	}
	pc := httpproxy.Config{HTTPProxy: either("HTTP_PROXY"), HTTPSProxy: either("HTTPS_PROXY"), NoProxy: either("NO_PROXY")}
	if pc.HTTPProxy == "" && pc.HTTPSProxy == "" {
		return nil
	}
	pick := pc.ProxyFunc()
	return func(r *http.Request) (*url.URL, error) { return pick(r.URL) }
}

// WithDefaults fills in what was left unset and checks the rest.
func (c Config) WithDefaults() (Config, error) {
	c.Endpoint = strings.TrimRight(c.Endpoint, "/")
	if c.Region == "" && !c.IsFake() {
		c.Region = profileRegion()
	}
	if c.Region == "" {
		c.Region = "us-east-1"
	}
	if c.ThrottleBurst == 0 {
		c.ThrottleBurst = 200
	}
	if c.ThrottleWorkers == 0 {
		c.ThrottleWorkers = 16
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = 30 * time.Second
	}
	if c.Timeout == 0 {
		c.Timeout = 15 * time.Minute
	}
	if c.MaxBody == 0 {
		c.MaxBody = 1 << 20
	}
	if err := c.checkRanges(); err != nil {
		return c, err
	}
	if _, err := ProfileNamed(c.Profile); err != nil {
		return c, err
	}
	if len(c.Spec) == 0 && c.SpecFile != "" {
		b, err := os.ReadFile(c.SpecFile)
		if err != nil {
			return c, fmt.Errorf("spec: %w", err)
		}
		c.Spec = b
	}
	var err error
	if c.roots, err = trustedRoots(c.CABundle); err != nil {
		return c, err
	}
	if c.ClientFaultRate > 1 {
		return c, fmt.Errorf("ClientFaultRate %v: want a fraction in [0, 1]", c.ClientFaultRate)
	}
	if c.IsFake() {
		if c.AccountID == "" {
			c.AccountID = fakes.SampleAccountID
		}
		if c.Examples == 0 {
			c.Examples = 100
		}
		return c, nil
	}
	u, err := url.Parse(c.Endpoint)
	if err == nil && (u.RawQuery != "" || u.Fragment != "") {
		return c, fmt.Errorf("endpoint %q: want a base URL without a query or fragment (https://host or https://host/base-path)", c.Endpoint)
	}
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return c, fmt.Errorf("endpoint: want a base URL (http:// or https://)")
	case u.User != nil:
		return c, fmt.Errorf("endpoint: credentials in the URL are not supported (and would be printed): the target is signed for with AWS credentials")
	}
	if c.AccountID == "" {
		return c, fmt.Errorf("an endpoint is set: the account ID (CHIME_ACCOUNT_ID) must name an existing account there")
	}
	if c.FakeRules != "" || c.FakeConfig != "" {
		return c, fmt.Errorf("fake rules and a fake config (CHIME_FAKE_RULES, CHIME_FAKE_CONFIG) apply to the embedded fake only, not to an endpoint: unset them to check the endpoint")
	}
	if c.MaxCreates == 0 {
		c.MaxCreates = 500
	}
	if c.Examples == 0 {
		c.Examples = 20
	}
	return c, nil
}

// profileRegion is the region the AWS SDK's shared config gives
// (AWS_REGION, AWS_DEFAULT_REGION, the profile's region), as the AWS CLI
// signs for it; "" when none does, or the config cannot be read (the
// credentials' error will say why).
func profileRegion() string {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		return ""
	}
	return cfg.Region
}

// checkRanges refuses values no run can mean: a negative count or
// duration would be read as "the default" or as nothing at all.
func (c Config) checkRanges() error {
	for _, v := range []struct {
		name string
		bad  bool
	}{
		{"examples (CHIME_EXAMPLES, -examples) must be 0 (the default) or more", c.Examples < 0},
		{"the create budget (CHIME_MAX_CREATES, -max-creates) must be 0 (the default) or more", c.MaxCreates < 0},
		{"CHIME_RPS (-rps) must be 0 (unpaced) or more", c.RPS < 0},
		{"the request timeout (CHIME_REQUEST_TIMEOUT, -request-timeout) must be positive (0: the default, 30s)", c.RequestTimeout < 0},
		{"the run's time bound (CHIME_TIMEOUT, -timeout) must be positive (0: the default, 15m)", c.Timeout < 0},
		{"CHIME_THROTTLE_BURST and CHIME_THROTTLE_WORKERS must be 0 (the default) or more", c.ThrottleBurst < 0 || c.ThrottleWorkers < 0},
		{"ClientFaultRate must be a fraction in [0, 1]", c.ClientFaultRate < 0},
	} {
		if v.bad {
			return fmt.Errorf("%s", v.name)
		}
	}
	return nil
}
