package conformance

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"
	"pgregory.net/rapid"

	fw "github.com/chime-conformance/createuser/suites/framework"
)

// The run's target and test data, set up before the suite.
var (
	target *fw.Target
	data   *fw.Data
)

var _ = ginkgo.BeforeSuite(func() {
	cfg := fw.Overrides
	if cfg == nil {
		c, err := fw.ConfigFromEnv(os.Getenv)
		if err != nil {
			ginkgo.Fail(err.Error())
		}
		cfg = &c
	}
	var err error
	if target, err = fw.Start(context.Background(), *cfg); err != nil {
		ginkgo.Fail(err.Error())
	}
	data = &fw.Data{RunID: target.RunID}
	// Reproduction is by seed and shrunk input in the failure message; no
	// fail files left in the caller's directory.
	_ = flag.Set("rapid.nofailfile", "true")
	ginkgo.GinkgoWriter.Println("chime-conform:", target.Describe())
})

var _ = ginkgo.AfterSuite(func() {
	if target != nil {
		target.Stop()
	}
})

// The checks run in the order written; a failure does not stop the others.
// The last ones (CU-ERR-5XX, CU-ERR-ALL) judge everything the run saw.
var _ = ginkgo.Describe("CreateUser conformance", ginkgo.Ordered, ginkgo.ContinueOnFailure, func() {
	requestChecks()
	responseChecks()
	errorChecks()
	statefulChecks()
	clientChecks()
	finalChecks()
})

// ctx bounds one check's requests.
func ctx() context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	ginkgo.DeferCleanup(cancel)
	return c
}

// property runs a rapid property with as many examples as its share of
// the create budget allows (the budget left, split over the checks left):
// perExample is how many creates one example may make. Assertions go
// through a Gomega bound to rapid's T, so rapid sees the failure and
// shrinks it before Ginkgo reports it.
func property(perExample int, prop func(t *rapid.T, g gomega.Gomega)) {
	n := target.Examples
	if left := target.Client.BudgetLeft(); left >= 0 {
		share := left / fw.ChecksLeft()
		n = min(n, max(share/perExample, min(1, left/perExample)))
	}
	if n == 0 {
		ginkgo.Skip("create budget spent (CHIME_MAX_CREATES)")
	}
	_ = flag.Set("rapid.checks", strconv.Itoa(n))
	tb := fw.TB()
	rapid.Check(tb, func(t *rapid.T) { prop(t, gomega.NewWithT(t)) })
	fw.Settle(tb)
}

// send is Send for inside a property: a spent budget skips the example.
func send(t *rapid.T, req fw.Request) *fw.Exchange {
	x, err := target.Client.Send(context.Background(), req)
	if err == fw.ErrBudgetSpent {
		t.Skip(err.Error())
	}
	if err != nil {
		t.Fatalf("sending: %v", err)
	}
	return x
}

// sendNow is Send for plain (non-property) checks.
func sendNow(req fw.Request) *fw.Exchange {
	x, err := target.Client.Send(ctx(), req)
	if err == fw.ErrBudgetSpent {
		ginkgo.Skip(err.Error())
	}
	gomega.Expect(err).NotTo(gomega.HaveOccurred())
	return x
}

// body encodes a request body.
func body(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
