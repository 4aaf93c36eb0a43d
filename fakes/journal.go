package fakes

import (
	"github.com/chime-conformance/createuser/fakes/internal/journal"
	"github.com/chime-conformance/createuser/fakes/internal/sigv4"
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
	sig, err := sigv4.Parse(v)
	if err != nil {
		return "[REDACTED]"
	}
	return sig.Redacted()
}
