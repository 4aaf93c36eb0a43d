package conformance

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/chime-conformance/createuser/suites/framework"
)

// Every part of the canonical request and of the string SigV4 signs
// (method, canonical URI, query string, each signed header, the signed
// headers list, the credential scope, the signature itself), changed one
// at a time: a request that differs from the one signed in any of them is
// refused, and creates nothing. CU-AUTH-05 (the body) and CU-AUTH-06
// (Content-Type) are two more such changes.
//
// A change is made one of two ways. signAs signs a variant of the request
// and puts the original back before it is sent: the target receives a
// well-formed CreateUser, routed as any other, whose signature covers
// something else. after edits the signed request: a header, a query
// parameter or the Authorization header itself.

// tamper is one row of the table.
type tamper struct {
	id, what, statement string
	signAs              func(r *http.Request) (undo func())
	after               func(r *http.Request)
}

// canonicalRequest is where SigV4 defines what it covers.
const canonicalRequest = "SigV4 signs the canonical request (HTTPMethod, CanonicalURI, CanonicalQueryString, CanonicalHeaders, SignedHeaders, HashedPayload) " +
	"and the credential scope (date/region/service/aws4_request); AWS refuses a request that differs from the one signed with InvalidSignatureException " +
	"(\"The request signature we calculated does not match the signature you provided\"): "

var signedParts = []tamper{
	{"CU-AUTH-08", "a request signed as PUT and sent as POST", "signed as PUT, sent as POST.",
		func(r *http.Request) func() { r.Method = http.MethodPut; return func() { r.Method = http.MethodPost } }, nil},
	{"CU-AUTH-09", "a request signed for another accountId's path", "signed for another accountId's path, sent to the run's account.",
		func(r *http.Request) func() {
			sent := *r.URL
			other := sent
			other.Path = strings.Replace(other.Path, "/users", "-other/users", 1)
			other.RawPath = strings.Replace(other.RawPath, "/users", "-other/users", 1)
			r.URL = &other
			return func() { r.URL = &sent }
		}, nil},
	{"CU-AUTH-10", "a request signed with another query string", "signed with operation=list, sent with operation=create.",
		func(r *http.Request) func() {
			sent := r.URL.RawQuery
			r.URL.RawQuery = strings.Replace(sent, "operation=create", "operation=list", 1)
			return func() { r.URL.RawQuery = sent }
		}, nil},
	{"CU-AUTH-11", "a query parameter added after signing", "a parameter (conformance=added) added to the query string after signing.",
		nil, func(r *http.Request) { r.URL.RawQuery += "&conformance=added" }},
	{"CU-AUTH-12", "a request signed for another host", "signed for host chime.conformance.invalid, sent to the target's own host.",
		func(r *http.Request) func() {
			sent := r.Host
			r.Host = "chime.conformance.invalid"
			return func() { r.Host = sent }
		}, nil},
	{"CU-AUTH-13", "an X-Amz-Date changed after signing", "X-Amz-Date set one second earlier after signing (well inside the 5 minutes of skew).",
		nil, func(r *http.Request) {
			if at, err := time.Parse(amzDate, r.Header.Get("X-Amz-Date")); err == nil {
				r.Header.Set("X-Amz-Date", at.Add(-time.Second).Format(amzDate))
			}
		}},
	{"CU-AUTH-14", "a header left out of SignedHeaders after signing", "content-type left out of SignedHeaders after signing (the header still sent).",
		nil, editAuthorization(func(a *authorization) { a.signedHeaders = strings.Replace(a.signedHeaders, "content-type;", "", 1) })},
	{"CU-AUTH-15", "a credential scope whose date was changed after signing", "the scope's date set one day earlier after signing.",
		nil, editAuthorization(func(a *authorization) {
			if d, err := time.Parse("20060102", a.scope[1]); err == nil {
				a.scope[1] = d.AddDate(0, 0, -1).Format("20060102")
			}
		})},
	{"CU-AUTH-16", "a credential scope whose region was changed after signing", "the scope's region changed after signing.",
		nil, editAuthorization(func(a *authorization) { a.scope[2] = otherRegion(a.scope[2]) })},
	{"CU-AUTH-17", "a credential scope whose service was changed after signing", "the scope's service changed from chime to s3 after signing.",
		nil, editAuthorization(func(a *authorization) { a.scope[3] = "s3" })},
	{"CU-AUTH-18", "a signature with one hex digit changed", "the signature's last hex digit changed.",
		nil, editAuthorization(func(a *authorization) {
			a.signature = a.signature[:len(a.signature)-1] + otherHex(a.signature[len(a.signature)-1:])
		})},
}

// amzDate is X-Amz-Date's layout.
const amzDate = "20060102T150405Z"

// authSignedParts are the table's checks, in its order. Each change is
// the same in every example (only the probe Email varies): three make the
// point, and keep the eleven checks' creates within a run's budget.
var authSignedParts = func() []*framework.Check {
	var checks []*framework.Check
	for _, row := range signedParts {
		checks = append(checks, authCheck(row.id, row.what+" is refused, and creates nothing",
			canonicalRequest+row.statement, signing{signAs: row.signAs, after: row.after, examples: 3}))
	}
	return checks
}()

// authorization is a SigV4 Authorization header, in parts.
type authorization struct {
	scope                    []string // key, date, region, service, aws4_request
	signedHeaders, signature string
}

// editAuthorization rewrites the signed request's Authorization header
// part by part; a header of another shape is left as it is (the check
// then fails on a request the target accepts, showing why).
func editAuthorization(edit func(*authorization)) func(r *http.Request) {
	return func(r *http.Request) {
		var a authorization
		rest, ok := strings.CutPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ")
		for _, part := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch k {
			case "Credential":
				a.scope = strings.Split(v, "/")
			case "SignedHeaders":
				a.signedHeaders = v
			case "Signature":
				a.signature = v
			}
		}
		if !ok || len(a.scope) != 5 || a.signature == "" {
			return
		}
		edit(&a)
		r.Header.Set("Authorization", fmt.Sprintf("AWS4-HMAC-SHA256 Credential=%s, SignedHeaders=%s, Signature=%s",
			strings.Join(a.scope, "/"), a.signedHeaders, a.signature))
	}
}

func otherRegion(region string) string {
	if region == "us-west-2" {
		return "eu-central-1"
	}
	return "us-west-2"
}

func otherHex(digit string) string {
	if digit == "0" {
		return "1"
	}
	return "0"
}
