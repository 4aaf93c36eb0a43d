// Command chime-fake runs the fake Amazon Chime CreateUser service.
//
//	go run ./cmd/chime-fake                       # loopback port, any signature accepted
//	go run ./cmd/chime-fake -addr 127.0.0.1:4599 -config fake.yaml
//	go run ./cmd/chime-fake -list-faults
//
// Every flag has an environment variable: -any-account is CHIME_FAKE_ANY_ACCOUNT.
// Precedence: flag, then environment, then config file, then default
// (fakes.ParseCommandLine).
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

// run parses the command line, serves until ctx ends, then stops gracefully.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cl, err := fakes.ParseCommandLine(args, getenv, stderr)
	if err != nil {
		return err
	}
	if cl.ListFaults {
		return fakes.ListFaultTypes(stdout)
	}
	srv, err := fakes.NewServer(cl.Options)
	if err != nil {
		return err
	}
	fmt.Fprint(stdout, srv.Banner())
	<-ctx.Done()
	fmt.Fprintln(stdout, "chime-fake: stopping")
	return srv.Close()
}
