package fakes

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// CommandLine is what chime-fake was asked to do.
type CommandLine struct {
	Options    Options
	ListFaults bool // print the fault types and exit
}

// EnvName is the environment variable of a chime-fake flag:
// any-account is CHIME_FAKE_ANY_ACCOUNT.
func EnvName(flagName string) string {
	return "CHIME_FAKE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// setting is one flag: its usage, and how its value changes the config.
type setting struct {
	name, usage string
	isBool      bool
	apply       func(c *Config, v string) error
}

// settings are chime-fake's flags besides -config and -list-faults. Each
// has an environment variable (EnvName) and, but for credentials given as
// one string, a key of the config file.
var settings = []setting{
	{name: "addr", usage: "listen address (default 127.0.0.1:0, any free port)", apply: func(c *Config, v string) error { c.Addr = v; return nil }},
	{name: "accounts", usage: "comma-separated accounts that exist (default: the doc's sample account and 00000000-0000-0000-0000-000000000000)",
		apply: func(c *Config, v string) error { c.Accounts = splitList(v); return nil }},
	{name: "any-account", isBool: true, usage: "every accountId exists", apply: boolSetting(func(c *Config, b bool) { c.AnyAccount = b })},
	{name: "auth", usage: "authentication: off, any (any well-formed SigV4; the default), verify (against -credentials)",
		apply: func(c *Config, v string) error { c.Auth = AuthMode(v); return nil }},
	{name: "auth-errors", usage: "auth failures as front-door (403 InvalidSignatureException etc., as AWS answers them; the default) or modeled (the operation's 401 UnauthorizedClientException)",
		apply: func(c *Config, v string) error { c.AuthErrors = AuthErrors(v); return nil }},
	{name: "credentials", usage: "comma-separated ACCESS_KEY:SECRET[:SESSION_TOKEN] accepted by -auth verify (default: the AWS docs' AKIDEXAMPLE pair)",
		apply: credentialSetting(false)},
	{name: "forbidden-credentials", usage: "comma-separated ACCESS_KEY:SECRET[:SESSION_TOKEN] that authenticate but are answered 403 ForbiddenException",
		apply: credentialSetting(true)},
	{name: "clock-skew", usage: "allowed signing clock skew for -auth verify (default 5m)", apply: func(c *Config, v string) error { c.ClockSkew = v; return nil }},
	{name: "region", usage: "region printed for clients (default us-east-1; any region's signature is accepted)", apply: func(c *Config, v string) error { c.Region = v; return nil }},
	{name: "seed", usage: "seed for fault probabilities and latencies (default: from the clock, printed)", apply: func(c *Config, v string) error {
		n, err := strconv.ParseUint(v, 10, 64)
		c.Seed = n
		return err
	}},
	{name: "header-faults", isBool: true, usage: "honour X-Fake-Fault request headers", apply: boolSetting(func(c *Config, b bool) { c.HeaderFaults = b })},
	{name: "admin-token", usage: "require X-Fake-Admin-Token for the admin API (then reachable from any address)", apply: func(c *Config, v string) error { c.AdminToken = v; return nil }},
	{name: "retry-window", usage: "a request without amz-sdk-invocation-id is a retry of an identical one answered within this (default 10s)",
		apply: func(c *Config, v string) error { c.RetryWindow = v; return nil }},
	{name: "state", usage: "keep accounts and users in this file across restarts (default: in memory only)", apply: func(c *Config, v string) error { c.State = v; return nil }},
	{name: "state-interval", usage: "save the -state file this often when changed, and at shutdown (default 5s)",
		apply: func(c *Config, v string) error { c.StateInterval = v; return nil }},
	{name: "read-header-timeout", usage: "bound on reading a request's headers (default 30s)",
		apply: func(c *Config, v string) error { c.Limits.ReadHeaderTimeout = v; return nil }},
	{name: "read-timeout", usage: "bound on reading a whole request, body included (default 60s)",
		apply: func(c *Config, v string) error { c.Limits.ReadTimeout = v; return nil }},
	{name: "idle-timeout", usage: "close a keep-alive connection idle this long (default 120s)",
		apply: func(c *Config, v string) error { c.Limits.IdleTimeout = v; return nil }},
	{name: "shutdown-timeout", usage: "at a stop, wait this long for requests in flight, then cut them (default 5s)",
		apply: func(c *Config, v string) error { c.Limits.ShutdownTimeout = v; return nil }},
	{name: "max-conns", usage: "open connections at most; more wait in the listen backlog (default 1000)",
		apply: intSetting(func(c *Config, n int) { c.Limits.MaxConns = n })},
	{name: "max-active-faults", usage: "requests a fault acts on at once at most; past it faults are skipped (default 500)",
		apply: intSetting(func(c *Config, n int) { c.Limits.MaxActiveFaults = n })},
	{name: "max-header-bytes", usage: "bytes of a request's line and headers at most; past them net/http answers 431 (default 65536)",
		apply: intSetting(func(c *Config, n int) { c.Limits.MaxHeaderBytes = n })},
	{name: "log", usage: "log to stderr from this level: off, error, warn, info (the default), debug (a line per request, no headers or bodies)",
		apply: func(c *Config, v string) error { c.Log = v; return nil }},
	{name: "journal-size", usage: "requests kept in the journal (default 1000)", apply: intSetting(func(c *Config, n int) { c.JournalSize = n })},
}

func intSetting(set func(*Config, int)) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		set(c, n)
		return err
	}
}

