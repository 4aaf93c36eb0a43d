package selftest

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// indie is a CreateUser service written here from the reference page,
// independently of fakes/: its own routing, validation, store, error
// shapes and SigV4 check. Its knobs make it differ from the fake the ways
// real services differ (valid variations) or break it (faults); each knob
// counts how often it fired, so a test can show it did.
type indie struct {
	creds   aws.Credentials
	account string

	// Valid variations.
	chunked          bool          // 201 bodies chunked, flushed in pieces
	gzipped          bool          // bodies gzip-compressed when the client accepts it
	closeConns       bool          // Connection: close on every answer
	latency          time.Duration // before every answer
	frontDoor        bool          // auth failures as AWS's front door: 403 InvalidSignature...
	decorated        bool          // X-Amzn-ErrorType "Name:http://internal.amazon.com/coral/..."
	sparse           bool          // the 201 carries only the members it knows, seconds-precision time
	keepAliveOff     bool          // the server closes idle connections at once
	idleTimeout      time.Duration // the server closes connections idle this long (keep-alive races)
	caseSensitive    bool          // Emails that differ in case are different users (the page is silent)
	goDot            bool          // the Email pattern read by Go's regexp ("." matches \r, U+2028, U+2029), not as ECMA-262
	region           string        // only signatures scoped to this region hold ("" accepts any)
	throttleEvery    int           // every n-th request: AWS's common 400 ThrottlingException
	unavailableEvery int           // every n-th request: 503 ServiceUnavailableException, nothing done
	basePath         string        // mounted under this path, as behind a gateway ("/prefix")
	tls              *tls.Config   // served over TLS (HTTP/2 offered) with this certificate

	// Faults.
	truncateEvery int  // cut every n-th 201 body short of its Content-Length
	html5xxEvery  int  // answer every n-th request with an HTML 502 from a "proxy"
	storeThen400  bool // an invalid request still stores a user with its Email
	failOddEmails bool // a valid create whose Email length is a multiple of 5 gets 500 (an input-specific bug)
	latin1Echo    bool // the 201 echoes the Username in ISO-8859-1, not UTF-8 (bytes Go's decoder replaces, botocore's refuses)
	// failAfter: once that many users are stored, every valid create gets
	// failAfterStatus (500 or 503), nothing stored; everything else is
	// answered as before (a full disk, a broken database connection).
	failAfter       int
	failAfterStatus int
	// dropEvery: a valid create whose Email length is a multiple of it
	// gets no answer: the connection is closed (before storing the user,
	// or after with dropAfterStore), as a crashing handler would.
	dropEvery      int
	dropAfterStore bool
	// caseRace: Emails are unique exactly under the store's lock, and
	// ignoring case only by a lookup before it (check, then insert):
	// concurrent case variants slip past.
	caseRace      bool
	notCreateUser bool // an HTML 404 for everything: some other service
	inputFaults        // faults at the edges of the input (indie_edges_test.go)
	// hostile, when set, answers every request to the account instead of
	// the service (the preflight, to an unknown account, still passes).
	hostile func(w http.ResponseWriter, r *http.Request)

	mu      sync.Mutex
	users   map[string]map[string]bool // account -> Emails, by key
	lowered map[string]bool            // every Email taken, lower-cased (caseRace's lookup)
	n       atomic.Int64
	fired   sync.Map // knob -> *atomic.Int64
}

func newIndie(creds aws.Credentials, account string) *indie {
	return &indie{creds: creds, account: account, users: map[string]map[string]bool{account: {}}, lowered: map[string]bool{}}
}

func (s *indie) fire(knob string) {
	v, _ := s.fired.LoadOrStore(knob, new(atomic.Int64))
	v.(*atomic.Int64).Add(1)
}

// Fired says how often a knob took effect.
func (s *indie) Fired(knob string) int64 {
	if v, ok := s.fired.Load(knob); ok {
		return v.(*atomic.Int64).Load()
	}
	return 0
}

// serveIndie starts an independent server on a loopback port, with the
// knobs set sets, for the test's duration; it returns the server and its URL.
func serveIndie(t testing.TB, set func(*indie)) (*indie, string) {
	s := newIndie(selftestCreds, selftestAccount)
	if set != nil {
		set(s)
	}
	srv := s.start()
	t.Cleanup(srv.Close)
	return s, srv.URL
}

