package fakes_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes"
)

// How FuzzSigV4 treats a request after aws-sdk-go-v2's signer signed it.
const (
	signedAsIs        = iota // must be accepted when within the skew and well scoped
	wrongSecret              // signed with the secret plus tamper
	rawAuthorization         // Authorization replaced by tamper
	editAuthorization        // tamper written over Authorization at a position
	bodyChanged              // tamper appended to the body
	headerChanged            // a signed header's value replaced by tamper
	tokenChanged             // the session token replaced by tamper (removed when empty)
	treatments
)

// harnessHeaders are set by the harness, not by the fuzzer's header lines.
var harnessHeaders = regexp.MustCompile(`(?i)^(host|content-length|transfer-encoding|authorization|x-amz-date|x-amz-security-token|connection|expect|trailer|te|upgrade)$`)

// A plausible region: the positive property applies to those only (a
// region with a slash or a comma breaks the credential scope, and AWS
// refuses that too; the fake refuses any other shape before verifying).
var plausibleRegion = regexp.MustCompile(`^[a-z0-9-]{1,32}$`)

// The SigV4 verifier never accepts a request not signed with the
// configured secret: signed with another secret, its Authorization
// replaced or edited, its body, a signed header or its session token
// changed after signing; with and without a session token. And it does
// accept what aws-sdk-go-v2's signer signs with the right secret, within
// the clock skew (else "never accepts" would hold of a verifier that
// refuses everything).
//
//	go test -run '^$' -fuzz '^FuzzSigV4$' -fuzzminimizetime 100x ./fakes
func FuzzSigV4(f *testing.F) {
	srv, err := fakes.New(fakes.Options{Auth: fakes.AuthVerify, AnyAccount: true, JournalSize: 1,
		Credentials: []fakes.Credential{fakes.DefaultCredential, temporary}, Now: func() time.Time { return fuzzClock }})
	if err != nil {
		f.Fatal(err)
	}
	const create = "/accounts/" + fakes.SampleAccountID + "/users?operation=create"
	for how := range uint8(2 * treatments) {
		f.Add(how, create, "Content-Type: application/json\nAmz-Sdk-Invocation-Id: 1b2c", []byte(`{"Email":"jane@example.com"}`), int32(0), "us-east-1", "x")
	}
	f.Add(uint8(0), "/accounts/a%2Fb%20c/users?operation=create", "Content-Type: application/json", []byte(`{}`), int32(-299), "eu-west-1", "")
	f.Add(uint8(1), create, "X-Custom: a  b\nX-Custom: c", []byte(nil), int32(301), "us-east-1", "")
	f.Fuzz(func(t *testing.T, how uint8, target, headers string, body []byte, skew int32, region, tamper string) {
		if !validHeaderValue(tamper) || strings.Contains(tamper, "\t") {
			return // Go's client would rewrite it on the wire, changing what was tampered with
		}
		cred := fakes.DefaultCredential
		if how&1 == 1 {
			cred = temporary
		}
		treatment := int(how>>1) % treatments
		req, ok := signedRequest(target, headers, body, cred, treatment, region, tamper, fuzzClock.Add(time.Duration(skew)*time.Second))
		if !ok {
			return
		}
		changed := tamperWith(req, treatment, tamper, cred, int(uint32(skew)))
		if treatment != signedAsIs && !changed {
			treatment = signedAsIs // the tamper changed nothing: it is the request signed
		}
		served, ok := onTheWire(req)
		if !ok {
			return
		}
		defer srv.Reset()
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, served)
		routed, accepted := rec.Code != 404, rec.Code != 401 && rec.Code != 403 && rec.Code != 404
		within := skew > -300 && skew < 300
		switch {
		case treatment != signedAsIs && accepted:
			t.Fatalf("treatment %d accepted (%d %s): %s", treatment, rec.Code, rec.Body, dump(served))
		case treatment == signedAsIs && (skew < -300 || skew > 300) && accepted:
			t.Fatalf("signed %d s off the clock, accepted: %s", skew, dump(served))
		case treatment == signedAsIs && within && routed && plausibleRegion.MatchString(region) && !accepted:
			t.Fatalf("signed with the right secret, refused (%d %s): %s", rec.Code, rec.Body, dump(served))
		}
	})
}