func boolSetting(set func(*Config, bool)) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		set(c, b)
		return err
	}
}

// credentialSetting replaces the config's allowed (or forbidden)
// credentials with those of the flag. Errors never quote the value: it
// holds secrets.
func credentialSetting(forbidden bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		kept := c.Credentials[:0:0]
		for _, cred := range c.Credentials {
			if cred.Forbidden != forbidden {
				kept = append(kept, cred)
			}
		}
		for _, item := range splitList(v) {
			parts := strings.SplitN(item, ":", 3)
			if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
				return fmt.Errorf("want ACCESS_KEY:SECRET[:SESSION_TOKEN] (the value is not shown)")
			}
			cred := Credential{AccessKeyID: parts[0], SecretAccessKey: parts[1], Forbidden: forbidden}
			if len(parts) == 3 {
				cred.SessionToken = parts[2]
			}
			kept = append(kept, cred)
		}
		c.Credentials = kept
		return nil
	}
}

// stringValue records a flag's raw text; settings apply it later, in
// precedence order.
type stringValue struct {
	v      *string
	isBool bool
}

func (s stringValue) String() string {
	if s.v == nil {
		return ""
	}
	return *s.v
}
func (s stringValue) Set(v string) error { *s.v = v; return nil }
func (s stringValue) IsBoolFlag() bool   { return s.isBool }

// ParseCommandLine reads chime-fake's flags, their environment variables
// (EnvName) and the config file, in that precedence: a flag wins over its
// variable, which wins over the file, which wins over the default. Usage,
// flag errors and the fake's log go to output. The options come with every
// default filled in; a seed left 0 is taken from the clock.
func ParseCommandLine(args []string, getenv func(string) string, output io.Writer) (CommandLine, error) {
	var cl CommandLine
	fs := flag.NewFlagSet("chime-fake", flag.ContinueOnError)
	fs.SetOutput(output)
	configPath := fs.String("config", "", "config file (YAML or JSON; see README)")
	fs.BoolVar(&cl.ListFaults, "list-faults", false, "list the fault types, with what real clients do with each, and exit")
	given := make(map[string]*string, len(settings))
	for _, s := range settings {
		given[s.name] = new(string)
		fs.Var(stringValue{given[s.name], s.isBool}, s.name, s.usage)
	}
	if err := fs.Parse(args); err != nil {
		return cl, err
	}
	if fs.NArg() > 0 {
		return cl, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	setByFlag := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { setByFlag[f.Name] = true })
	if !setByFlag["config"] {
		*configPath = getenv(EnvName("config"))
	}
	var cfg Config
	if *configPath != "" {
		var err error
		if cfg, err = ReadConfig(*configPath); err != nil {
			return cl, err
		}
	}
	for _, s := range settings {
		if err := applySetting(&cfg, s, getenv, setByFlag[s.name], *given[s.name]); err != nil {
			return cl, err
		}
	}
	if cfg.Seed == 0 {
		cfg.Seed = uint64(time.Now().UnixNano())
	}
	opts, err := cfg.Options()
	if err != nil {
		return cl, err
	}
	if opts.Logger, err = newLogger(cfg.Log, output); err != nil {
		return cl, err
	}
	cl.Options = opts.withDefaults()
	return cl, nil
}

// applySetting applies the flag's value if it was given, else its
// environment variable's, if set.
func applySetting(cfg *Config, s setting, getenv func(string) string, byFlag bool, flagValue string) error {
	if byFlag {
		if err := s.apply(cfg, flagValue); err != nil {
			return fmt.Errorf("-%s: %w", s.name, err)
		}
		return nil
	}
	if v := getenv(EnvName(s.name)); v != "" {
		if err := s.apply(cfg, v); err != nil {
			return fmt.Errorf("%s: %w", EnvName(s.name), err)
		}
	}
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
