package framework

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// Config says what to check. It comes from the environment (see README,
// "Conformance suites"); cmd/chime-conform may set Overrides.
type Config struct {
	Endpoint    string // CHIME_ENDPOINT; empty: the embedded fake
	AccountID   string // CHIME_ACCOUNT_ID
	Region      string // AWS_REGION; default us-east-1
	MaxCreates  int    // CHIME_MAX_CREATES; default 0 (unlimited) for the fake, 500 for an endpoint
	Examples    int    // CHIME_EXAMPLES: rapid examples per property; default 100, or 20 for an endpoint
	RPS         float64
	Throttling  bool   // CHIME_PROBE_THROTTLING: send a bounded burst to provoke 429
	Burst       int    // CHIME_THROTTLE_BURST; default 50
	FaultHeader bool   // CHIME_FAULT_HEADERS: the target honours X-Fake-Fault (on for the embedded fake)
	FakeRules   string // CHIME_FAKE_RULES: JSON rules for the embedded fake (the self-test's mutants)
	FakeConfig  string // CHIME_FAKE_CONFIG: a chime-fake config file for the embedded fake
	ReportDir   string // CHIME_REPORT_DIR: where to write report.md / report.json / junit.xml
}

// Overrides, when set, are used instead of the environment.
var Overrides *Config

// ConfigFromEnv reads the configuration from the environment.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		Endpoint:    strings.TrimRight(getenv("CHIME_ENDPOINT"), "/"),
		AccountID:   getenv("CHIME_ACCOUNT_ID"),
		Region:      getenv("AWS_REGION"),
		Throttling:  truthy(getenv("CHIME_PROBE_THROTTLING")),
		FaultHeader: truthy(getenv("CHIME_FAULT_HEADERS")),
		FakeRules:   getenv("CHIME_FAKE_RULES"),
		FakeConfig:  getenv("CHIME_FAKE_CONFIG"),
		ReportDir:   getenv("CHIME_REPORT_DIR"),
	}
	var err error
	ints := []struct {
		name string
		dst  *int
	}{{"CHIME_MAX_CREATES", &c.MaxCreates}, {"CHIME_EXAMPLES", &c.Examples}, {"CHIME_THROTTLE_BURST", &c.Burst}}
	for _, v := range ints {
		if s := getenv(v.name); s != "" {
			if *v.dst, err = strconv.Atoi(s); err != nil || *v.dst < 0 {
				return c, fmt.Errorf("%s=%q: want a whole number", v.name, s)
			}
		}
	}
	if s := getenv("CHIME_RPS"); s != "" {
		if c.RPS, err = strconv.ParseFloat(s, 64); err != nil || c.RPS < 0 {
			return c, fmt.Errorf("CHIME_RPS=%q: want a number of requests per second", s)
		}
	}
	return c.withDefaults()
}

func truthy(s string) bool {
	b, _ := strconv.ParseBool(s)
	return b
}

func (c Config) withDefaults() (Config, error) {
	if c.Region == "" {
		c.Region = "us-east-1"
	}
	if c.Burst == 0 {
		c.Burst = 50
	}
	if c.Endpoint == "" {
		if c.AccountID == "" {
			c.AccountID = fakes.SampleAccountID
		}
		if c.Examples == 0 {
			c.Examples = 100
		}
		c.FaultHeader = true
		return c, nil
	}
	if !strings.HasPrefix(c.Endpoint, "http://") && !strings.HasPrefix(c.Endpoint, "https://") {
		return c, fmt.Errorf("CHIME_ENDPOINT=%q: want a base URL (http:// or https://)", c.Endpoint)
	}
	if c.AccountID == "" {
		return c, fmt.Errorf("CHIME_ENDPOINT is set: CHIME_ACCOUNT_ID must name an existing account there")
	}
	if c.FakeRules != "" || c.FakeConfig != "" {
		return c, fmt.Errorf("CHIME_FAKE_RULES and CHIME_FAKE_CONFIG apply to the embedded fake only; unset CHIME_ENDPOINT")
	}
	if c.MaxCreates == 0 {
		c.MaxCreates = 500
	}
	if c.Examples == 0 {
		c.Examples = 20
	}
	return c, nil
}

