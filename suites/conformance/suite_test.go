package conformance_test

import (
	"testing"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	_ "github.com/chime-conformance/createuser/suites/conformance"
)

// TestConformance runs the checks against CHIME_ENDPOINT, or the embedded
// fake when it is unset: `go test ./suites/...`.
func TestConformance(t *testing.T) {
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(t, "CreateUser conformance")
}
