package evidence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

func TestClassify(t *testing.T) {
	closed := &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	running, stopped := context.Background(), func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		return ctx
	}()
	cases := []struct {
		name string
		ctx  context.Context
		err  error
		want Side
	}{
		{"no error", running, nil, ""},
		{"the client closed its own connection (aws-sdk-go-v2#1825)", running, fmt.Errorf("deserialization failed, failed to decode response body, %w", closed), Client},
		{"a race on an idle connection", running, errors.New(`Post "http://x": http: server closed idle connection`), Client},
		{"the suite's own fault", running, fmt.Errorf("%w: credentials", ErrClientFault), Client},
		{"a reset by the server", running, reset, Target},
		{"a body cut short", running, io.ErrUnexpectedEOF, Target},
		{"no answer within the deadline", running, context.DeadlineExceeded, Target},
		{"a malformed answer", running, errors.New("net/http: HTTP/1.x transport connection broken: malformed HTTP response"), Target},
		{"anything once the run stopped", stopped, reset, Stopped},
	}
	for _, c := range cases {
		if got := Classify(c.ctx, c.err); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The curl a report prints must send the very bytes the suite sent, even
// when they hold control characters (shown escaped, not raw).
func TestCurlQuotesExactly(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	for _, s := range []string{`{"Email":"a@b.c"}`, `it's`, "x@\r~.#a", "ab@exa\u2028mple.com", "tab\there", `back\slash'quote`, "nel\u0085x"} {
		q := ShellQuote(s)
		if strings.ContainsFunc(q, isHidden) {
			t.Errorf("%q quoted as %q: hidden characters left raw", s, q)
		}
		out, err := exec.Command("bash", "-c", "printf %s "+q).Output()
		if err != nil || string(out) != s {
			t.Errorf("%q quoted as %s gives %q (%v)", s, q, out, err)
		}
	}
}

func TestPrintableEscapesWhatReadersCannotSee(t *testing.T) {
	got := Printable([]byte("a\rb\u2028c\u0085d é"))
	if got != `a\rb\u2028c\u0085d é` {
		t.Fatalf("%s", got)
	}
	if got := Printable([]byte{0xff, 'a'}); got != `"\xffa"` {
		t.Fatalf("invalid UTF-8: %s", got)
	}
}

func TestRedactionLeavesNoSecret(t *testing.T) {
	h := http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host;x-amz-date, Signature=abc"},
		"X-Amz-Security-Token": {"tok-SECRET"}, "X-Amz-Date": {"20261129T120000Z"}, "Content-Type": {"application/json"}}
	x := &Exchange{Method: "POST", URL: "http://h/accounts/a/users?operation=create", RequestHeader: Redact(h), Signed: true, Region: "us-east-1",
		RequestBody: []byte(`{}`), Status: 201, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"User":{}}`)}
	har, err := HAR("test", []HAREntry{{Exchange: x, Comment: "c"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{x.String(), x.Curl(), string(har)} {
		if strings.Contains(out, "Signature=abc") || strings.Contains(out, "tok-SECRET") {
			t.Errorf("a secret in %s", out)
		}
	}
	// What a reader needs to judge a refused signature stays.
	if want := "signed:   X-Amz-Date=20261129T120000Z Credential=AKID/x SignedHeaders=host;x-amz-date with a session token"; !strings.Contains(x.String(), want) {
		t.Errorf("the signing is not shown as %q:%s", want, x)
	}
	var doc struct {
		Log struct {
			Version string
			Entries []struct {
				Request  struct{ Method string }
				Response struct{ Status int }
			}
		}
	}
	if err := json.Unmarshal(har, &doc); err != nil || doc.Log.Version != "1.2" || len(doc.Log.Entries) != 1 ||
		doc.Log.Entries[0].Response.Status != 201 {
		t.Fatalf("HAR: %v %s", err, har)
	}
}

func TestErrorCodeAsClientsResolveIt(t *testing.T) {
	cases := []struct {
		header, body, want string
	}{
		{"ConflictException:http://internal.amazon.com/coral/com.amazonaws.chime/", `{}`, "ConflictException"},
		{"com.amazonaws.chime#ConflictException", ``, "ConflictException"},
		{"", `{"Code":"Conflict","__type":"ConflictException"}`, "Conflict"},
		{"", `{"code":"ConflictException"}`, "ConflictException"},
		{"", `{"__type":"aws.protocoltests#FooError:http://x"}`, "FooError"},
		{"", `<html/>`, ""},
	}
	for _, c := range cases {
		x := &Exchange{Header: http.Header{}, Body: []byte(c.body)}
		if c.header != "" {
			x.Header.Set("X-Amzn-ErrorType", c.header)
		}
		if got := x.ErrorCode(); got != c.want {
			t.Errorf("%q %s: %q, want %q", c.header, c.body, got, c.want)
		}
	}
}

// A failure message stays text: what a reader cannot see is escaped, its
// lines and tabs are kept.
func TestReadableEscapesWhatCannotBeSeen(t *testing.T) {
	got := Readable("want \"a\x05b\u2028c\"\n\tgot \x00\r")
	if want := "want \"a\\x05b\\u2028c\"\n\tgot \\x00\\r"; got != want {
		t.Fatalf("Readable: %q, want %q", got, want)
	}
}
