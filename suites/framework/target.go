package framework

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/spec"
)

// Target is the implementation under test: an endpoint, or the embedded
// fake. Either way the checks reach it only over HTTP.
type Target struct {
	Endpoint    string
	Credentials aws.CredentialsProvider
	RunID       string        // tags this run's test data
	basePath    string        // the endpoint's path, escaped ("/prefix"), or ""
	fake        *fakes.Server // the embedded fake, stopped with the run
	describe    string
}

// startTarget connects to the configured endpoint, or starts the embedded
// fake (signatures verified, configured like any chime-fake).
func startTarget(ctx context.Context, c Config, sp *spec.Spec) (*Target, error) {
	t := &Target{Endpoint: c.Endpoint, Credentials: c.Credentials, RunID: newRunID()}
	if c.IsFake() {
		opts, err := fakeOptions(c)
		if err != nil {
			return nil, err
		}
		opts.Spec = sp // the fake of the page the run checks
		srv, err := fakes.NewServer(opts)
		if err != nil {
			return nil, err
		}
		t.fake, t.Endpoint = srv, srv.URL()
		if t.Credentials == nil {
			cred := opts.Credentials[0]
			t.Credentials = credentials.NewStaticCredentialsProvider(cred.AccessKeyID, cred.SecretAccessKey, cred.SessionToken)
		}
	} else if t.Credentials == nil {
		cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(c.Region))
		if err != nil {
			return nil, fmt.Errorf("AWS credentials: %w", err)
		}
		t.Credentials = cfg.Credentials
	}
	if _, err := t.Credentials.Retrieve(ctx); err != nil {
		t.stop()
		return nil, fmt.Errorf("AWS credentials: none found in the standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE...): %w", err)
	}
	where := t.Endpoint
	if t.fake != nil {
		where = "embedded fake at " + t.Endpoint
	} else if c.endpointVar != "" {
		where += " (from " + c.endpointVar + ")"
	}
	if u, err := url.Parse(t.Endpoint); err == nil {
		t.basePath = u.EscapedPath()
	}
	budget := "unlimited"
	if c.MaxCreates > 0 {
		budget = strconv.Itoa(c.MaxCreates)
	}
	t.describe = fmt.Sprintf("target %s, account %s, region %s, run tag %s, create budget %s, up to %d examples per property",
		where, c.AccountID, c.Region, t.RunID, budget, c.Examples)
	return t, nil
}

// fakeOptions configures the embedded fake: from the config file when
// given, then what a faithful target needs: signatures verified unless the
// file says otherwise, the account, and the extra rules appended. Header
// faults stay off: the checks are black-box.
func fakeOptions(c Config) (fakes.Options, error) {
	var cfg fakes.Config
	if c.FakeConfig != "" {
		var err error
		if cfg, err = fakes.ReadConfig(c.FakeConfig); err != nil {
			return fakes.Options{}, fmt.Errorf("fake config: %w", err)
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
	opts.Addr = ""
	if !slices.Contains(opts.Accounts, c.AccountID) {
		opts.Accounts = append(slices.Clone(opts.Accounts), c.AccountID)
	}
	if len(opts.Credentials) == 0 {
		opts.Credentials = []fakes.Credential{fakes.DefaultCredential}
	}
	if c.FakeRules != "" {
		rules, err := faults.ParseRules(c.FakeRules)
		if err != nil {
			return opts, fmt.Errorf("fake rules: %w", err)
		}
		opts.Rules = append(opts.Rules, rules...)
	}
	return opts, nil
}

func (t *Target) stop() {
	if t.fake != nil {
		_ = t.fake.Close()
	}
}

func newRunID() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
