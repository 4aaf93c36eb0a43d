// Package evidence is what a conformance run records and judges by: each
// request and its answer (secrets redacted when recorded), where a failure's
// evidence lies (the target or the client), how clients resolve an error's
// name, and the exchange as a curl command or a HAR entry.
package evidence

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Exchange is one request and its answer, as recorded: secrets never enter
// it (request headers are redacted when recorded).
type Exchange struct {
	Check    string // the check that sent it
	Started  time.Time
	Duration time.Duration
	Method   string
	URL      string
	// BasePath is the endpoint's path (https://host/prefix: "/prefix"),
	// under which the operation's path lies, as the SDKs build URLs.
	BasePath      string
	RequestHeader http.Header
	RequestBody   []byte
	Signed        bool
	Region        string // signed for
	Status        int    // 0: no HTTP answer
	Header        http.Header
	Body          []byte
	// TransportError is what went wrong on the wire, if anything: no answer,
	// or an answer cut short. Side says whose doing it was.
	TransportError string
	Side           Side
	// Note is what the suite adds to the evidence (why it judges this
	// exchange, when that is not plain).
	Note string
	// Unreachable: no connection could be made (refused, no route, no
	// such host): the run cannot be made, rather than the target failing.
	Unreachable bool
	// Resent: the first attempt met a reused connection the server had
	// closed without answering; this is the answer to the same request
	// sent again on a fresh connection.
	Resent bool
}

// AddNote adds what the suite says of the exchange to its note.
func (x *Exchange) AddNote(note string) {
	x.Note = strings.TrimPrefix(x.Note+"; ", "; ") + note
}

// secretHeaders never leave the client in clear.
var secretHeaders = []string{"Authorization", "X-Amz-Security-Token", "X-Fake-Admin-Token", "Cookie"}

// Redact copies h with every secret header's value replaced. A SigV4
// Authorization keeps what it says in clear (the credential scope and the
// signed headers, which a reader needs to see why a signature was refused)
// and loses its signature.
func Redact(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range secretHeaders {
		if vs, ok := out[name]; ok {
			out[name] = []string{"[REDACTED]"}
			if name == "Authorization" && len(vs) == 1 {
				out[name] = []string{unsignedAuthorization(vs[0])}
			}
		}
	}
	return out
}

// unsignedAuthorization is a SigV4 Authorization header without its
// signature; anything else is redacted whole.
func unsignedAuthorization(v string) string {
	clear, ok := clearParts(v)
	if !ok {
		return "[REDACTED]"
	}
	return "AWS4-HMAC-SHA256 " + strings.Join(append(clear, "(signature redacted)"), ", ")
}

// clearParts are the parts of a SigV4 Authorization header that say
// nothing secret: the credential scope and the signed headers.
func clearParts(authorization string) ([]string, bool) {
	rest, ok := strings.CutPrefix(authorization, "AWS4-HMAC-SHA256 ")
	if !ok {
		return nil, false
	}
	var kept []string
	for _, part := range strings.Split(rest, ",") {
		if part = strings.TrimSpace(part); strings.HasPrefix(part, "Credential=") || strings.HasPrefix(part, "SignedHeaders=") {
			kept = append(kept, part)
		}
	}
	return kept, true
}

// MaxKept is how much of each body an exchange kept as evidence holds: a
// run keeps the evidence of every failure, and a hostile target's bodies
// must not add up to the suite's memory.
const MaxKept = 64 << 10

// Kept returns the exchange as evidence keeps it: bodies clipped to
// MaxKept, saying how long they were.
func (x *Exchange) Kept() *Exchange {
	k := *x
	k.RequestBody, k.Body = clipBody(x.RequestBody), clipBody(x.Body)
	return &k
}

func clipBody(b []byte) []byte {
	if len(b) <= MaxKept {
		return b
	}
	return append(append([]byte(nil), b[:MaxKept]...), fmt.Sprintf("... (%d bytes; evidence keeps %d)", len(b), MaxKept)...)
}

// Sent is the request in one line, as it was sent: method, path and
// query, body (escaped as Printable does).
func (x *Exchange) Sent() string {
	target := x.URL
	if u, err := url.Parse(x.URL); err == nil {
		target = u.RequestURI()
	}
	if x.RequestBody == nil {
		return x.Method + " " + target + " (no body)"
	}
	return x.Method + " " + target + " " + Printable(x.RequestBody)
}

// Answered says whether an HTTP answer came back complete.
func (x *Exchange) Answered() bool { return x != nil && x.TransportError == "" }

// Curl is a command that sends the same request again. Signing is left to
// curl's --aws-sigv4 with credentials from the environment, so the command
// carries no secret.
func (x *Exchange) Curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -i -X %s %s", x.Method, ShellQuote(x.URL))
	if x.Signed {
		fmt.Fprintf(&b, ` --aws-sigv4 'aws:amz:%s:chime' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`, x.Region)
		if _, ok := x.RequestHeader["X-Amz-Security-Token"]; ok {
			b.WriteString(` -H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"`)
		}
	}
	if v := x.RequestHeader.Get("Content-Type"); v != "" {
		fmt.Fprintf(&b, " -H %s", ShellQuote("Content-Type: "+v))
	}
	if x.RequestBody != nil {
		fmt.Fprintf(&b, " --data-binary %s", ShellQuote(string(x.RequestBody)))
	}
	return b.String()
}

