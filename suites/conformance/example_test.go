package conformance_test

import (
	"context"
	"fmt"
	"log"

	"github.com/chime-conformance/createuser/suites/conformance"
)

// Run checks a target and says what the run proves. With no Endpoint it
// checks the embedded fake; a vendor sets Endpoint, AccountID and (or the
// standard AWS chain provides) Credentials.
func ExampleRun() {
	rep, err := conformance.Run(context.Background(), conformance.Config{Examples: 10})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Verdict, rep.Verdict.ExitCode())
	// Output: COMPATIBLE 0
}