// start serves on a loopback port.
func (s *indie) start() *httptest.Server {
	srv := httptest.NewUnstartedServer(s)
	if s.keepAliveOff {
		srv.Config.SetKeepAlivesEnabled(false)
		s.fire("keepAliveOff")
	}
	if s.idleTimeout > 0 {
		srv.Config.IdleTimeout = s.idleTimeout
	}
	if s.tls != nil {
		srv.TLS, srv.EnableHTTP2 = s.tls, true
		srv.Config.ErrorLog = log.New(io.Discard, "", 0) // handshakes a test refuses on purpose
		srv.StartTLS()
		return srv
	}
	srv.Start()
	return srv
}

var usersPath = regexp.MustCompile(`^/accounts/([^/]+)/users$`)

func (s *indie) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := s.n.Add(1)
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if s.latency > 0 {
		time.Sleep(s.latency)
		s.fire("latency")
	}
	if s.closeConns {
		w.Header().Set("Connection", "close")
		s.fire("closeConns")
	}
	if s.notCreateUser || (s.html5xxEvery > 0 && n%int64(s.html5xxEvery) == 0) {
		s.fire("html")
		status := http.StatusBadGateway
		if s.notCreateUser {
			status = http.StatusNotFound
		}
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		fmt.Fprintf(w, "<html><body><h1>%d %s</h1></body></html>", status, http.StatusText(status))
		return
	}
	if r.ProtoMajor == 2 {
		s.fire("http2")
	}
	opPath, mounted := strings.CutPrefix(r.URL.EscapedPath(), s.basePath)
	if s.basePath != "" && mounted {
		s.fire("basePath")
	}
	m := usersPath.FindStringSubmatch(opPath)
	if !mounted {
		m = nil
	}
	if s.hostile != nil && m != nil && m[1] == url.PathEscape(s.account) {
		s.fire("hostile")
		s.hostile(w, r)
		return
	}
	if r.Method != http.MethodPost || m == nil || r.URL.Query().Get("operation") != "create" {
		s.fail(w, r, 404, "NotFoundException", "no such resource")
		return
	}
	if name, why := s.authenticate(r, body); name != "" {
		s.fail(w, r, map[bool]int{true: 403, false: 401}[s.frontDoor], name, why)
		return
	}
	if s.unavailableEvery > 0 && n%int64(s.unavailableEvery) == 0 {
		s.fire("unavailable")
		s.fail(w, r, 503, "ServiceUnavailableException", "The service is currently unavailable.")
		return
	}
	if s.throttleEvery > 0 && n%int64(s.throttleEvery) == 0 {
		s.fire("throttled")
		s.fail(w, r, 400, "ThrottlingException", "Rate exceeded")
		return
	}
	account, err := url.PathUnescape(m[1])
	if err != nil || !hasNonSpace(account) {
		s.fail(w, r, 400, "BadRequestException", "accountId must contain a non-whitespace character")
		return
	}
	in, problem := s.parseInput(body)
	if status, name, why := s.edgeFault(body, in, problem); status != 0 {
		s.fail(w, r, status, name, why)
		return
	}
	if problem != "" {
		if s.storeThen400 && in.Email != "" {
			s.fire("storeThen400")
			s.store(account, in.Email)
		}
		s.fail(w, r, 400, "BadRequestException", problem)
		return
	}
	if s.failOddEmails && in.Email != "" && len(in.Email)%5 == 0 {
		s.fire("failOddEmails")
		s.fail(w, r, 500, "ServiceFailureException", "The service encountered an unexpected error.")
		return
	}
	if s.failAfter > 0 && s.stored() >= s.failAfter {
		s.fire("failAfter")
		name := map[int]string{500: "ServiceFailureException", 503: "ServiceUnavailableException"}[s.failAfterStatus]
		s.fail(w, r, s.failAfterStatus, name, "The service encountered an unexpected error.")
		return
	}
	drop := s.dropEvery > 0 && in.Email != "" && len(in.Email)%s.dropEvery == 0
	if drop && !s.dropAfterStore {
		s.hangUp(w)
		return
	}
	if s.caseRace && in.Email != "" {
		s.mu.Lock()
		taken := s.lowered[strings.ToLower(in.Email)]
		s.mu.Unlock()
		if taken {
			s.fail(w, r, 409, "ConflictException", "email in use")
			return
		}
		s.fire("caseRace")
		time.Sleep(20 * time.Millisecond)
	}
	key := s.key(in.Email)
	s.mu.Lock()
	emails, ok := s.users[account]
	switch {
	case !ok:
		s.mu.Unlock()
		s.fail(w, r, 404, "NotFoundException", "no such account")
		return
	case in.Email != "" && emails[key]:
		s.mu.Unlock()
		s.fail(w, r, 409, "ConflictException", "email in use")
		return
	}
	if in.Email != "" {
		emails[key] = true
		s.lowered[strings.ToLower(in.Email)] = true
	}
	s.mu.Unlock()
	if drop {
		s.hangUp(w)
		return
	}
	s.created(w, r, account, in)
}

