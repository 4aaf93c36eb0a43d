package framework

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Exchange is one request and its answer, as recorded: secrets never enter
// it (the request headers are redacted when recorded).
type Exchange struct {
	Method         string
	URL            string
	RequestHeader  http.Header
	RequestBody    []byte
	Signed         bool
	Region         string
	Status         int
	Header         http.Header
	Body           []byte
	TransportError string
}

// secret request headers, and the value shown instead.
var secretHeaders = []string{"Authorization", "X-Amz-Security-Token", "X-Fake-Admin-Token"}

func redactHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, name := range secretHeaders {
		if _, ok := out[name]; ok {
			out[name] = []string{"[REDACTED]"}
		}
	}
	return out
}

// Curl is a command that sends the same request again. Signing is left to
// curl's --aws-sigv4 with credentials from the environment, so the command
// carries no secret.
func (x *Exchange) Curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -sS -i -X %s %s", x.Method, shellQuote(x.URL))
	if x.Signed {
		fmt.Fprintf(&b, ` --aws-sigv4 'aws:amz:%s:chime' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`, x.Region)
		if _, ok := x.RequestHeader["X-Amz-Security-Token"]; ok {
			b.WriteString(` -H "X-Amz-Security-Token: $AWS_SESSION_TOKEN"`)
		}
	}
	for _, name := range []string{"Content-Type", "X-Fake-Fault"} {
		if v := x.RequestHeader.Get(name); v != "" {
			fmt.Fprintf(&b, " -H %s", shellQuote(name+": "+v))
		}
	}
	if x.RequestBody != nil {
		fmt.Fprintf(&b, " --data-binary %s", shellQuote(string(x.RequestBody)))
	}
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// String describes the exchange for a failure message: what was sent, what
// came back, and how to send it again.
func (x *Exchange) String() string {
	if x == nil {
		return "(no exchange)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nrequest:  %s %s\n", x.Method, x.URL)
	if x.RequestBody != nil {
		fmt.Fprintf(&b, "body:     %s\n", clip(x.RequestBody))
	}
	if x.TransportError != "" {
		fmt.Fprintf(&b, "error:    %s\n", x.TransportError)
	} else {
		fmt.Fprintf(&b, "response: %d", x.Status)
		for _, name := range []string{"Content-Type", "X-Amzn-ErrorType", "X-Amzn-RequestId"} {
			if v := x.Header.Get(name); v != "" {
				fmt.Fprintf(&b, " %s=%q", name, v)
			}
		}
		fmt.Fprintf(&b, "\n          %s\n", clip(x.Body))
	}
	fmt.Fprintf(&b, "reproduce: %s\n", x.Curl())
	return b.String()
}

func clip(b []byte) string {
	const max = 1500
	s := string(b)
	if !utf8.ValidString(s) {
		s = fmt.Sprintf("%q", s)
	}
	if len(s) > max {
		return s[:max] + fmt.Sprintf("... (%d bytes)", len(b))
	}
	return s
}

// ErrorCode is the error name a restJson1 client resolves from the
// response, as aws-sdk-go-v2 and botocore do: the X-Amzn-ErrorType header,
// else the body's Code (any case), else __type; cleaned of a ":..." suffix
// and a "namespace#" prefix. "" when none is found.
func (x *Exchange) ErrorCode() string {
	if h := x.Header.Get("X-Amzn-ErrorType"); h != "" {
		return sanitizeErrorCode(h)
	}
	var body struct {
		Code string `json:"code"` // encoding/json matches Code and code alike
		Type string `json:"__type"`
	}
	_ = json.Unmarshal(x.Body, &body)
	if body.Code != "" {
		return sanitizeErrorCode(body.Code)
	}
	return sanitizeErrorCode(body.Type)
}

func sanitizeErrorCode(code string) string {
	code, _, _ = strings.Cut(code, ":")
	if _, after, ok := strings.Cut(code, "#"); ok {
		code = after
	}
	return code
}

// BodyIsJSONOrEmpty says whether clients can read the error body.
func (x *Exchange) BodyIsJSONOrEmpty() bool {
	trimmed := strings.TrimSpace(string(x.Body))
	return trimmed == "" || json.Valid(x.Body)
}

// JSON decodes the response body into v.
func (x *Exchange) JSON(v any) error { return json.Unmarshal(x.Body, v) }
