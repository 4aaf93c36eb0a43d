package fakes_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/chime-conformance/createuser/fakes"
)

// Whatever arrives, the fake answers with an AWS-shaped JSON error or a
// 201, and never panics.
func TestAnyRequestGetsAnAWSShapedAnswer(t *testing.T) {
	srv, err := fakes.New(fakes.Options{Auth: fakes.AuthOff})
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		method := rapid.SampledFrom([]string{"POST", "GET", "PUT", "DELETE"}).Draw(t, "method")
		segment := rapid.StringOf(rapid.SampledFrom([]rune("a%2F20 /.?=&é\x00"))).Draw(t, "account")
		path := "/accounts/" + strings.NewReplacer(" ", "%20", "?", "%3F", "\x00", "%00").Replace(segment) + "/users?operation=" +
			rapid.SampledFrom([]string{"create", "", "x"}).Draw(t, "operation")
		body := rapid.OneOf(rapid.String(), rapid.Just(`{"Email":"a@b.c"}`), rapid.Just(`{"Email":`)).Draw(t, "body")
		req, err := http.NewRequest(method, "http://fake"+path, strings.NewReader(body))
		if err != nil {
			t.Skip("not a request Go can send")
		}
		req.RemoteAddr = "127.0.0.1:1"
		req.Header.Set("Content-Type", rapid.SampledFrom([]string{"application/json", "text/plain", ""}).Draw(t, "content type"))
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code == 201 {
			return
		}
		var e struct{ Code, Message string }
		if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Code == "" || rec.Header().Get("X-Amzn-ErrorType") == "" || rec.Header().Get("X-Amzn-RequestId") == "" {
			t.Fatalf("%s %s %q: %d %v %s", method, path, body, rec.Code, rec.Header(), rec.Body)
		}
	})
}