// stored counts the users with an Email stored in every account.
func (s *indie) stored() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.lowered)
}

func (s *indie) store(account, email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if emails, ok := s.users[account]; ok {
		emails[s.key(email)] = true
		s.lowered[strings.ToLower(email)] = true
	}
}

// hangUp closes the connection without an answer.
func (s *indie) hangUp(w http.ResponseWriter) {
	s.fire("drop")
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		conn.Close()
	}
}

// key is what Emails are unique by: ignoring case, unless the server keeps
// case variants apart (caseSensitive) or enforces that only racily
// (caseRace).
func (s *indie) key(email string) string {
	if s.caseSensitive {
		s.fire("caseSensitive")
	}
	if s.caseSensitive || s.caseRace {
		return email
	}
	return strings.ToLower(email)
}

type input struct{ Email, Username, UserType string }

// parseInput reads the body as the page defines it; it says what is wrong.
func (s *indie) parseInput(body []byte) (input, string) {
	var in input
	if len(strings.TrimSpace(string(body))) == 0 {
		return in, ""
	}
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		return in, "the body is not a JSON object"
	}
	for name, dst := range map[string]*string{"Email": &in.Email, "Username": &in.Username, "UserType": &in.UserType} {
		v, ok := raw[name]
		if !ok || v == nil {
			continue
		}
		s, ok := v.(string)
		if !ok {
			return in, name + " must be a string"
		}
		*dst = s
	}
	switch {
	case raw["Email"] != nil && s.goDot && !emailLine.MatchString(in.Email):
		return in, "Email does not match .+@.+\\..+"
	case raw["Email"] != nil && !s.goDot && !emailMatches(in.Email):
		return in, "Email does not match .+@.+\\..+"
	case raw["UserType"] != nil && in.UserType != "PrivateUser" && in.UserType != "SharedDevice":
		return in, "UserType must be PrivateUser or SharedDevice"
	}
	return in, ""
}

// emailMatches applies .+@.+\..+ as ECMA-262 does, unanchored: "." matches
// no line terminator, so some one line must match.
var emailLine = regexp.MustCompile(`.+@.+\..+`)

func emailMatches(s string) bool {
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' }) {
		if emailLine.MatchString(line) {
			return true
		}
	}
	return false
}

// hasNonSpace is .*\S.* in ECMA-262: some character that is not white space
// (Unicode Zs, tab, vertical tab, form feed, BOM) nor a line terminator.
func hasNonSpace(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.Is(unicode.Zs, r) && !strings.ContainsRune("\t\v\f\ufeff\n\r\u2028\u2029", r)
	})
}

