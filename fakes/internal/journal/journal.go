// Package journal is the fake's record of the requests it served: a ring
// of the newest entries, each bounded whatever the client sent, with the
// secrets of its headers and query redacted whenever it is read.
package journal

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/chime-conformance/createuser/fakes/faults"
	"github.com/chime-conformance/createuser/fakes/internal/clip"
)

// Entry is one request as the journal keeps it: what came (secrets
// redacted), which rule fired, what went.
type Entry struct {
	Seq          int         `json:"seq"`
	Time         time.Time   `json:"time"`
	Method       string      `json:"method"`
	Path         string      `json:"path"` // escaped, as sent
	Query        string      `json:"query,omitempty"`
	Header       http.Header `json:"header"`
	Body         string      `json:"body,omitempty"`
	Account      string      `json:"account,omitempty"`
	InvocationID string      `json:"invocationId,omitempty"`
	Call         string      `json:"call,omitempty"`    // the invocation ID, or call-N: a call the fake recognised without one
	Attempt      int         `json:"attempt,omitempty"` // the attempt's number in its call

	// HeaderValuesDropped counts the header values past the journal's
	// bounds (64 values, 8 KiB), not kept; each kept value is cut at 1 KiB.
	HeaderValuesDropped int `json:"headerValuesDropped,omitempty"`

	RuleID     string  `json:"ruleId,omitempty"`
	Fault      string  `json:"fault,omitempty"`
	Status     int     `json:"status,omitempty"`
	ErrorType  string  `json:"errorType,omitempty"`
	Outcome    string  `json:"outcome"` // response, reset, closed, truncated, stalled, client-gone
	UserID     string  `json:"userId,omitempty"`
	Stored     bool    `json:"stored"`
	DurationMs float64 `json:"durationMs"`

	// What came, as it came: Header and Body are made from these (redacted,
	// bounded) when the journal is read, not on every request.
	rawHeader http.Header
	rawBody   []byte // at most maxJournalBody bytes of it
	bodyLen   int
}

// Keep records the request's header and body in the entry, within the
// journal's bounds (bounds.go).
func (e *Entry) Keep(h http.Header, body []byte) {
	e.rawHeader, e.HeaderValuesDropped = keptHeader(h)
	e.bodyLen = len(body)
	e.rawBody = body
	if len(body) > maxJournalBody {
		e.rawBody = bytes.Clone(body[:maxJournalBody]) // not the whole body's array
	}
}

// readable is the entry as readers see it: secrets redacted, the body as
// text, cut at maxJournalBody.
func (e Entry) readable(redactAuth func(string) string) Entry {
	e.Header = redact(e.rawHeader, redactAuth)
	e.Body = string(e.rawBody)
	if e.bodyLen > maxJournalBody {
		e.Body = fmt.Sprintf("%s... (%d bytes)", e.rawBody, e.bodyLen)
	}
	e.rawHeader, e.rawBody = nil, nil
	return e
}

// Filter selects journal entries; empty fields select all.
type Filter struct {
	InvocationID string
	Call         string
	Account      string
	RuleID       string
}

// bounded is the filter as the journal keeps the values it names:
// invocation IDs, calls and accounts bounded (faults.BoundedKey, clip), so
// a filter naming a long one finds it.
func (f Filter) bounded() Filter {
	if f.InvocationID != "" {
		f.InvocationID = faults.BoundedKey(f.InvocationID)
	}
	if f.Call != "" {
		f.Call = faults.BoundedKey(f.Call)
	}
	if f.Account != "" {
		f.Account = clip.String(f.Account, MaxValue)
	}
	return f
}

// match compares an entry with a bounded filter.
func (f Filter) match(e *Entry) bool {
	return (f.InvocationID == "" || f.InvocationID == e.InvocationID) &&
		(f.Call == "" || f.Call == e.Call) &&
		(f.Account == "" || f.Account == e.Account) &&
		(f.RuleID == "" || f.RuleID == e.RuleID)
}

// Journal is a ring buffer: the newest entries, at most size of them. It
// grows in chunks as entries come, so that a large size costs nothing
// until it is used, and growing never copies what it holds.
type Journal struct {
	mu         sync.Mutex
	redactAuth func(string) string
	size       int
	chunks     [][]Entry
	n          int // entries held, up to size
	next       int // the slot the next entry takes
}

const journalChunk = 1024 // entries per chunk: 312 KiB of Entry structs

// New returns a journal of at most size entries. redactAuth rewrites an
// Authorization value for readers: what it keeps (the access key, signed
// header names) is its knowledge of SigV4; every other secret header is
// replaced whole.
func New(size int, redactAuth func(string) string) *Journal {
	return &Journal{size: size, redactAuth: redactAuth}
}

func (j *Journal) slot(i int) *Entry { return &j.chunks[i/journalChunk][i%journalChunk] }

// Add records an entry, pushing the oldest out when full.
func (j *Journal) Add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.next/journalChunk == len(j.chunks) {
		j.chunks = append(j.chunks, make([]Entry, min(journalChunk, j.size-j.next)))
	}
	*j.slot(j.next) = e
	j.next = (j.next + 1) % j.size
	j.n = min(j.n+1, j.size)
}

// oldest is the slot of the oldest entry held.
func (j *Journal) oldest() int {
	if j.n < j.size {
		return 0
	}
	return j.next
}

// SetOutcome corrects the outcome of a recent entry (a stall whose client
// went away); an entry already pushed out of the ring is left alone.
func (j *Journal) SetOutcome(seq int, outcome string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for k := j.n - 1; k >= 0; k-- { // newest first: it is a recent one
		if e := j.slot((j.oldest() + k) % j.size); e.Seq == seq {
			e.Outcome = outcome
			return
		}
	}
}

// List returns the matching entries, oldest first, as readers see them.
func (j *Journal) List(f Filter) []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []Entry{}
	f = f.bounded()
	for k := range j.n {
		if e := j.slot((j.oldest() + k) % j.size); f.match(e) {
			out = append(out, e.readable(j.redactAuth))
		}
	}
	return out
}

// Reset empties the journal.
func (j *Journal) Reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.chunks, j.n, j.next = nil, 0, 0
}

// secretHeaders never reach the journal in clear.
var secretHeaders = []string{"Authorization", "X-Amz-Security-Token", "X-Fake-Admin-Token", "Cookie"}

// redact copies h, replacing secrets. Authorization goes through
// redactAuth, which keeps what is useful and not secret.
func redact(h http.Header, redactAuth func(string) string) http.Header {
	out := h.Clone()
	for _, name := range secretHeaders {
		if _, ok := out[name]; !ok {
			continue
		}
		v := "[REDACTED]"
		if name == "Authorization" && redactAuth != nil {
			v = redactAuth(h.Get(name))
		}
		out[name] = []string{v}
	}
	return out
}
