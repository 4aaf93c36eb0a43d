package framework

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/smithy-go/encoding/httpbinding"

	"github.com/chime-conformance/createuser/suites/evidence"
	"github.com/chime-conformance/createuser/suites/report"
)

// ErrBudgetSpent is returned once the requests that could create a user
// (every request to the run's account) reach the create budget
// (Config.MaxCreates).
var ErrBudgetSpent = errors.New("create budget spent (CHIME_MAX_CREATES)")

// Request is one CreateUser request as a check wants it on the wire.
type Request struct {
	Account     string // escaped on the wire as the SDKs escape it
	Query       string // default "operation=create"
	Body        []byte // nil: no body
	ContentType string // default application/json when there is a body
	Unsigned    bool
	// Credentials sign instead of the run's (a wrong secret, a forbidden
	// identity).
	Credentials *aws.Credentials
	Header      http.Header // extra headers
	// Sign, when set, signs the request instead of the default signer: the
	// SigV4 checks sign in ways a correct client never would.
	Sign func(ctx context.Context, r *http.Request, body []byte) error
	// ExpectThrottle turns off the patience with 429: the check wants to see it.
	ExpectThrottle bool
	// Burst: not paced (CHIME_RPS), for requests that must arrive together.
	Burst bool
}

// pool says which share of the create budget a request draws from.
type pool int

const (
	mainPool   pool = iota
	shrinkPool      // shrinking a failure: set aside, so it never starves later checks
)

// Client sends signed requests to the target and records every exchange.
type Client struct {
	s    *Session
	http *http.Client

	mu         sync.Mutex
	next       time.Time // pacing
	used       [2]int    // requests that may have created a user, per pool
	limit      [2]int    // 0: unlimited
	stats      report.Stats
	findings   []Finding // answers of the wrong shape, whatever check met them
	exceptions map[string]int
	scrub      evidence.Scrubber
	created    []string      // Emails the target answered 201 for, in the run's account
	skew       time.Duration // the target's clock minus ours, from its Date header
	// failedControls counts the inputs in a row whose control create
	// failed too (outage.go); a 201 resets it.
	failedControls int
}

func newClient(s *Session, hc *http.Client) *Client {
	c := &Client{s: s, http: hc, stats: report.Stats{Statuses: map[int]int{}}, exceptions: map[string]int{}}
	if total := s.cfg.MaxCreates; total > 0 {
		reserve := max(total/10, min(10, total/2))
		c.limit = [2]int{total - reserve, reserve}
	}
	return c
}

// maxThrottleWaits is how often a throttled request is sent again.
const maxThrottleWaits = 6

// sender makes one attempt of a request: it reserves the attempt against
// the budget (ErrBudgetSpent), sends it and records the exchange. Raw
// requests and SDK calls are senders; what follows (patience with 429,
// what an answer proves) is the same for both (exchange.go).
type sender func(ctx context.Context, p pool) (*evidence.Exchange, error)

// raw is the sender of a raw request: signed after its body is final,
// paced (unless a burst); whatever went wrong on the wire is in the
// exchange (TransportError, Side).
func (c *Client) raw(check string, req Request) sender {
	return func(ctx context.Context, p pool) (*evidence.Exchange, error) {
		if err := c.reserve(ctx, c.mayCreate(req), p, !req.Burst); err != nil {
			return nil, err
		}
		x := c.once(ctx, check, req)
		c.record(x)
		return x, nil
	}
}

// patiently makes attempts until the answer is not a throttle (or the
// check expects one): throttling is not what most checks are about. Each resend
// is an attempt of its own, reserved against the budget like the first.
func (c *Client) patiently(ctx context.Context, expectThrottle bool, attempt func() (*evidence.Exchange, error)) (*evidence.Exchange, error) {
	for wait := 0; ; wait++ {
		x, err := attempt()
		if err != nil || !throttled(x) || expectThrottle || c.waitOutThrottle(ctx, wait) != nil {
			return x, err
		}
	}
}

