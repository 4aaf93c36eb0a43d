// Command chime-fake runs the fake Amazon Chime CreateUser service.
//
//	go run ./cmd/chime-fake                       # loopback port, any signature accepted
//	go run ./cmd/chime-fake -addr 127.0.0.1:4599 -config fake.yaml
//	go run ./cmd/chime-fake -list-faults
//
// Every flag has an environment variable: -any-account is CHIME_FAKE_ANY_ACCOUNT.
// Precedence: flag, then environment, then config file, then default.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/chime-conformance/createuser/fakes"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "chime-fake:", err)
		}
		os.Exit(2)
	}
}

type flags struct {
	fs                                  *flag.FlagSet
	config, addr, accounts, auth, authE *string
	creds, skew, adminToken, region     *string
	anyAccount, headerFaults, list      *bool
	seed                                *uint64
	journal                             *int
}

func newFlags(stderr io.Writer) *flags {
	fs := flag.NewFlagSet("chime-fake", flag.ContinueOnError)
	fs.SetOutput(stderr)
	return &flags{
		fs:           fs,
		config:       fs.String("config", "", "config file (YAML or JSON; see README)"),
		addr:         fs.String("addr", "127.0.0.1:0", "listen address (port 0: any free port)"),
		accounts:     fs.String("accounts", "", "comma-separated accounts that exist (default: the doc's sample account and 00000000-0000-0000-0000-000000000000)"),
		anyAccount:   fs.Bool("any-account", false, "every accountId exists"),
		auth:         fs.String("auth", "any", "authentication: off, any (any well-formed SigV4), verify (against -credentials)"),
		authE:        fs.String("auth-errors", "modeled", "auth failures as modeled (401 UnauthorizedClientException) or front-door (403 MissingAuthenticationToken/InvalidSignature/UnrecognizedClient)"),
		creds:        fs.String("credentials", "", "comma-separated ACCESS_KEY:SECRET[:SESSION_TOKEN] accepted by -auth verify (default: the AWS docs' AKIDEXAMPLE pair)"),
		skew:         fs.String("clock-skew", "5m", "allowed signing clock skew for -auth verify"),
		region:       fs.String("region", "us-east-1", "region printed for clients"),
		seed:         fs.Uint64("seed", 0, "seed for fault probabilities and latencies (0: from the clock, printed)"),
		headerFaults: fs.Bool("header-faults", false, "honour X-Fake-Fault request headers"),
		adminToken:   fs.String("admin-token", "", "require X-Fake-Admin-Token for the admin API (then reachable from any address)"),
		journal:      fs.Int("journal-size", 1000, "requests kept in the journal"),
		list:         fs.Bool("list-faults", false, "list the fault types and exit"),
	}
}

// envName maps a flag to its environment variable: any-account → CHIME_FAKE_ANY_ACCOUNT.
func envName(flagName string) string {
	return "CHIME_FAKE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (f *flags) parse(args []string, getenv func(string) string) (map[string]bool, error) {
	if err := f.fs.Parse(args); err != nil {
		return nil, err
	}
	if f.fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", f.fs.Args())
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var err error
	f.fs.VisitAll(func(fl *flag.Flag) {
		if v := getenv(envName(fl.Name)); v != "" && !set[fl.Name] && err == nil {
			if e := fl.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", envName(fl.Name), v, e)
			}
			set[fl.Name] = true
		}
	})
	return set, err
}

func (f *flags) options(set map[string]bool) (fakes.Options, error) {
	var cfg fakes.Config
	if *f.config != "" {
		c, err := fakes.ReadConfig(*f.config)
		if err != nil {
			return fakes.Options{}, err
		}
		cfg = c
	}
	if set["addr"] || cfg.Addr == "" {
		cfg.Addr = *f.addr
	}
	if set["accounts"] {
		cfg.Accounts = splitList(*f.accounts)
	}
	if set["any-account"] {
		cfg.AnyAccount = *f.anyAccount
	}
	if set["auth"] || cfg.Auth == "" {
		cfg.Auth = fakes.AuthMode(*f.auth)
	}
	if set["auth-errors"] || cfg.AuthErrors == "" {
		cfg.AuthErrors = fakes.AuthErrors(*f.authE)
	}
	if set["credentials"] {
		cfg.Credentials = nil
		for _, c := range splitList(*f.creds) {
			parts := strings.SplitN(c, ":", 3)
			if len(parts) < 2 {
				return fakes.Options{}, fmt.Errorf("-credentials: want ACCESS_KEY:SECRET[:SESSION_TOKEN] (the value is not shown)")
			}
			cred := fakes.Credential{AccessKeyID: parts[0], SecretAccessKey: parts[1]}
			if len(parts) == 3 {
				cred.SessionToken = parts[2]
			}
			cfg.Credentials = append(cfg.Credentials, cred)
		}
	}
	if set["clock-skew"] || cfg.ClockSkew == "" {
		cfg.ClockSkew = *f.skew
	}
	if set["region"] || cfg.Region == "" {
		cfg.Region = *f.region
	}
	if set["seed"] || cfg.Seed == 0 {
		cfg.Seed = *f.seed
	}
	if cfg.Seed == 0 {
		cfg.Seed = uint64(time.Now().UnixNano())
	}
	if set["header-faults"] {
		cfg.HeaderFaults = *f.headerFaults
	}
	if set["admin-token"] {
		cfg.AdminToken = *f.adminToken
	}
	if set["journal-size"] || cfg.JournalSize == 0 {
		cfg.JournalSize = *f.journal
	}
	return cfg.Options()
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

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags(stderr)
	set, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if *f.list {
		return listFaults(stdout)
	}
	opts, err := f.options(set)
	if err != nil {
		return err
	}
	srv, err := fakes.NewServer(opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "chime-fake listening on %s\n", srv.URL())
	fmt.Fprintf(stdout, "  accounts: %s%s\n", strings.Join(srv.Accounts(), ", "), map[bool]string{true: " (and any other: -any-account)"}[opts.AnyAccount])
	fmt.Fprintf(stdout, "  auth: %s (%s errors), region %s, seed %d, %d fault rule(s)\n", opts.Auth, opts.AuthErrors, opts.Region, opts.Seed, len(opts.Rules))
	fmt.Fprintf(stdout, "  admin API: %s%s\n", srv.URL(), fakes.AdminPrefix)
	fmt.Fprintf(stdout, "  try: aws chime create-user --endpoint-url %s --region %s --account-id %s --email jane@example.com\n", srv.URL(), opts.Region, srv.Accounts()[0])
	<-ctx.Done()
	fmt.Fprintln(stdout, "chime-fake: stopping")
	return srv.Close()
}

func listFaults(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tCATEGORY\tDESCRIPTION\tEXAMPLE")
	for _, t := range fakes.FaultTypes() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Type, t.Category, t.Description, t.Example)
	}
	return tw.Flush()
}
