// Command chime-conform runs the CreateUser conformance checks against a
// target and writes a compatibility report (Markdown, JSON, JUnit, HAR).
//
//	go run ./cmd/chime-conform                                   # against the embedded fake
//	CHIME_ENDPOINT=https://... CHIME_ACCOUNT_ID=... go run ./cmd/chime-conform
//	go run ./cmd/chime-conform -seed N -labels CU-REQ-02          # replay a failure
//	go run ./cmd/chime-conform -list                              # the checks
//
// Exit status: 0 COMPATIBLE, 1 INCOMPATIBLE (a MUST check failed on the
// target's evidence), 3 INCOMPLETE (nothing failed, but not every MUST check
// of the default selection passed), 2 the run could not be made.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/report"
)

func main() {
	// The first SIGINT or SIGTERM ends the run with a partial report; the
	// next one, with the default handling back, kills the process.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chime-conform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", "", "base URL of the target (default $CHIME_ENDPOINT; empty: the embedded fake)")
	account := fs.String("account", "", "an existing account at the target (default $CHIME_ACCOUNT_ID)")
	out := fs.String("out", "", "directory for report.md, report.json, junit.xml and failures.har (default $CHIME_REPORT_DIR, or reports)")
	examples := fs.Int("examples", 0, "rapid examples per property (default $CHIME_EXAMPLES, or 100 for the fake and 20 for an endpoint)")
	maxCreates := fs.Int("max-creates", 0, "most requests that may create a user (default $CHIME_MAX_CREATES, or 500 for an endpoint)")
	seed := fs.Uint64("seed", 0, "the run's seed: the same seed replays the same inputs (default $CHIME_SEED, or random)")
	labels := fs.String("labels", "", "Ginkgo label filter, e.g. 'MUST && !stateful' or 'CU-ERR-409' (default $CHIME_LABELS)")
	rules := fs.String("fake-rules", "", "fault rules (JSON) for the embedded fake: run the checks against a broken fake (default $CHIME_FAKE_RULES)")
	fakeConfig := fs.String("fake-config", "", "a chime-fake config file for the embedded fake (default $CHIME_FAKE_CONFIG)")
	throttling := fs.Bool("probe-throttling", false, "opt-in: send a bounded concurrent burst to provoke 429 (default $CHIME_PROBE_THROTTLING)")
	forbidden := fs.String("forbidden-profile", "", "opt-in: an AWS profile without permission, to provoke 403 (default $CHIME_FORBIDDEN_PROFILE)")
	timeout := fs.Duration("timeout", 0, "bound on the whole run (default $CHIME_TIMEOUT, or 15m)")
	profile := fs.String("profile", "", "a declared profile: signatures-at-gateway (SigV4 verified in front of the service) (default $CHIME_PROFILE)")
	region := fs.String("region", "", "the region requests are signed for (default $AWS_REGION, or the profile's region, or us-east-1)")
	rps := fs.Float64("rps", 0, "requests per second at most (default $CHIME_RPS, or unpaced)")
	requestTimeout := fs.Duration("request-timeout", 0, "each request's deadline (default $CHIME_REQUEST_TIMEOUT, or 30s)")
	controlChars := fs.Bool("control-chars", false, "also send letter-of-the-pattern values (control characters, NUL, DEL, C1); a refusal is a SHOULD warning (default $CHIME_CONTROL_CHARS, or off)")
	specFile := fs.String("spec", "", "the OpenAPI document to check against, as specgen writes it from a page (default $CHIME_SPEC, or the embedded spec)")
	list := fs.Bool("list", false, "list the checks and exit")
	quiet := fs.Bool("quiet", false, "print only the verdict line")
	fs.Usage = usage(fs, stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage = usage(fs, stdout)
			fs.Usage()
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "chime-conform:", unexpectedArgs(fs.Args()))
		return 2
	}
	if *list {
		_, _ = stdout.Write(conformance.CatalogueYAML())
		return 0
	}
	cfg, err := conformance.ConfigFromEnv(getenv)
	if err != nil {
		fmt.Fprintln(stderr, "chime-conform:", err)
		return 2
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "endpoint":
			cfg.Endpoint = *endpoint
		case "account":
			cfg.AccountID = *account
		case "examples":
			cfg.Examples = *examples
		case "max-creates":
			cfg.MaxCreates = *maxCreates
		case "seed":
			cfg.Seed = *seed
		case "labels":
			cfg.Labels = *labels
		case "fake-rules":
			cfg.FakeRules = *rules
		case "fake-config":
			cfg.FakeConfig = *fakeConfig
		case "probe-throttling":
			cfg.ProbeThrottling = *throttling
		case "forbidden-profile":
			cfg.ForbiddenProfile = *forbidden
		case "timeout":
			cfg.Timeout = *timeout
		case "profile":
			cfg.Profile = *profile
		case "region":
			cfg.Region = *region
		case "rps":
			cfg.RPS = *rps
		case "request-timeout":
			cfg.RequestTimeout = *requestTimeout
		case "control-chars":
			cfg.ControlChars = *controlChars
		case "spec":
			cfg.SpecFile = *specFile
		}
	})
	switch {
	case *out != "":
		cfg.ReportDir = *out
	case cfg.ReportDir == "":
		cfg.ReportDir = "reports"
	}
	if msg := fakeSettingWithEndpoint(cfg, fs, getenv); msg != "" {
		fmt.Fprintln(stderr, "chime-conform:", msg)
		return 2
	}
	if err := conformance.Validate(cfg); err != nil {
		fmt.Fprintln(stderr, "chime-conform:", err)
		return 2
	}
	if !*quiet {
		cfg.Progress = stdout
	}
	rep, err := conformance.Run(ctx, cfg)
	if *quiet {
		fmt.Fprintf(stdout, "%s pass=%d fail=%d warn=%d inconclusive=%d skipped=%d notrun=%d%s\n", rep.Headline(),
			rep.Counts[report.Pass], rep.Counts[report.Fail], rep.Counts[report.Warn], rep.Counts[report.Inconclusive],
			rep.Counts[report.Skipped], rep.Counts[report.NotRun], seedField(rep.Seed))
	} else {
		fmt.Fprint(stdout, "\n", rep.Markdown())
		fmt.Fprintf(stdout, "\nreports: %s/{report.md,report.json,junit.xml,failures.har}\n", cfg.ReportDir)
	}
	if err != nil {
		fmt.Fprintln(stderr, "chime-conform:", err)
		if rep.Verdict != report.NotChecked {
			return 2 // the report could not be written
		}
	}
	return rep.Verdict.ExitCode()
}

