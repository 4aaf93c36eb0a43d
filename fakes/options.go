// Package fakes is a fake Amazon Chime CreateUser service: faithful by
// default (spec-driven validation, accounts, duplicate Emails, SigV4,
// AWS-shaped errors), with fault injection on demand. It is a library
// first; cmd/chime-fake is flag parsing over it.
//
//	srv, err := fakes.NewServer(fakes.Options{})
//	defer srv.Close()
//	out, err := srv.Client().CreateUser(ctx, &chime.CreateUserInput{AccountId: aws.String(fakes.SampleAccountID)})
package fakes

import (
	"log/slog"
	"slices"
	"time"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/spec"
)

// SampleAccountID is the account of the reference page's example; the fake
// serves it by default.
const SampleAccountID = "12a3456b-7c89-012d-3456-78901e23fg45"

// DefaultAccounts are served when Options.Accounts is empty.
var DefaultAccounts = []string{SampleAccountID, "00000000-0000-0000-0000-000000000000"}

// Credential is an AWS key pair the fake accepts (and Client() signs with).
// With a SessionToken it is a temporary credential: requests must carry
// that token. A Forbidden credential authenticates, and is then answered
// 403 ForbiddenException: an identity without permission.
type Credential struct {
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SessionToken    string `json:"sessionToken,omitempty"`
	Forbidden       bool   `json:"forbidden,omitempty"`
}

// MaxJournalSize caps Options.JournalSize: a full journal of it may hold
// up to 25 GB (25 KiB an entry at worst, 2 KiB for an SDK's request).
const MaxJournalSize = 1_000_000

// DefaultCredential is the AWS documentation's example key pair.
var DefaultCredential = Credential{AccessKeyID: "AKIDEXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}

// AuthMode says how requests are authenticated.
type AuthMode string

const (
	AuthOff    AuthMode = "off"    // no check
	AuthAny    AuthMode = "any"    // any well-formed SigV4 signature, any key (the default)
	AuthVerify AuthMode = "verify" // the signature must verify against Credentials
)

// AuthErrors says how authentication failures are answered.
type AuthErrors string

const (
	// AuthErrorsFrontDoor answers as AWS's front door does, before the
	// operation's code runs (the default): 403
	// MissingAuthenticationTokenException, InvalidSignatureException
	// ("Signature expired: ...", which SDKs read to correct their clock) or
	// UnrecognizedClientException, with X-Amzn-ErrorType and a body
	// {"message": ...}.
	AuthErrorsFrontDoor AuthErrors = "front-door"
	// AuthErrorsModeled answers 401 UnauthorizedClientException, the
	// operation's own documented error, with AWS's message: for a client
	// that must handle the modeled error. aws-sdk-go-v2 does not correct
	// its clock from it.
	AuthErrorsModeled AuthErrors = "modeled"
)

// Options configure a Server. The zero value is a faithful fake on a
// loopback port, accepting any signature.
type Options struct {
	Addr string // listen address; default 127.0.0.1:0

	Accounts   []string // accounts that exist; default DefaultAccounts
	AnyAccount bool     // every accountId exists

	Auth        AuthMode      // default AuthAny
	AuthErrors  AuthErrors    // default AuthErrorsFrontDoor
	Credentials []Credential  // accepted by AuthVerify; the first allowed one signs Client(); DefaultCredential when none is allowed
	ClockSkew   time.Duration // allowed signing-time skew for AuthVerify; default 5m, as AWS
	Region      string        // Client()'s region; default us-east-1

	Seed         uint64        // seeds fault probabilities and latencies
	Rules        []faults.Rule // fault rules from the start
	HeaderFaults bool          // honour X-Fake-Fault request headers (off by default)
	// RetryWindow: a request without amz-sdk-invocation-id is a retry of
	// the latest identical one answered at most this long ago (see calls);
	// default DefaultRetryWindow.
	RetryWindow time.Duration
	// FaultTypes are the types the admin API and X-Fake-Fault accept;
	// default faults.Builtin(). Add a Kind of your own to rehearse a fault
	// the fake lacks.
	FaultTypes *faults.Registry

	// StateFile, when set, keeps accounts and users across restarts: loaded
	// at start (a missing file is an empty state; a foreign or damaged one
	// an error), saved atomically every StateInterval when changed, and on
	// Close. Default: in memory only.
	StateFile     string
	StateInterval time.Duration // default DefaultStateInterval

	Limits Limits // timeouts, connection and active-fault caps; zero fields take DefaultLimits

	AdminToken string // when set, the admin API needs X-Fake-Admin-Token from anywhere; else it is loopback-only
	// JournalSize is the requests the journal keeps: default 1000, at most
	// MaxJournalSize. An entry takes 25 KiB at most (README, "Limits").
	JournalSize int

	// Spec is the document requests are validated against; default the
	// embedded one (spec.Load). Another page's spec (spec.Parse) makes a
	// fake of that page: the suites check an edited page this way.
	Spec *spec.Spec

	Now    func() time.Time // clock for timestamps and skew; default time.Now
	Logger *slog.Logger     // default: discard
}

func (o Options) withDefaults() Options {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if len(o.Accounts) == 0 {
		o.Accounts = DefaultAccounts
	}
	if o.Auth == "" {
		o.Auth = AuthAny
	}
	if o.AuthErrors == "" {
		o.AuthErrors = AuthErrorsFrontDoor
	}
	if !slices.ContainsFunc(o.Credentials, func(c Credential) bool { return !c.Forbidden }) {
		o.Credentials = append([]Credential{DefaultCredential}, o.Credentials...)
	}
	if o.ClockSkew == 0 {
		o.ClockSkew = 5 * time.Minute
	}
	if o.StateInterval == 0 {
		o.StateInterval = DefaultStateInterval
	}
	if o.RetryWindow == 0 {
		o.RetryWindow = DefaultRetryWindow
	}
	if o.Region == "" {
		o.Region = "us-east-1"
	}
	if o.FaultTypes == nil {
		o.FaultTypes = faults.Builtin()
	}
	if o.JournalSize == 0 {
		o.JournalSize = 1000
	}
	o.Limits = o.Limits.withDefaults()
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}
