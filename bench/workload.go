// Package bench measures the fake against a ceiling, in one run: the
// requests a load test and the Go benchmarks send (this file), a loopback
// load generator, a bare net/http server answering a fixed 201 of the same
// size, the store at scale and the suites' own overhead. cmd/chime-bench
// prints them as one table; `make bench` runs it.
package bench

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Workload builds CreateUser requests as aws-sdk-go-v2 sends them:
// escaped path, JSON body, signed with SigV4 when Credentials is set.
type Workload struct {
	Host        string           // host:port the requests name
	Account     string           // the account created in
	Credentials *aws.Credentials // nil: unsigned
	Region      string           // default us-east-1
	Tag         string           // makes Emails unique across runs against one store
}

// signer is shared: it caches derived signing keys, as a client's does.
var signer = v4.NewSigner()

// Create is the n-th valid create: a unique Email, so every one is stored.
func (w *Workload) Create(n int) *http.Request {
	return w.Post(w.Account, CreateBody(w.Tag, n))
}

// CreateBody is the body of the n-th create; every one has the same
// length for a given tag and number of digits.
func CreateBody(tag string, n int) []byte {
	return fmt.Appendf(nil, `{"Email":"bench-%s-%09d@example.com","Username":"Bench User","UserType":"SharedDevice"}`, tag, n)
}

// Post builds a CreateUser POST for the account with the body, signed when
// the workload has credentials.
func (w *Workload) Post(account string, body []byte) *http.Request {
	u := "http://" + w.Host + "/accounts/" + url.PathEscape(account) + "/users?operation=create"
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		panic(fmt.Sprintf("bench: a request of constant shape failed to build: %v", err)) // unreachable from input
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Amz-Sdk-Invocation-Id", invocationID(w.Tag, body))
	req.Header.Set("Amz-Sdk-Request", "attempt=1; max=3")
	if w.Credentials != nil {
		sum := sha256.Sum256(body)
		region := w.Region
		if region == "" {
			region = "us-east-1"
		}
		if err := signer.SignHTTP(context.Background(), *w.Credentials, req, hex.EncodeToString(sum[:]), "chime", region, time.Now()); err != nil {
			panic(fmt.Sprintf("bench: signing failed: %v", err)) // the signer fails only on a nil request
		}
	}
	return req
}

// invocationID is unique per body, as a client's is per call.
func invocationID(tag string, body []byte) string {
	sum := sha256.Sum256(append([]byte(tag), body...))
	return hex.EncodeToString(sum[:16])
}

// Wire is the request as bytes on an HTTP/1.1 connection.
func Wire(req *http.Request) []byte {
	var b bytes.Buffer
	if err := req.Write(&b); err != nil {
		panic(fmt.Sprintf("bench: writing a request to memory failed: %v", err))
	}
	return b.Bytes()
}
