package evidence

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Scrubber takes the run's secrets out of what a target sends back: a
// front door may quote the canonical request (with its session token) in a
// signature error, and a hostile target may echo anything. Redacting
// request headers is not enough; answers are scrubbed too.
type Scrubber struct {
	mu      sync.RWMutex
	secrets []string
}

// signature is a SigV4 signature as it appears in text.
var signature = regexp.MustCompile(`Signature=[0-9a-fA-F]{64}`)

// Add registers secrets (secret keys, session tokens) to scrub; short
// strings are ignored (they would match by chance).
func (s *Scrubber) Add(secrets ...string) {
	for _, secret := range secrets {
		if len(secret) < 8 || s.known(secret) {
			continue // every signed request adds the run's secrets: most are known
		}
		s.mu.Lock()
		if !s.knownLocked(secret) {
			s.secrets = append(s.secrets, secret)
		}
		s.mu.Unlock()
	}
}

// known says whether secret is scrubbed already (it, or a secret holding it).
func (s *Scrubber) known(secret string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.knownLocked(secret)
}

func (s *Scrubber) knownLocked(secret string) bool {
	return slices.ContainsFunc(s.secrets, func(k string) bool { return strings.Contains(k, secret) })
}

// String returns text without the secrets.
func (s *Scrubber) String(text string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, secret := range s.secrets {
		text = strings.ReplaceAll(text, secret, "[REDACTED]")
	}
	return signature.ReplaceAllLiteralString(text, "[REDACTED SIGNATURE]")
}

// Exchange scrubs an exchange's answer (body, headers, transport error) in
// place.
func (s *Scrubber) Exchange(x *Exchange) {
	body := string(x.Body)
	if clean := s.String(body); clean != body {
		x.Body = []byte(clean)
	}
	for k, vs := range x.Header {
		for i, v := range vs {
			x.Header[k][i] = s.String(v)
		}
	}
	x.TransportError = s.String(x.TransportError)
}