// seedField is the quiet line's seed: none for a run that drew none.
func seedField(seed uint64) string {
	if seed == 0 {
		return ""
	}
	return fmt.Sprintf(" seed=%d", seed)
}

// fakeSettingWithEndpoint names a setting for the embedded fake given with
// an endpoint (CHIME_FAKE_CONFIG exported for chime-fake, say), where it
// came from, and what to do; "" when there is none.
func fakeSettingWithEndpoint(cfg conformance.Config, fs *flag.FlagSet, getenv func(string) string) string {
	if cfg.IsFake() {
		return ""
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, s := range []struct{ flag, env, value string }{
		{"fake-config", "CHIME_FAKE_CONFIG", cfg.FakeConfig}, {"fake-rules", "CHIME_FAKE_RULES", cfg.FakeRules},
	} {
		switch {
		case s.value == "":
		case set[s.flag]:
			return fmt.Sprintf("-%s configures the embedded fake, but the target is the endpoint %s: drop -%s, or the endpoint to check the fake", s.flag, cfg.Endpoint, s.flag)
		case getenv(s.env) != "":
			return fmt.Sprintf("%s is set (%q), but it configures the embedded fake, and the target is the endpoint %s: unset it to check the endpoint (env -u %s chime-conform ...)",
				s.env, getenv(s.env), cfg.Endpoint, s.env)
		}
	}
	return ""
}