// Target is the implementation under test.
type Target struct {
	Config
	Credentials aws.CredentialsProvider
	RunID       string        // marks this run's test data
	Fake        *fakes.Server // the embedded fake, when no endpoint was given
	Client      *Client
}

// IsFake says whether the target is the embedded fake.
func (t *Target) IsFake() bool { return t.Fake != nil }

// Start connects to the configured target, or starts the embedded fake:
// signatures verified, fault headers honoured, with any mutant rules.
func Start(ctx context.Context, c Config) (*Target, error) {
	t := &Target{Config: c, RunID: newRunID()}
	if c.Endpoint == "" {
		opts, err := fakeOptions(c)
		if err != nil {
			return nil, err
		}
		srv, err := fakes.NewServer(opts)
		if err != nil {
			return nil, err
		}
		t.Fake, t.Endpoint = srv, srv.URL()
		cred := opts.Credentials[0]
		t.Credentials = credentials.NewStaticCredentialsProvider(cred.AccessKeyID, cred.SecretAccessKey, cred.SessionToken)
	} else {
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(c.Region))
		if err != nil {
			return nil, fmt.Errorf("AWS credentials: %w", err)
		}
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			return nil, fmt.Errorf("AWS credentials: none found in the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE...): %w", err)
		}
		t.Credentials = cfg.Credentials
	}
	t.Client = newClient(t)
	if !t.IsFake() {
		if err := t.preflight(ctx); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// preflight makes sure the endpoint answers HTTP at all, with an unsigned
// request (which cannot create anything): an unreachable target is a run
// that could not be made, not a list of failed checks.
func (t *Target) preflight(ctx context.Context) error {
	x, err := t.Client.once(ctx, Request{Account: t.AccountID, Body: []byte(`{}`), Unsigned: true})
	if err != nil {
		return err
	}
	if x.TransportError != "" {
		return fmt.Errorf("CHIME_ENDPOINT %s does not answer: %s", t.Endpoint, x.TransportError)
	}
	return nil
}

// fakeOptions configures the embedded fake: from CHIME_FAKE_CONFIG (a
// chime-fake config file) when given, then what the suite needs: signatures
// verified unless the config says otherwise, fault headers honoured (to
// provoke 403/429/500/503), the account, and CHIME_FAKE_RULES appended.
func fakeOptions(c Config) (fakes.Options, error) {
	var cfg fakes.Config
	if c.FakeConfig != "" {
		var err error
		if cfg, err = fakes.ReadConfig(c.FakeConfig); err != nil {
			return fakes.Options{}, fmt.Errorf("CHIME_FAKE_CONFIG: %w", err)
		}
	}
	opts, err := cfg.Options()
	if err != nil {
		return opts, err
	}
	if opts.Auth == "" {
		opts.Auth = fakes.AuthVerify
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	opts.Addr, opts.HeaderFaults = "", true
	if !slices.Contains(opts.Accounts, c.AccountID) {
		opts.Accounts = append(slices.Clone(opts.Accounts), c.AccountID)
	}
	if len(opts.Credentials) == 0 {
		opts.Credentials = []fakes.Credential{fakes.DefaultCredential}
	}
	if c.FakeRules != "" {
		rules, err := faults.ParseRules(c.FakeRules)
		if err != nil {
			return opts, fmt.Errorf("CHIME_FAKE_RULES: %w", err)
		}
		opts.Rules = append(opts.Rules, rules...)
	}
	return opts, nil
}

// Stop stops the embedded fake, if any.
func (t *Target) Stop() {
	if t.Fake != nil {
		_ = t.Fake.Close()
	}
}

func newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Describe says what is checked, without secrets.
func (t *Target) Describe() string {
	target := t.Endpoint
	if t.IsFake() {
		target = "embedded fake at " + t.Endpoint
	}
	budget := "unlimited"
	if t.MaxCreates > 0 {
		budget = strconv.Itoa(t.MaxCreates)
	}
	return fmt.Sprintf("target %s, account %s, region %s, run %s, create budget %s, %d examples per property",
		target, t.AccountID, t.Region, t.RunID, budget, t.Examples)
}
