package conformance

import (
	"fmt"
	"strings"

	"github.com/chime-conformance/createuser/suites/framework"
)

// wireAudit judges every answer the run met, whichever check sent it: a
// fault that strikes one request in fifty is caught wherever it falls.
var wireAudit = func() *framework.Check {
	c := framework.Define(must("CU-WIRE-01", "wire", "every answer during the run is complete and well-formed",
		"A 2xx carries one JSON text, judged on its bytes (RFC 8259: one value, in valid UTF-8, nothing but whitespace after it); every error names an exception (X-Amzn-ErrorType) with such a JSON body, or an empty one, and its documented status; "+
			"ServiceFailureException 500 and ServiceUnavailableException 503 are the only server errors; no answer is cut short.", wire),
		func(t *framework.T) {
			findings := t.Client().Findings()
			if len(findings) == 0 {
				return
			}
			var b strings.Builder
			for i, f := range findings {
				fmt.Fprintf(&b, "\n%d. %s (during %s)%s", i+1, f.What, f.Exchange.Check, f.Exchange)
			}
			t.Attach(findings...)
			for _, f := range findings {
				t.ReplayWith(f.Exchange.Check)
			}
			t.Fatalf("%d answers during the run were not what clients can read:%s", len(findings), b.String())
		})
	c.Always = true
	return c
}()
