// Command chime-conform runs the CreateUser conformance checks against a
// target and writes a compatibility report (Markdown, JSON, JUnit).
//
//	go run ./cmd/chime-conform                                   # against the embedded fake
//	CHIME_ENDPOINT=https://... CHIME_ACCOUNT_ID=... go run ./cmd/chime-conform
//	go run ./cmd/chime-conform -list                              # the checks
//
// Exit status: 0 compatible (no MUST failed), 1 not compatible, 2 the run
// could not be made (bad flags, no credentials, unreachable target).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chime-conformance/createuser/suites/conformance"
	fw "github.com/chime-conformance/createuser/suites/framework"
)

func main() {
	// rapid reads testing's flags (testing.Short) even outside `go test`.
	testing.Init()
	_ = flag.CommandLine.Parse(nil)
	os.Exit(run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr))
}

// failT is what Ginkgo reports the suite's failure to, outside `go test`.
type failT struct{ failed bool }

func (t *failT) Fail() { t.failed = true }

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("chime-conform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", "", "base URL of the target (default $CHIME_ENDPOINT; empty: the embedded fake)")
	account := fs.String("account", "", "an existing account at the target (default $CHIME_ACCOUNT_ID)")
	out := fs.String("out", "reports", "directory for report.md, report.json and junit.xml")
	examples := fs.Int("examples", 0, "rapid examples per property (default $CHIME_EXAMPLES, or 100 for the fake and 20 for an endpoint)")
	maxCreates := fs.Int("max-creates", -1, "most requests that may create a user (default $CHIME_MAX_CREATES, or 500 for an endpoint)")
	seed := fs.Uint64("seed", 0, "rapid seed, to replay a failure (0: random)")
	rules := fs.String("fake-rules", "", "fault rules (JSON) for the embedded fake: run the checks against a broken fake")
	fakeConfig := fs.String("fake-config", "", "a chime-fake config file for the embedded fake (default $CHIME_FAKE_CONFIG)")
	throttling := fs.Bool("probe-throttling", false, "send a bounded burst to provoke 429 (default $CHIME_PROBE_THROTTLING)")
	labels := fs.String("labels", "", "Ginkgo label filter, e.g. 'MUST && !stateful' or 'CU-ERR-409'")
	list := fs.Bool("list", false, "list the checks and exit")
	quiet := fs.Bool("quiet", false, "print only the verdict line")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *list {
		_, _ = stdout.Write(fw.CatalogueYAML())
		return 0
	}
	cfg, err := fw.ConfigFromEnv(func(k string) string {
		switch {
		case k == "CHIME_ENDPOINT" && *endpoint != "":
			return *endpoint
		case k == "CHIME_ACCOUNT_ID" && *account != "":
			return *account
		case k == "CHIME_EXAMPLES" && *examples > 0:
			return strconv.Itoa(*examples)
		case k == "CHIME_MAX_CREATES" && *maxCreates >= 0:
			return strconv.Itoa(*maxCreates)
		case k == "CHIME_FAKE_RULES" && *rules != "":
			return *rules
		case k == "CHIME_FAKE_CONFIG" && *fakeConfig != "":
			return *fakeConfig
		case k == "CHIME_PROBE_THROTTLING" && *throttling:
			return "true"
		}
		return getenv(k)
	})
	if err != nil {
		fmt.Fprintln(stderr, "chime-conform:", err)
		return 2
	}
	cfg.ReportDir = *out
	fw.Overrides = &cfg
	if *seed != 0 {
		_ = flag.Set("rapid.seed", strconv.FormatUint(*seed, 10))
	}

	suiteConfig, reporterConfig := ginkgo.GinkgoConfiguration()
	suiteConfig.LabelFilter = *labels
	reporterConfig.Succinct = true
	reporterConfig.NoColor = true
	if *quiet {
		reporterConfig.Succinct, reporterConfig.SilenceSkips = true, true
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	t := &failT{}
	ginkgo.RunSpecs(t, "CreateUser conformance", suiteConfig, reporterConfig)

	report := conformance.LastReport
	if report == nil {
		fmt.Fprintln(stderr, "chime-conform: the suite did not run")
		return 2
	}
	if *quiet {
		fmt.Fprintf(stdout, "compatible=%v pass=%d fail=%d warn=%d skipped=%d\n", report.Compatible,
			report.Counts[fw.Pass], report.Counts[fw.Fail], report.Counts[fw.Warning], report.Counts[fw.Skipped])
	} else {
		fmt.Fprint(stdout, "\n", report.Markdown())
		fmt.Fprintf(stdout, "\nreports: %s/report.md, %s/report.json, %s/junit.xml\n", *out, *out, *out)
	}
	switch {
	case report.SetupError != "":
		return 2
	case !report.Compatible:
		return 1
	}
	return 0
}
