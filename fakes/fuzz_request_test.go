package fakes_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes"
	"github.com/chime-conformance/createuser/fakes/faults"
)

// fuzzClock is the verify-mode fake's clock: seeds signed at it verify.
var fuzzClock = time.Date(2026, 1, 15, 22, 38, 9, 0, time.UTC)

// fuzzServers are the fakes the request-path fuzzer picks from, built once:
// each mode of authentication, header faults on and off, an admin token.
func fuzzServers(f *testing.F) []*fakes.Server {
	// Header faults may name any type but racy-duplicate-check, whose wait
	// (up to 10 s) ignores the client and would stall the fuzzer; latency
	// and stall end with the request's context.
	var kinds []faults.Kind
	for _, k := range faults.Builtin().Kinds() {
		if k.Type != "racy-duplicate-check" {
			kinds = append(kinds, k)
		}
	}
	types, err := faults.NewRegistry(kinds...)
	if err != nil {
		f.Fatal(err)
	}
	var servers []*fakes.Server
	for _, o := range []fakes.Options{
		{Auth: fakes.AuthOff, HeaderFaults: true, FaultTypes: types},
		{Auth: fakes.AuthAny, AuthErrors: fakes.AuthErrorsFrontDoor},
		{Auth: fakes.AuthVerify, Credentials: []fakes.Credential{fakes.DefaultCredential, temporary}, HeaderFaults: true, FaultTypes: types},
		{Auth: fakes.AuthOff, AnyAccount: true, AdminToken: "fuzz-admin-token", FaultTypes: types},
	} {
		o.JournalSize, o.Now = 1, func() time.Time { return fuzzClock }
		srv, err := fakes.New(o)
		if err != nil {
			f.Fatal(err)
		}
		servers = append(servers, srv)
	}
	return servers
}

// rawRequest reads a request from its parts as net/http's server would,
// or says it is not one the server would hand to a handler.
func rawRequest(method, target, headers string, body []byte, loopback bool) (*http.Request, bool) {
	var b bytes.Buffer
	b.WriteString(method + " " + target + " HTTP/1.1\r\nHost: fake\r\n")
	framed := false // the headers say how long the body is
	for _, line := range strings.Split(headers, "\n") {
		if line = strings.TrimSuffix(line, "\r"); line != "" {
			b.WriteString(line + "\r\n")
			name, _, _ := strings.Cut(line, ":")
			framed = framed || strings.EqualFold(name, "Content-Length") || strings.EqualFold(name, "Transfer-Encoding")
		}
	}
	if !framed {
		b.WriteString("Content-Length: " + strconv.Itoa(len(body)) + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	req, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil || !servable(req) {
		return nil, false
	}
	req.RemoteAddr = "192.0.2.1:1234"
	if loopback {
		req.RemoteAddr = "127.0.0.1:1234"
	}
	return req, true
}

// servable is what net/http's server checks besides parsing: field names
// and values without control characters (it answers 400 itself otherwise).
func servable(req *http.Request) bool {
	for name, values := range req.Header {
		if !validHeaderName(name) {
			return false
		}
		for _, v := range values {
			if !validHeaderValue(v) {
				return false
			}
		}
	}
	return true
}

// Whatever a client sends (method, path, query, headers, body), the fake
// answers AWS-shaped: a 2xx with a JSON body, or an error with
// X-Amzn-ErrorType and a JSON or empty body; never a 5xx unless a fault
// fired; never a panic, never a header net/http would have to rewrite.
// Error, throttle and stored-then-fail faults answer AWS-shaped too, 5xx
// or not; other faults may break the shape on purpose (that is what
// contract faults do), outwait the client, or hang up.
//
//	go test -run '^$' -fuzz '^FuzzServeHTTP$' -fuzzminimizetime 100x ./fakes
func FuzzServeHTTP(f *testing.F) {
	servers := fuzzServers(f)
	addRequestSeeds(f)
	f.Fuzz(func(t *testing.T, pick uint8, method, target, headers string, body []byte) {
		srv := servers[int(pick>>1)%len(servers)]
		req, ok := rawRequest(method, target, headers, body, pick&1 == 1)
		if !ok {
			return
		}
		// Latency and stall faults end with the client: let it give up soon.
		c, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
		defer cancel()
		defer srv.Reset() // every input starts from the same fake
		admin := strings.HasPrefix(req.URL.EscapedPath(), fakes.AdminPrefix)
		rec := httptest.NewRecorder()
		hungUp := serve(srv, rec, req.WithContext(c))
		fired := ""
		if j := srv.Journal(fakes.Filter{}); !admin && len(j) == 1 {
			fired = j[0].Fault
		}
		if err := checkAnswer(rec, admin, fired, hungUp); err != nil {
			t.Fatalf("%s %s (fault %q): %v\nheaders %v\nbody %q", method, target, fired, err, req.Header, body)
		}
	})
}

// serve runs the fake on one request; it says whether the fake hung up on
// the connection (a transport fault), which net/http takes in its stride.
func serve(srv *fakes.Server, w http.ResponseWriter, req *http.Request) (hungUp bool) {
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			hungUp = true
		}
	}()
	srv.ServeHTTP(w, req)
	return false
}

// validHeaderName says whether name is an HTTP token, as a header's name
// must be.
func validHeaderName(name string) bool {
	return name != "" && !strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, r) })
}

// validHeaderValue says whether v has no control characters but tabs.
func validHeaderValue(v string) bool {
	return !strings.ContainsFunc(v, func(r rune) bool { return (r < ' ' && r != '\t') || r == 0x7f })
}

// shapedFaults answer AWS-shaped, 5xx or not: the property holds of them too.
var shapedFaults = map[string]bool{"error": true, "throttle": true, "pass": true, "stored-then-fail": true}

// checkAnswer is the property of FuzzServeHTTP.
func checkAnswer(rec *httptest.ResponseRecorder, admin bool, fired string, hungUp bool) error {
	for name, values := range rec.Header() {
		for _, v := range values {
			if strings.ContainsAny(v, "\r\n\x00") {
				return errors.New("header " + name + " has a value net/http must rewrite: " + strconv.Quote(v))
			}
		}
	}
	if hungUp && fired == "" {
		return errors.New("hung up without a fault")
	}
	if hungUp || fired != "" && !shapedFaults[fired] {
		return nil // the fault breaks the wire, delays past the client, or hangs up, as it means to
	}
	status, body := rec.Code, rec.Body.Bytes()
	errorType := rec.Header().Get("X-Amzn-ErrorType")
	switch {
	case status >= 500 && fired == "":
		return errors.New("a 5xx without a fault: " + strconv.Itoa(status))
	case !admin && rec.Header().Get("X-Amzn-RequestId") == "":
		return errors.New("no x-amzn-RequestId")
	case status >= 200 && status < 300:
		if rec.Header().Get("Content-Type") == "application/yaml" {
			return nil // GET /_fake/openapi.yaml
		}
		if !json.Valid(body) || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
			return errors.New("a 2xx whose body is not JSON: " + strconv.Itoa(status))
		}
	case errorType == "":
		return errors.New("an error without X-Amzn-ErrorType: " + strconv.Itoa(status))
	case len(body) > 0 && !json.Valid(body):
		return errors.New("an error whose body is not JSON")
	}
	return nil
}