// ShellQuote quotes s for a POSIX shell; a string with characters a reader
// would not see is written as bash's $'...' with escapes instead.
func ShellQuote(s string) string {
	if !strings.ContainsFunc(s, isHidden) {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	var b strings.Builder
	b.WriteString("$'")
	for _, r := range s {
		switch {
		case r == '\\' || r == '\'':
			b.WriteString(`\` + string(r))
		case r < 0x80 && isHidden(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isHidden(r):
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString("'")
	return b.String()
}

// String describes the exchange for a failure message: what was sent, what
// came back, and how to send it again. Control characters are escaped.
func (x *Exchange) String() string {
	if x == nil {
		return "(no exchange)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nrequest:  %s %s\n", x.Method, x.URL)
	if signing := x.signing(); signing != "" {
		fmt.Fprintf(&b, "signed:   %s\n", signing)
	}
	if x.RequestBody != nil {
		fmt.Fprintf(&b, "body:     %s\n", Printable(x.RequestBody))
	}
	if x.Status != 0 {
		fmt.Fprintf(&b, "response: %d", x.Status)
		for _, name := range []string{"Content-Type", "X-Amzn-ErrorType", "X-Amzn-RequestId"} {
			if v := x.Header.Get(name); v != "" {
				fmt.Fprintf(&b, " %s=%q", name, v)
			}
		}
		fmt.Fprintf(&b, "\n          %s\n", Printable(x.Body))
	}
	if x.TransportError != "" {
		fmt.Fprintf(&b, "error:    %s (%s)\n", x.TransportError, x.Side)
	}
	if x.Note != "" {
		fmt.Fprintf(&b, "note:     %s\n", x.Note)
	}
	fmt.Fprintf(&b, "reproduce: %s\n", x.Curl())
	return b.String()
}

// signing is what a reader needs to judge a signature: the signing time,
// the credential scope, the signed headers, a declared body hash, whether
// a session token went along. Secrets are not in the recorded headers.
func (x *Exchange) signing() string {
	h := x.RequestHeader
	if h.Get("Authorization") == "" {
		return ""
	}
	clear, _ := clearParts(h.Get("Authorization"))
	parts := append([]string{"X-Amz-Date=" + h.Get("X-Amz-Date")}, clear...)
	if v := h.Get("X-Amz-Content-Sha256"); v != "" {
		parts = append(parts, "X-Amz-Content-Sha256="+v)
	}
	if h.Get("X-Amz-Security-Token") != "" {
		parts = append(parts, "with a session token")
	}
	return strings.Join(parts, " ")
}

// Printable shows a body for people: valid UTF-8 with its control
// characters escaped (\r, \u2028...), clipped to 1500 bytes; anything else
// as a Go-quoted string.
func Printable(body []byte) string {
	const max = 1500
	s := string(body)
	if len(s) > max {
		s = s[:max]
		for !utf8.ValidString(s) && len(s) > max-4 {
			s = s[:len(s)-1]
		}
	}
	if !utf8.ValidString(s) {
		s = fmt.Sprintf("%q", s)
	} else {
		s = escapeControls(s)
	}
	if len(body) > max {
		s += fmt.Sprintf("... (%d bytes)", len(body))
	}
	return s
}

// Readable escapes the characters a reader would not see (controls,
// line and paragraph separators, invisible formatting) in a text meant for
// people, such as a failure message, keeping its newlines and tabs: a
// report stays text that grep and editors read as text.
func Readable(s string) string {
	return escape(s, func(r rune) bool { return r != '\n' && r != '\t' && isHidden(r) })
}

func escapeControls(s string) string { return escape(s, isHidden) }

// escape writes the runes hidden says a reader would not see as escapes.
func escape(s string, hidden func(rune) bool) string {
	if !strings.ContainsFunc(s, hidden) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if hidden(r) {
			q := fmt.Sprintf("%+q", string(r))
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isHidden is a rune a reader would not see: controls, line and paragraph
// separators, and other invisible formatting.
func isHidden(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp, unicode.Cf)
}

// ErrorCode is the error name a restJson1 client resolves from the answer,
// as aws-sdk-go-v2 and botocore do: the X-Amzn-ErrorType header, else the
// body's Code (any case), else __type; cleaned of a ":..." suffix and a
// "namespace#" prefix. "" when none is found.
func (x *Exchange) ErrorCode() string {
	if h := x.Header.Get("X-Amzn-ErrorType"); h != "" {
		return SanitizeErrorCode(h)
	}
	var body struct {
		Code string `json:"code"` // encoding/json matches Code and code alike
		Type string `json:"__type"`
	}
	_ = json.Unmarshal(x.Body, &body)
	if body.Code != "" {
		return SanitizeErrorCode(body.Code)
	}
	return SanitizeErrorCode(body.Type)
}

// SanitizeErrorCode keeps what is before the first ':' and after the first
// '#', as the SDKs do.
func SanitizeErrorCode(code string) string {
	code, _, _ = strings.Cut(code, ":")
	if _, after, ok := strings.Cut(code, "#"); ok {
		code = after
	}
	return strings.TrimSpace(code)
}

// BodyIsJSONOrEmpty says whether clients can read an error body: empty,
// or one JSON text on its bytes (JSONProblem).
func (x *Exchange) BodyIsJSONOrEmpty() bool {
	return strings.TrimSpace(string(x.Body)) == "" || JSONProblem(x.Body) == ""
}

// JSON decodes the response body into v.
func (x *Exchange) JSON(v any) error { return json.Unmarshal(x.Body, v) }
