package fakes

import (
	"strings"

	"github.com/chime-conformance/createuser/fakes/internal/journal"
)

// Entry is one request as the journal keeps it: what came (secrets
// redacted), which rule fired, what went.
type Entry = journal.Entry

// Filter selects journal entries; empty fields select all.
type Filter = journal.Filter

func newJournal(size int) *journal.Journal { return journal.New(size, redactAuthorization) }

// redactAuthorization keeps of an Authorization value the access key and
// signed header names (useful, not secret), never the signature.
func redactAuthorization(v string) string {
	sig, err := parseAuthorization(v)
	if err != nil {
		return "[REDACTED]"
	}
	return "AWS4-HMAC-SHA256 Credential=" + sig.accessKey + "/" + sig.date + "/" + sig.region + "/" + sig.service +
		"/aws4_request, SignedHeaders=" + strings.Join(sig.signedHeaders, ";") + ", Signature=[REDACTED]"
}
