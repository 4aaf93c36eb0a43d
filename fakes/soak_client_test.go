package fakes_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/chime-conformance/createuser/fakes"
)

// soakCredential is the soak's temporary credential: every request the
// fake should accept carries its session token.
var soakCredential = fakes.Credential{AccessKeyID: "ASIASOAKEXAMPLE", SecretAccessKey: "soak-secret-key", SessionToken: "soak-session-token"}

// signingFlaw is what is wrong with how a soak request is signed.
type signingFlaw int

const (
	signedWell signingFlaw = iota
	signedWithAnotherSecret
	signedWithoutToken
)

// soakClient sends creates one at a time, without retries, so that each
// request's fate is known: the soak counts what the fake must have stored.
type soakClient struct {
	url    string
	http   *http.Client
	signer *v4.Signer
}

func newSoakClient(url string, conns int) *soakClient {
	tr := &http.Transport{MaxIdleConnsPerHost: conns, IdleConnTimeout: 30 * time.Second}
	return &soakClient{url: url, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, signer: v4.NewSigner()}
}

// soakAnswer is one request's fate.
type soakAnswer struct {
	status  int
	message string
	userID  string
	cut     bool  // the status came, the body was cut short (truncate)
	err     error // no answer: the connection was reset or closed
}

// storedAfterFailure says the answer is stored-then-fail's 5xx.
func (a soakAnswer) storedAfterFailure() bool {
	return a.status == 500 && a.message == "Injected ServiceFailureException after the user was stored"
}

func (c *soakClient) create(account, body string, flaw signingFlaw) soakAnswer {
	req, err := http.NewRequest("POST", c.url+"/accounts/"+account+"/users?operation=create", bytes.NewReader([]byte(body)))
	if err != nil {
		return soakAnswer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	creds := aws.Credentials{AccessKeyID: soakCredential.AccessKeyID, SecretAccessKey: soakCredential.SecretAccessKey, SessionToken: soakCredential.SessionToken}
	signer := c.signer
	switch flaw {
	case signedWithAnotherSecret:
		// A signer of its own: aws-sdk-go-v2's caches the derived key by
		// access key and day, not by secret, so the shared one would sign
		// with the right secret's key (the soak's first run caught that).
		creds.SecretAccessKey, signer = "not-the-"+creds.SecretAccessKey, v4.NewSigner()
	case signedWithoutToken:
		creds.SessionToken = ""
	}
	sum := sha256.Sum256([]byte(body))
	if err := signer.SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "chime", "us-east-1", time.Now()); err != nil {
		return soakAnswer{err: err}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return soakAnswer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	var out struct {
		Message string
		User    struct{ UserId string }
	}
	if err != nil || json.Unmarshal(b, &out) != nil {
		return soakAnswer{status: resp.StatusCode, cut: true}
	}
	return soakAnswer{status: resp.StatusCode, message: out.Message, userID: out.User.UserId}
}
