package sigv4

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"

	"github.com/chime-conformance/createuser/fakes/internal/clip"
)

// Kind is what failed, as AWS's front door tells it apart.
type Kind int

const (
	// Missing: no Authorization header (MissingAuthenticationTokenException).
	Missing Kind = iota + 1
	// Invalid: a malformed header, a wrong scope, a signing time out of the
	// allowed skew, a signature that does not match (InvalidSignatureException).
	Invalid
	// UnknownKey: an access key or session token the service does not know
	// (UnrecognizedClientException).
	UnknownKey
)

// Failure is why a request's signature was refused, in AWS's words.
type Failure struct {
	Kind    Kind
	Message string
}

// AWS's wording for the refusals clients and people recognise.
const (
	MsgMissing      = "Missing Authentication Token"
	MsgInvalidToken = "The security token included in the request is invalid."
	MsgMismatch     = "The request signature we calculated does not match the signature you provided. " +
		"Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)

func invalid(format string, args ...any) *Failure {
	return &Failure{Invalid, fmt.Sprintf(format, args...)}
}

// Signed is a request's signature as sent: its parsed Authorization and the
// signing time of its X-Amz-Date.
type Signed struct {
	Auth     *Authorization
	At       time.Time
	AmzDate  string
	Token    string // X-Amz-Security-Token
	Declared string // X-Amz-Content-Sha256
}

// Read reads a request's signature: a well-formed Authorization header
// with a region's shape (before anything is derived from it), and an
// X-Amz-Date.
func Read(r *http.Request) (*Signed, *Failure) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return nil, &Failure{Missing, MsgMissing}
	}
	a, err := Parse(h)
	if err != nil {
		return nil, &Failure{Invalid, err.Error()}
	}
	if !IsRegion(a.Region) {
		return nil, invalid("Credential should be scoped to a valid region, not '%s'.", clip.String(a.Region, MaxRegionLen))
	}
	amzDate := r.Header.Get("X-Amz-Date")
	at, err := time.Parse(DateLayout, amzDate)
	if err != nil {
		return nil, invalid("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header (as 20060102T150405Z).")
	}
	return &Signed{Auth: a, At: at, AmzDate: amzDate, Token: r.Header.Get("X-Amz-Security-Token"),
		Declared: r.Header.Get("X-Amz-Content-Sha256")}, nil
}

// CheckScope requires the service's signing name and the X-Amz-Date's day,
// as AWS does; any region is accepted, since clients sign a custom
// endpoint with their own.
func (s *Signed) CheckScope(service string) *Failure {
	if s.Auth.Service != service {
		return invalid("Credential should be scoped to correct service: '%s'.", service)
	}
	if day := s.At.Format("20060102"); s.Auth.Date != day {
		return invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			s.Auth.Date, day, s.AmzDate)
	}
	return nil
}

// CheckToken requires the session token of a temporary credential, and no
// token for a long-term one; compared in constant time, as a secret.
func (s *Signed) CheckToken(want string) *Failure {
	if subtle.ConstantTimeCompare([]byte(s.Token), []byte(want)) != 1 {
		return &Failure{UnknownKey, MsgInvalidToken}
	}
	return nil
}

// CheckSkew refuses a signing time further from now than skew, in AWS's
// words: SDKs read "Signature expired" to correct their clock and retry.
func (s *Signed) CheckSkew(now time.Time, skew time.Duration) *Failure {
	now = now.UTC()
	minutes := fmt.Sprintf("%g min.", skew.Minutes())
	switch {
	case s.At.Before(now.Add(-skew)):
		return invalid("Signature expired: %s is now earlier than %s (%s - %s)",
			s.At.Format(DateLayout), now.Add(-skew).Format(DateLayout), now.Format(DateLayout), minutes)
	case s.At.After(now.Add(skew)):
		return invalid("Signature not yet current: %s is still later than %s (%s + %s)",
			s.At.Format(DateLayout), now.Add(skew).Format(DateLayout), now.Format(DateLayout), minutes)
	}
	return nil
}

// PayloadHash is the hash a signature must cover: the body's own, or, when
// a mutant trusts it, what the client declared in X-Amz-Content-Sha256.
func (s *Signed) PayloadHash(body []byte, trustDeclared bool) string {
	if trustDeclared && s.Declared != "" {
		return s.Declared
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}
