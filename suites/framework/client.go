package framework

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/encoding/httpbinding"
)

// ErrBudgetSpent is returned by Send once CHIME_MAX_CREATES requests that
// could create a user have been sent. Those are the signed requests to the
// target's account, valid or not (a broken target may create on invalid
// input); unsigned, wrongly signed and other-account requests cannot.
var ErrBudgetSpent = errors.New("create budget spent (CHIME_MAX_CREATES)")

// Request is one CreateUser request as a check wants it on the wire.
type Request struct {
	Account     string // escaped on the wire as the SDKs do
	Query       string // default "operation=create"
	Body        []byte // nil: no body
	ContentType string // default application/json when there is a body
	Unsigned    bool
	Credentials *aws.Credentials // sign with these instead of the target's (wrong secrets)
	Header      http.Header      // extra headers, e.g. X-Fake-Fault
	// ExpectThrottle turns off the patience with 429: the check wants to see it.
	ExpectThrottle bool
}

// Client sends signed requests to the target and records what came back.
type Client struct {
	target *Target
	http   *http.Client

	mu       sync.Mutex
	requests int
	creates  int       // requests that may have created a user
	next     time.Time // pacing
	statuses map[int]int
	fiveXX   []*Exchange
	throttle int
}

func newClient(t *Target) *Client {
	return &Client{target: t, http: &http.Client{Timeout: 30 * time.Second}, statuses: map[int]int{}}
}

// maxThrottleRetries is how often a throttled request is sent again.
const maxThrottleRetries = 6

// Send signs the request after its body is final (SigV4 with aws-sdk-go-v2's
// signer), paces it, waits out 429s unless the check expects one, and
// records the exchange.
func (c *Client) Send(ctx context.Context, req Request) (*Exchange, error) {
	if err := c.reserve(c.mayCreate(req)); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		x, err := c.once(ctx, req)
		if err != nil {
			return x, err
		}
		c.record(x)
		if x.Status != http.StatusTooManyRequests || req.ExpectThrottle {
			return x, nil
		}
		if err := c.WaitOutThrottle(ctx, attempt); err != nil {
			return x, nil
		}
	}
}

// WaitOutThrottle is the patience with 429: throttling is not a failure, so
// the caller backs off (100 ms, doubling) and sends again. It returns an
// error when the retries are spent or ctx ends; the caller then keeps the
// 429 it has.
func (c *Client) WaitOutThrottle(ctx context.Context, attempt int) error {
	if attempt >= maxThrottleRetries {
		return errors.New("still throttled after retries")
	}
	c.mu.Lock()
	c.throttle++
	c.mu.Unlock()
	select {
	case <-time.After(time.Duration(100<<attempt) * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// mayCreate says whether a request could create a user (see ErrBudgetSpent).
func (c *Client) mayCreate(req Request) bool {
	return !req.Unsigned && req.Credentials == nil && req.Account == c.target.AccountID
}

// Reserve paces one request made outside Send (by the SDK's own client)
// and, when it may create a user, counts it against the create budget.
func (c *Client) Reserve(mayCreate bool) error { return c.reserve(mayCreate) }

func (c *Client) reserve(mayCreate bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	if mayCreate {
		if max := c.target.MaxCreates; max > 0 && c.creates >= max {
			return ErrBudgetSpent
		}
		c.creates++
	}
	if rps := c.target.RPS; rps > 0 {
		now := time.Now()
		if c.next.Before(now) {
			c.next = now
		}
		wait := c.next.Sub(now)
		c.next = c.next.Add(time.Duration(float64(time.Second) / rps))
		c.mu.Unlock()
		time.Sleep(wait)
		c.mu.Lock()
	}
	return nil
}

// BudgetLeft is how many more requests may be sent (-1: unlimited).
func (c *Client) BudgetLeft() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.target.MaxCreates == 0 {
		return -1
	}
	return max(0, c.target.MaxCreates-c.creates)
}

// URL is the CreateUser URL for an account, escaped as aws-sdk-go-v2 does.
func (c *Client) URL(account, query string) string {
	if query == "" {
		query = "operation=create"
	}
	return c.target.Endpoint + "/accounts/" + httpbinding.EscapePath(account, true) + "/users?" + query
}

func (c *Client) once(ctx context.Context, req Request) (*Exchange, error) {
	url := c.URL(req.Account, req.Query)
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(req.Body))
	if err != nil {
		return nil, err
	}
	if req.Body == nil {
		hr.Body, hr.ContentLength = http.NoBody, 0
	}
	if req.Body != nil {
		ct := req.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	for k, v := range req.Header {
		hr.Header[k] = v
	}
	if !req.Unsigned {
		if err := c.sign(ctx, hr, req); err != nil {
			return nil, err
		}
	}
	x := &Exchange{Method: hr.Method, URL: url, RequestHeader: redactHeader(hr.Header), RequestBody: req.Body,
		Signed: !req.Unsigned, Region: c.target.Region}
	resp, err := c.http.Do(hr)
	if err != nil {
		x.TransportError = err.Error()
		return x, nil
	}
	defer resp.Body.Close()
	x.Status, x.Header = resp.StatusCode, resp.Header
	x.Body, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		x.TransportError = "reading the body: " + err.Error()
	}
	return x, nil
}

func (c *Client) sign(ctx context.Context, hr *http.Request, req Request) error {
	var creds aws.Credentials
	if req.Credentials != nil {
		creds = *req.Credentials
	} else {
		var err error
		if creds, err = c.target.Credentials.Retrieve(ctx); err != nil {
			return fmt.Errorf("credentials: %w", err)
		}
	}
	sum := sha256.Sum256(req.Body)
	return v4.NewSigner().SignHTTP(ctx, creds, hr, hex.EncodeToString(sum[:]), "chime", c.target.Region, time.Now())
}

func (c *Client) record(x *Exchange) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if x.Status != 0 {
		c.statuses[x.Status]++
	}
	if x.Status >= 500 && len(c.fiveXX) < 100 {
		c.fiveXX = append(c.fiveXX, x)
	}
}

// Stats is what the client saw during the run.
type Stats struct {
	Requests  int         `json:"requests"`
	Creates   int         `json:"mayHaveCreated"`
	Statuses  map[int]int `json:"statuses"`
	Throttled int         `json:"throttledAndRetried"`
	FiveXX    []*Exchange `json:"-"`
}

// Stats returns a copy of what was seen so far.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Stats{Requests: c.requests, Creates: c.creates, Statuses: map[int]int{}, Throttled: c.throttle, FiveXX: append([]*Exchange(nil), c.fiveXX...)}
	for k, v := range c.statuses {
		s.Statuses[k] = v
	}
	return s
}
