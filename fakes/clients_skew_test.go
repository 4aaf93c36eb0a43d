package fakes_test

import (
	"testing"
)

// asAgainstAWS is what each client does, called with a clock 10 minutes
// slow or fast, against AWS: its front door refuses the signature with 403
// InvalidSignatureException "Signature expired: ..." (or "Signature not yet
// current: ..."); aws-sdk-go-v2 and the JavaScript SDK correct their clock
// from the response's Date (more than 4 minutes off) and retry at once,
// and succeed; botocore (boto3, both CLIs) corrects nothing and fails the
// call.
var asAgainstAWS = map[string]string{
	"aws-sdk-go-v2":    "2 attempts: ok, stored",
	jsName:             "2 attempts: ok, stored",
	"boto3 (legacy)":   "1 attempt: InvalidSignatureException",
	"boto3 (standard)": "1 attempt: InvalidSignatureException",
	"aws-cli v1":       "1 attempt: exit 255, InvalidSignatureException",
	"aws-cli v2":       "1 attempt: exit 254, InvalidSignatureException",
}

// A client whose clock is skewed fares against the fake, with its
// defaults (-auth verify), as it does against AWS.
func TestASkewedClockFaresAsAgainstAWS(t *testing.T) {
	forEachClient(t, func(t *testing.T, c realClient) {
		want, ok := asAgainstAWS[c.name]
		if !ok {
			t.Fatalf("no expectation for %s: say what it does against AWS", c.name)
		}
		for _, sc := range skewedClocks {
			if got := cell(measure(t, c, sc)); got != want {
				t.Errorf("%s: %s, want %s", sc.name, got, want)
			}
		}
	})
}

// With -auth-errors modeled the refusal is the operation's 401
// UnauthorizedClientException. aws-sdk-go-v2 corrects its clock only from
// the front door's errors (InvalidSignatureException and kin), so the call
// fails, where against AWS it recovers; the JS SDK corrects from any
// error's Date more than 4 minutes off its clock, and recovers.
func TestTheModeledRefusal(t *testing.T) {
	want := map[string]string{"aws-sdk-go-v2": "1 attempt: UnauthorizedClientException", jsName: "2 attempts: ok, stored"}
	forEachClient(t, func(t *testing.T, c realClient) {
		if want[c.name] == "" {
			t.Skipf("%s is not an SDK that corrects its clock", c.name)
		}
		sc := skewedClocks[0]
		sc.modeled = true
		if got := cell(measure(t, c, sc)); got != want[c.name] {
			t.Errorf("%s, modeled: %s, want %s", sc.name, got, want[c.name])
		}
	})
}
