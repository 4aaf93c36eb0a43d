package journal

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/chime-conformance/createuser/fakes/internal/clip"
)

// What the journal keeps of a request is bounded whatever the client sends
// (net/http already stops the request line and headers at
// Limits.MaxHeaderBytes), so that a full journal's size is its number of
// entries times a few KiB (README, "Limits").
const (
	maxJournalBody         = 4096    // bytes of a body
	MaxValue               = 1024    // bytes of a header value, name, method, path, query or account
	maxJournalHeaderBytes  = 8 << 10 // bytes of header names and values, in all
	maxJournalHeaderValues = 64      // header values, in all
)

// keptHeader is h when it is within the bounds: the request's own map, not
// copied (nothing writes to it once the handler has it). Else it is a copy
// clipped to them, names in order, with the number of values left out.
func keptHeader(h http.Header) (http.Header, int) {
	if withinBounds(h) {
		return h, 0
	}
	out := http.Header{}
	kept, size, dropped := 0, 0, 0
	for _, name := range slices.Sorted(maps.Keys(h)) {
		short := clip.String(name, MaxValue)
		for _, v := range h[name] {
			v = clip.String(v, MaxValue)
			if kept == maxJournalHeaderValues || size+len(short)+len(v) > maxJournalHeaderBytes {
				dropped++
				continue
			}
			out[short] = append(out[short], v)
			kept, size = kept+1, size+len(short)+len(v)
		}
	}
	return out, dropped
}

func withinBounds(h http.Header) bool {
	values, size := 0, 0
	for name, vs := range h {
		if len(name) > MaxValue {
			return false
		}
		for _, v := range vs {
			if len(v) > MaxValue {
				return false
			}
			values, size = values+1, size+len(name)+len(v)
		}
	}
	return values <= maxJournalHeaderValues && size <= maxJournalHeaderBytes
}

// secretQueryParams are the presigned-URL parameters that carry a secret
// or a signature: never journaled or logged in clear.
var secretQueryParams = []string{"X-Amz-Security-Token", "X-Amz-Signature", "X-Amz-Credential"}

// RedactQuery replaces the values of secretQueryParams in a raw query,
// names compared case-insensitively and unescaped, the rest as it came.
func RedactQuery(q string) string {
	if !strings.Contains(q, "%") && !containsFold(q, "x-amz-") {
		return q // the usual query, operation=create
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if slices.ContainsFunc(secretQueryParams, func(s string) bool { return strings.EqualFold(s, name) }) {
			parts[i] = k + "=[REDACTED]"
		}
	}
	return strings.Join(parts, "&")
}

// containsFold says whether s contains the lower-case ASCII sub, in any case.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}