// signedRequest builds a create from the fuzzer's parts and signs it as
// aws-sdk-go-v2 does; with wrongSecret, with the secret plus tamper.
func signedRequest(target, headers string, body []byte, cred fakes.Credential, treatment int, region, tamper string, at time.Time) (*http.Request, bool) {
	req, err := http.NewRequest("POST", "http://fake"+target, bytes.NewReader(body))
	if err != nil || req.URL.Host != "fake" {
		return nil, false
	}
	for _, line := range strings.Split(headers, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if ok && validHeaderName(name) && validHeaderValue(value) && !harnessHeaders.MatchString(name) { // Go's client sends no other
			req.Header.Add(name, value)
		}
	}
	secret := cred.SecretAccessKey
	if treatment == wrongSecret {
		secret += tamper
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: cred.AccessKeyID, SecretAccessKey: secret, SessionToken: cred.SessionToken}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "chime", region, at); err != nil {
		return nil, false
	}
	return req, true
}

// tamperWith changes the signed request as the treatment says, and says
// whether anything changed that the signature covers.
func tamperWith(req *http.Request, treatment int, tamper string, cred fakes.Credential, position int) bool {
	auth := req.Header.Get("Authorization")
	switch treatment {
	case wrongSecret:
		return tamper != ""
	case rawAuthorization:
		req.Header.Set("Authorization", tamper)
		return authorizationParts(strings.TrimSpace(tamper)) != authorizationParts(auth)
	case editAuthorization:
		i := position % len(auth)
		edited := auth[:i] + tamper + auth[min(i+len(tamper), len(auth)):]
		req.Header.Set("Authorization", edited)
		return authorizationParts(strings.TrimSpace(edited)) != authorizationParts(auth)
	case bodyChanged:
		body, _ := io.ReadAll(req.Body)
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(append(body, tamper...))), int64(len(body)+len(tamper))
		return tamper != ""
	case headerChanged:
		return changeSignedHeader(req, auth, tamper)
	case tokenChanged:
		if tamper == "" {
			req.Header.Del("X-Amz-Security-Token")
			return cred.SessionToken != ""
		}
		req.Header.Set("X-Amz-Security-Token", tamper)
		return strings.TrimSpace(tamper) != cred.SessionToken
	}
	return false
}

// authorizationParts is what a signature is, as AWS and the fake read an
// Authorization header: its Credential, SignedHeaders and Signature,
// however spaced or ordered; "" when it has not those three, each once.
// An edit that keeps them (a space after a comma dropped) changes nothing.
func authorizationParts(h string) string {
	rest, ok := strings.CutPrefix(h, "AWS4-HMAC-SHA256 ")
	if !ok {
		return ""
	}
	parts := map[string]string{}
	for _, p := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if _, twice := parts[k]; !ok || twice {
			return ""
		}
		parts[k] = v
	}
	if len(parts) != 3 || parts["Credential"] == "" || parts["SignedHeaders"] == "" || parts["Signature"] == "" {
		return ""
	}
	return parts["Credential"] + " " + parts["SignedHeaders"] + " " + parts["Signature"]
}

// changeSignedHeader sets the first signed header the fuzzer gave (not one
// the harness or signer sets) to value, and says whether that changed it
// as the signature sees it: spaces trimmed and runs of them collapsed.
func changeSignedHeader(req *http.Request, auth, value string) bool {
	_, list, _ := strings.Cut(auth, "SignedHeaders=")
	list, _, _ = strings.Cut(list, ",")
	for _, name := range strings.Split(list, ";") {
		if harnessHeaders.MatchString(name) || name == "content-type" && req.Header.Get(name) == "" {
			continue
		}
		before := strings.Join(req.Header.Values(name), ",")
		req.Header.Set(name, value)
		return strings.Join(strings.Fields(before), " ") != strings.Join(strings.Fields(value), " ")
	}
	return false
}

// onTheWire is the request as the fake's handler gets it: written by Go's
// client, read back by net/http's server code.
func onTheWire(req *http.Request) (*http.Request, bool) {
	var b bytes.Buffer
	if err := req.Write(&b); err != nil {
		return nil, false
	}
	served, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil || !servable(served) {
		return nil, false
	}
	served.RemoteAddr = "192.0.2.1:1234"
	return served, true
}

func dump(req *http.Request) string {
	var b strings.Builder
	b.WriteString(req.Method + " " + req.RequestURI + "\n")
	for name, values := range req.Header {
		b.WriteString(name + ": " + strings.Join(values, " | ") + "\n")
	}
	return b.String()
}
