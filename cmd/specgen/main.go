// Command specgen regenerates the OpenAPI spec from the AWS API reference
// page and prints the reconciliation report.
//
//	go run ./cmd/specgen                 # write spec/createuser.openapi.yaml
//	go run ./cmd/specgen -report         # ... and print the reconciliation report
//	go run ./cmd/specgen -check          # fail if the committed spec is stale
//	go run ./cmd/specgen -page p.txt -out -   # any page of the same format, to stdout
package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chime-conformance/createuser/spec"
	"github.com/chime-conformance/createuser/spec/docgen"
)

// The page the committed spec is generated from, and what it does not say
// about itself (see spec/source/README.md).
const (
	seedPage       = "spec/source/CreateUser.txt"
	seedURL        = "https://docs.aws.amazon.com/chime/latest/APIReference/API_CreateUser.html"
	seedAPIVersion = "2018-05-01"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2) // the usage is printed; exit as the other commands do
	case err != nil:
		fmt.Fprintln(os.Stderr, "specgen:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("specgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	page := fs.String("page", seedPage, "the API reference page, as text")
	out := fs.String("out", "spec/createuser.openapi.yaml", "where to write the spec; - for stdout")
	report := fs.Bool("report", false, "print the reconciliation report (Markdown) to stdout")
	check := fs.Bool("check", false, "write nothing; fail if -out differs from a fresh generation")
	url := fs.String("source-url", "", "public address of the page, recorded in the spec (default: the seed page's, for the seed page)")
	version := fs.String("api-version", "", "API version, recorded as info.version (default: 2018-05-01 for the seed page)")
	signing := fs.String("signing-name", "", "SigV4 signing name (default: from the service name)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *page == seedPage {
		*url, *version = cmp.Or(*url, seedURL), cmp.Or(*version, seedAPIVersion)
	}
	text, err := os.ReadFile(*page)
	if err != nil {
		return err
	}
	res, err := docgen.Generate(text, docgen.Options{SourceFile: *page, SourceURL: *url, APIVersion: *version, SigningName: *signing})
	if err != nil {
		return fmt.Errorf("%s: %w", *page, err)
	}
	yml, err := docgen.MarshalYAML(res.Doc)
	if err != nil {
		return err
	}
	if err := validate(yml); err != nil {
		return fmt.Errorf("generated spec is not valid OpenAPI: %w", err)
	}
	switch {
	case *check:
		have, err := os.ReadFile(*out)
		if err != nil {
			return err
		}
		if !bytes.Equal(have, yml) {
			return fmt.Errorf("%s is stale: run go run ./cmd/specgen", *out)
		}
	case *out == "-":
		if _, err := stdout.Write(yml); err != nil {
			return err
		}
	default:
		if err := os.WriteFile(*out, yml, 0o644); err != nil {
			return err
		}
	}
	if *report {
		return docgen.WriteReport(stdout, res)
	}
	return nil
}

// validate loads the YAML as a reader of the file would and runs
// kin-openapi's own validation, examples included, with the page's
// patterns read as ECMA-262.
func validate(yml []byte) error {
	doc, err := openapi3.NewLoader().LoadFromData(yml)
	if err != nil {
		return err
	}
	return spec.ValidateDocument(context.Background(), doc)
}
