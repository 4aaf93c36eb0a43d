package sigv4

import (
	"strings"
	"testing"
	"time"
)

// The skew refusals are in AWS's words, which SDKs match ("Signature
// expired") to correct their clock; within the skew nothing is refused.
func TestCheckSkewSpeaksAsAWS(t *testing.T) {
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		at   time.Duration
		want string
	}{
		{-10 * time.Minute, "Signature expired: 20261202T115000Z is now earlier than 20261202T115500Z (20261202T120000Z - 5 min.)"},
		{10 * time.Minute, "Signature not yet current: 20261202T121000Z is still later than 20261202T120500Z (20261202T120000Z + 5 min.)"},
		{-4 * time.Minute, ""},
		{4 * time.Minute, ""},
	} {
		s := &Signed{At: now.Add(c.at)}
		f := s.CheckSkew(now, 5*time.Minute)
		switch {
		case c.want == "" && f != nil:
			t.Errorf("%s off: refused: %s", c.at, f.Message)
		case c.want != "" && (f == nil || f.Kind != Invalid || f.Message != c.want):
			t.Errorf("%s off: %+v, want %q", c.at, f, c.want)
		}
	}
}

// A redacted header keeps what identifies the caller and drops the
// signature.
func TestRedactedDropsTheSignature(t *testing.T) {
	sig := strings.Repeat("ab", 32)
	a, err := Parse("AWS4-HMAC-SHA256 Credential=AKID/20261202/us-east-1/chime/aws4_request,SignedHeaders=host;x-amz-date,Signature=" + sig)
	if err != nil {
		t.Fatal(err)
	}
	got := a.Redacted()
	if strings.Contains(got, sig) || got != "AWS4-HMAC-SHA256 Credential=AKID/20261202/us-east-1/chime/aws4_request, SignedHeaders=host;x-amz-date, Signature=[REDACTED]" {
		t.Fatalf("%s", got)
	}
	if a.Canonical() != strings.Replace(got, "[REDACTED]", sig, 1) {
		t.Fatalf("%s", a.Canonical())
	}
}