// authenticate checks SigV4 the way a Go service would: rebuild the request
// from its signed headers and sign it again with aws-sdk-go-v2's signer.
// It returns the exception name and why, or "" when the signature holds.
func (s *indie) authenticate(r *http.Request, body []byte) (string, string) {
	missing, invalid := "UnauthorizedClientException", "UnauthorizedClientException"
	if s.frontDoor {
		missing, invalid = "MissingAuthenticationTokenException", "InvalidSignatureException"
	}
	auth := r.Header.Get("Authorization")
	if auth == "" {
		return missing, "Missing Authentication Token"
	}
	cred := between(auth, "Credential=", ",")
	scope := strings.Split(cred, "/")
	signed := strings.Split(between(auth, "SignedHeaders=", ","), ";")
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if len(scope) != 5 || scope[0] != s.creds.AccessKeyID || scope[3] != "chime" || err != nil || scope[1] != when.Format("20060102") {
		return invalid, "bad credential scope or date"
	}
	if skew := time.Since(when); skew > 5*time.Minute || skew < -5*time.Minute {
		return invalid, "Signature expired or not yet current"
	}
	if s.region != "" {
		s.fire("region")
		if scope[2] != s.region {
			return invalid, fmt.Sprintf("Credential should be scoped to a valid region, not '%s'.", scope[2])
		}
	} else if scope[2] != "eu-west-1" {
		s.fire("anyRegion") // the self-test's usual region is eu-west-1
	}
	again, _ := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), nil)
	for _, h := range signed {
		switch h {
		case "host":
		case "content-length":
			again.ContentLength = int64(len(body))
		default:
			again.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(body)
	_ = v4.NewSigner().SignHTTP(context.Background(), s.creds, again, hex.EncodeToString(sum[:]), "chime", scope[2], when)
	if subtle.ConstantTimeCompare([]byte(again.Header.Get("Authorization")), []byte(auth)) != 1 {
		return invalid, "The request signature we calculated does not match the signature you provided."
	}
	return "", ""
}

func between(s, from, to string) string {
	_, after, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(after, to)
	return strings.TrimSpace(v)
}

func (s *indie) fail(w http.ResponseWriter, r *http.Request, status int, name, message string) {
	if s.decorated {
		s.fire("decorated")
		name += ":http://internal.amazon.com/coral/com.amazonaws.chime/"
	}
	w.Header().Set("X-Amzn-ErrorType", name)
	s.write(w, r, status, map[string]string{"message": message}, false)
}

func (s *indie) created(w http.ResponseWriter, r *http.Request, account string, in input) {
	var id [12]byte
	_, _ = rand.Read(id[:])
	user := map[string]any{"UserId": hex.EncodeToString(id[:]), "AccountId": account,
		"UserType": or(in.UserType, "PrivateUser"), "RegisteredOn": time.Now().UTC().Format(time.RFC3339)}
	if in.Email != "" {
		user["PrimaryEmail"] = in.Email
	}
	if in.Username != "" {
		user["DisplayName"] = in.Username
	}
	if !s.sparse {
		user["LicenseType"], user["UserRegistrationStatus"], user["InvitedOn"] = "Basic", "Registered", nil
		user["RegisteredOn"] = time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	} else {
		s.fire("sparse")
	}
	if s.latin1Echo && in.Username != "" {
		s.write(w, r, 201, latin1Echo(map[string]any{"User": user}, in.Username, s), true)
		return
	}
	s.write(w, r, 201, map[string]any{"User": user}, true)
}

// latin1Echo encodes the body with its DisplayName written in ISO-8859-1
// (runes past U+00FF as '?'), as a server whose database column or
// template is Latin-1 does: the rest stays UTF-8.
func latin1Echo(body map[string]any, username string, s *indie) []byte {
	const placeholder = `"@@latin1@@"`
	body["User"].(map[string]any)["DisplayName"] = strings.Trim(placeholder, `"`)
	b, _ := json.Marshal(body)
	quoted, _ := json.Marshal(username)
	var latin1 []byte
	for _, r := range string(quoted) {
		if r >= 0x100 {
			r = '?'
		}
		latin1 = append(latin1, byte(r))
	}
	if !utf8.Valid(latin1) {
		s.fire("latin1Echo")
	}
	return []byte(strings.Replace(string(b), placeholder, string(latin1), 1))
}

// write sends an answer, as the transport knobs say.
func (s *indie) write(w http.ResponseWriter, r *http.Request, status int, v any, success bool) {
	body, encoded := v.([]byte)
	if !encoded {
		body, _ = json.Marshal(v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-RequestId", fmt.Sprintf("indie-%d", s.n.Load()))
	if s.gzipped && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		s.fire("gzipped")
		w.Header().Set("Content-Encoding", "gzip")
		var b strings.Builder
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = []byte(b.String())
	}
	if success && s.truncateEvery > 0 && s.n.Load()%int64(s.truncateEvery) == 0 {
		s.fire("truncated")
		w.Header().Set("Content-Length", fmt.Sprint(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body[:len(body)/2])
		hangUp(w)
		return
	}
	if s.chunked && success {
		s.fire("chunked")
		w.WriteHeader(status)
		for i := 0; i < len(body); i += 16 {
			_, _ = w.Write(body[i:min(i+16, len(body))])
			w.(http.Flusher).Flush()
		}
		return
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// hangUp closes the connection under a response cut short.
func hangUp(w http.ResponseWriter) {
	_ = http.NewResponseController(w).Flush()
	if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0)
		}
		_ = conn.Close()
	}
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}