// throttled says whether an answer asks the client to slow down: a 429,
// whatever its error is called, or an error of any status named as AWS
// names throttling (aws-sdk-go-v2's retry.DefaultThrottleErrorCodes: AWS's
// common 400 ThrottlingException, Throttling, RequestLimitExceeded...),
// which the SDKs back off from and retry too.
func throttled(x *evidence.Exchange) bool {
	if !x.Answered() || x.Status < http.StatusBadRequest {
		return false
	}
	_, named := retry.DefaultThrottleErrorCodes[x.ErrorCode()]
	return named || x.Status == http.StatusTooManyRequests
}

// waitOutThrottle is the patience with throttling: throttling is not what most
// checks are about, so they back off (100 ms, doubling) and send again.
func (c *Client) waitOutThrottle(ctx context.Context, attempt int) error {
	if attempt >= maxThrottleWaits {
		return errors.New("still throttled after retries")
	}
	c.mu.Lock()
	c.stats.ThrottleWaits++
	c.mu.Unlock()
	return sleep(ctx, time.Duration(100<<attempt)*time.Millisecond)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// mayCreate: any request to the run's account may create a user, on a
// broken target: unsigned, wrongly signed or invalid alike.
func (c *Client) mayCreate(req Request) bool { return req.Account == c.s.cfg.AccountID }

// reserve paces one request and, when it may create a user, counts it
// against its pool of the budget.
func (c *Client) reserve(ctx context.Context, mayCreate bool, p pool, paced bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if mayCreate {
		if c.limit[p] > 0 && c.used[p] >= c.limit[p] {
			return ErrBudgetSpent
		}
		c.used[p]++
		c.stats.MayHaveCreated++
	}
	c.stats.Requests++
	if rps := c.s.cfg.RPS; rps > 0 && paced {
		now := time.Now()
		c.next = later(c.next, now)
		wait := c.next.Sub(now)
		c.next = c.next.Add(time.Duration(float64(time.Second) / rps))
		c.mu.Unlock()
		err := sleep(ctx, wait)
		c.mu.Lock()
		return err
	}
	return nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// left is what is left of a pool (-1: unlimited).
func (c *Client) left(p pool) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.limit[p] == 0 {
		return -1
	}
	return max(0, c.limit[p]-c.used[p])
}

// URL is the CreateUser URL for an account, escaped as aws-sdk-go-v2 does.
func (c *Client) URL(account, query string) string {
	if query == "" {
		query = "operation=create"
	}
	return c.s.target.Endpoint + "/accounts/" + httpbinding.EscapePath(account, true) + "/users?" + query
}

func (c *Client) once(ctx context.Context, check string, req Request) *evidence.Exchange {
	ctx, cancel := context.WithTimeout(ctx, c.s.cfg.RequestTimeout)
	defer cancel()
	url := c.URL(req.Account, req.Query)
	x := &evidence.Exchange{Check: check, Started: time.Now(), Method: http.MethodPost, URL: url,
		RequestBody: req.Body, Signed: !req.Unsigned, Region: c.s.cfg.Region}
	if req.Sign != nil || req.Credentials != nil {
		x.Note = "signed differently on purpose; the curl below signs it with your own credentials, correctly"
	}
	defer func() { x.Duration = time.Since(x.Started) }()
	hr, err := c.build(ctx, url, req)
	if hr != nil {
		x.RequestHeader = evidence.Redact(hr.Header)
	}
	if err != nil {
		x.TransportError, x.Side = "preparing the request: "+err.Error(), evidence.Client
		return x
	}
	rctx, noted := noticeResend(hr.Context())
	resp, err := c.http.Do(hr.WithContext(rctx))
	noted(x)
	if err != nil {
		x.TransportError, x.Side, x.Unreachable = err.Error(), c.s.classify(err), evidence.Unreachable(err)
		if advice := tlsAdvice(err); advice != "" {
			x.TransportError += ": " + advice
		}
		if advice := proxyAdvice(err); advice != "" { // the run's configuration, not the target
			x.TransportError, x.Side, x.Unreachable = x.TransportError+": "+advice, evidence.Client, true
		}
		return x
	}
	defer resp.Body.Close()
	x.Status, x.Header = resp.StatusCode, resp.Header
	x.Body, err = io.ReadAll(resp.Body)
	if err != nil {
		x.TransportError, x.Side = "reading the body: "+err.Error(), c.s.classify(err)
	}
	return x
}

func (c *Client) build(ctx context.Context, url string, req Request) (*http.Request, error) {
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(req.Body))
	if err != nil {
		return nil, err
	}
	if req.Body == nil {
		hr.Body, hr.ContentLength = http.NoBody, 0
	} else {
		ct := req.ContentType
		if ct == "" {
			ct = "application/json"
		}
		hr.Header.Set("Content-Type", ct)
	}
	for k, v := range req.Header {
		hr.Header[k] = v
	}
	switch {
	case req.Unsigned:
	case req.Sign != nil:
		err = req.Sign(ctx, hr, req.Body)
	default:
		err = c.sign(ctx, hr, req)
	}
	return hr, err
}

func (c *Client) sign(ctx context.Context, hr *http.Request, req Request) error {
	creds, err := c.credentials(ctx, req.Credentials)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(req.Body)
	return v4.NewSigner().SignHTTP(ctx, creds, hr, hex.EncodeToString(sum[:]), "chime", c.s.cfg.Region, time.Now())
}

// credentials are what a request is signed with: the run's, or the
// override; either way their secrets are scrubbed from every answer.
func (c *Client) credentials(ctx context.Context, override *aws.Credentials) (aws.Credentials, error) {
	if override != nil {
		c.scrub.Add(override.SecretAccessKey, override.SessionToken)
		return *override, nil
	}
	creds, err := c.s.target.Credentials.Retrieve(ctx)
	if err != nil {
		return creds, fmt.Errorf("%w: credentials: %v", evidence.ErrClientFault, err)
	}
	c.scrub.Add(creds.SecretAccessKey, creds.SessionToken)
	return creds, nil
}

// record scrubs the exchange of the run's secrets, counts it and audits
// its shape.
func (c *Client) record(x *evidence.Exchange) {
	c.scrub.Exchange(x)
	x.BasePath = c.s.target.basePath
	f := audit(x)
	c.mu.Lock()
	defer c.mu.Unlock()
	if x.Status != 0 {
		c.stats.Statuses[x.Status]++
	}
	if x.Status == http.StatusCreated {
		c.failedControls = 0
	}
	if x.Status >= 400 {
		c.exceptions[x.ErrorCode()]++
	}
	if email := createdEmail(x, c.s.cfg.AccountID, c.URL); email != "" {
		c.created = append(c.created, email)
	}
	if d, err := http.ParseTime(x.Header.Get("Date")); err == nil && x.Duration < 5*time.Second {
		c.skew = d.Sub(x.Started.Add(x.Duration / 2)).Truncate(time.Second)
	}
	switch x.Side {
	case evidence.Client:
		c.stats.ClientFaults++
	case evidence.Target:
		c.stats.TargetFaults++
	}
	if f != "" && len(c.findings) < maxFindings {
		c.findings = append(c.findings, Finding{x.Kept(), f})
	}
}

// Exceptions counts the error names the run met, as clients resolve them.
func (c *Client) Exceptions() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.exceptions)
}

// Stats returns a copy of what the client saw so far.
func (c *Client) Stats() report.Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.stats
	s.Statuses = map[int]int{}
	for k, v := range c.stats.Statuses {
		s.Statuses[k] = v
	}
	return s
}

// Findings lists the answers of the wrong shape the run met (at most
// maxFindings).
func (c *Client) Findings() []Finding {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Finding(nil), c.findings...)
}

// createdEmail is the Email a 201 to the run's account was created with,
// "" for any other exchange.
func createdEmail(x *evidence.Exchange, account string, url func(string, string) string) string {
	if x.Status != http.StatusCreated || !x.Answered() || !strings.HasPrefix(x.URL, url(account, "")) {
		return ""
	}
	var in struct{ Email *string }
	if json.Unmarshal(x.RequestBody, &in) != nil || in.Email == nil {
		return ""
	}
	return *in.Email
}

// Created lists the Emails the target answered 201 for during the run.
func (c *Client) Created() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.created)
}

// TargetNow is the target's clock, as its last Date header told it (to
// the second): signing times are judged by the target's clock, not ours.
func (c *Client) TargetNow() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skew)
}
