package selftest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/suites/conformance"
	"github.com/chime-conformance/createuser/suites/framework"
	"github.com/chime-conformance/createuser/suites/report"
)

// stagingHost is a name only the test's proxy knows: a request that
// reaches a server under it went through the proxy.
const stagingHost = "chime.staging.test"

// privateCA is a CA of the test's own and a server certificate it signed
// for 127.0.0.1 and stagingHost; caFile holds the CA as PEM, as
// AWS_CA_BUNDLE names it.
type privateCA struct {
	server *tls.Config
	caFile string
}

func newPrivateCA(t *testing.T) privateCA {
	t.Helper()
	key := func() *ecdsa.PrivateKey {
		k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	caKey, leafKey := key(), key()
	now := time.Now()
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "selftest private CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: stagingHost},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour), DNSNames: []string{stagingHost},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	caCert, _ := x509.ParseCertificate(caDER)
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return privateCA{caFile: file, server: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER}, PrivateKey: leafKey}}}}
}

// atDefaults runs as a vendor's CI would: the endpoint's default examples
// and budget, the rest read from env as from the environment.
func atDefaults(t *testing.T, env map[string]string) func(*conformance.Config) {
	return func(c *conformance.Config) {
		c.Examples, c.MaxCreates = 0, 0
		var err error
		if *c, err = framework.FromEnv(*c, func(k string) string { return env[k] }); err != nil {
			t.Fatal(err)
		}
	}
}

// A correct server over TLS, its certificate signed by a private CA given
// the AWS way, is COMPATIBLE at the endpoint defaults, over HTTP/2.
func TestAPrivateCAGivenByAWSCABundleIsTrusted(t *testing.T) {
	ca := newPrivateCA(t)
	s, endpoint := serveIndie(t, func(s *indie) { s.tls = ca.server })
	r, _ := runAgainst(t, endpoint, atDefaults(t, map[string]string{"AWS_CA_BUNDLE": ca.caFile}))
	if r.Verdict != report.Compatible {
		explain(t, r)
		t.Fatalf("%s over TLS with AWS_CA_BUNDLE", r.Verdict)
	}
	if s.Fired("http2") == 0 {
		t.Error("no request came over HTTP/2, which the server offered")
	}
	t.Logf("%d requests, %d could create, %.1fs", r.Stats.Requests, r.Stats.MayHaveCreated, r.Seconds)
}

// Without the CA, the run is not made, and says which variable to set;
// no check is blamed on the target.
func TestAnUntrustedCAIsARunNotMadeNamingAWSCABundle(t *testing.T) {
	ca := newPrivateCA(t)
	s, endpoint := serveIndie(t, func(s *indie) { s.tls = ca.server })
	r, _ := runAgainst(t, endpoint, atDefaults(t, nil))
	if r.Verdict != report.NotChecked || r.Verdict.ExitCode() != 2 {
		explain(t, r)
		t.Fatalf("%s, want NOT CHECKED", r.Verdict)
	}
	for _, want := range []string{"AWS_CA_BUNDLE", "unknown authority"} {
		if !strings.Contains(r.VerdictReason, want) {
			t.Errorf("the reason does not say %q: %s", want, r.VerdictReason)
		}
	}
	if r.Counts[report.Inconclusive] > 0 || s.n.Load() > 0 {
		t.Errorf("%d inconclusive checks, %d requests answered: the run went on", r.Counts[report.Inconclusive], s.n.Load())
	}
}

// A correct server under a base path, as behind a gateway
// (https://host/prefix), signed and validated as the SDKs do: on the full
// path, the operation matched under the prefix.
func TestAnEndpointUnderABasePathIsCompatible(t *testing.T) {
	s, endpoint := serveIndie(t, func(s *indie) { s.basePath = "/prefix" })
	r, _ := runAgainst(t, endpoint+"/prefix", atDefaults(t, nil))
	if r.Verdict != report.Compatible {
		explain(t, r)
		t.Fatalf("%s under /prefix", r.Verdict)
	}
	if s.Fired("basePath") == 0 {
		t.Fatal("no request came under the base path")
	}
}

// HTTPS_PROXY is used: the endpoint's name resolves only at the proxy.
func TestHTTPSProxyIsUsed(t *testing.T) {
	ca := newPrivateCA(t)
	_, direct := serveIndie(t, func(s *indie) { s.tls = ca.server })
	u, _ := url.Parse(direct)
	proxy := startConnectProxy(t, map[string]string{stagingHost + ":" + u.Port(): u.Host})
	endpoint := "https://" + stagingHost + ":" + u.Port()
	r, _ := runAgainst(t, endpoint, atDefaults(t, map[string]string{"AWS_CA_BUNDLE": ca.caFile, "HTTPS_PROXY": proxy.url}))
	if r.Verdict != report.Compatible {
		explain(t, r)
		t.Fatalf("%s through HTTPS_PROXY", r.Verdict)
	}
	if proxy.tunnels.Load() == 0 {
		t.Fatal("the proxy opened no tunnel")
	}
	t.Logf("%d tunnels through the proxy for %d requests", proxy.tunnels.Load(), r.Stats.Requests)
}

// connectProxy is a forwarding proxy on loopback (HTTP CONNECT), with its
// own name table, counting the tunnels it opens.
type connectProxy struct {
	url     string
	tunnels atomic.Int64
}

func startConnectProxy(t *testing.T, names map[string]string) *connectProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &connectProxy{url: "http://" + ln.Addr().String()}
	var conns sync.WaitGroup
	var mu sync.Mutex
	var open []net.Conn
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		to, ok := names[r.Host]
		if r.Method != http.MethodConnect || !ok {
			http.Error(w, "this proxy tunnels to "+stagingHost+" only", http.StatusBadGateway)
			return
		}
		upstream, err := net.Dial("tcp", to)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		client, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			upstream.Close()
			return
		}
		p.tunnels.Add(1)
		mu.Lock()
		open = append(open, client, upstream)
		mu.Unlock()
		_, _ = io.WriteString(client, "HTTP/1.1 200 Connection established\r\n\r\n")
		conns.Add(2)
		pipe := func(dst, src net.Conn) {
			defer conns.Done()
			_, _ = io.Copy(dst, src)
			_ = dst.Close()
			_ = src.Close()
		}
		go pipe(upstream, client)
		go pipe(client, upstream)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		mu.Lock()
		for _, c := range open {
			_ = c.Close()
		}
		mu.Unlock()
		conns.Wait()
	})
	return p
}

// chime-fake with its default auth (-auth any: any well-formed signature)
// is not judged INCOMPATIBLE without a word: the verdict says the target
// accepts wrongly signed requests and what to run instead; declared as
// signatures-at-gateway, the same target is COMPATIBLE.
func TestChimeFakesDefaultAuthIsExplained(t *testing.T) {
	bin, err := chimeFakeBin()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-accounts", selftestAccount)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f := &fake{cmd: cmd}
	t.Cleanup(f.stop)
	line, err := bufio.NewReader(stdout).ReadString('\n')
	endpoint, ok := strings.CutPrefix(strings.TrimSpace(line), "chime-fake listening on ")
	if err != nil || !ok {
		t.Fatalf("chime-fake said %q (%v)", line, err)
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()

	r, _ := runAgainst(t, endpoint, atDefaults(t, nil))
	if r.Verdict != report.Incompatible || !strings.Contains(r.VerdictReason, "accepts requests signed with a wrong secret") ||
		!strings.Contains(r.VerdictReason, "-profile signatures-at-gateway") || !strings.Contains(r.VerdictReason, "-auth verify") {
		t.Fatalf("%s: %s", r.Verdict, r.VerdictReason)
	}
	r, _ = runAgainst(t, endpoint, atDefaults(t, map[string]string{"CHIME_PROFILE": "signatures-at-gateway"}))
	if r.Verdict != report.Compatible || r.Headline() != "COMPATIBLE, profile signatures-at-gateway: CU-AUTH-*, CU-ERR-401/403 not applicable" {
		explain(t, r)
		t.Fatalf("%s with the profile", r.Headline())
	}
}

// A proxy that cannot be reached, or that refuses the tunnel, is the
// run's configuration: the run is not made, naming HTTPS_PROXY, and the
// target is blamed for nothing.
func TestAProxyInTheWayIsARunNotMade(t *testing.T) {
	ca := newPrivateCA(t)
	refusing := startConnectProxy(t, nil) // tunnels to nowhere: 502
	cases := []struct{ name, proxy, says string }{
		{"a proxy that cannot be reached", "http://127.0.0.1:1", "cannot be reached"},
		{"a proxy refusing the tunnel", refusing.url, "refused to tunnel to " + stagingHost + ":443: 502 Bad Gateway"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, _ := runAgainst(t, "https://"+stagingHost, atDefaults(t, map[string]string{"AWS_CA_BUNDLE": ca.caFile, "HTTPS_PROXY": c.proxy}))
			if r.Verdict != report.NotChecked || !strings.Contains(r.VerdictReason, c.says) || !strings.Contains(r.VerdictReason, "HTTPS_PROXY") {
				explain(t, r)
				t.Fatalf("%s: %s", r.Verdict, r.VerdictReason)
			}
		})
	}
}

// SSL_CERT_FILE replaces the system pool, as Go (and OpenSSL) read it:
// the command trusts the private CA through it, with no AWS_CA_BUNDLE.
func TestSSLCertFileIsTheSystemPool(t *testing.T) {
	bin, err := chimeConformBin()
	if err != nil {
		t.Fatal(err)
	}
	ca := newPrivateCA(t)
	_, endpoint := serveIndie(t, func(s *indie) { s.tls = ca.server })
	cmd := exec.Command(bin, "-endpoint", endpoint, "-account", selftestAccount, "-examples", "3", "-quiet", "-out", t.TempDir())
	cmd.Env = []string{"HOME=" + t.TempDir(), "SSL_CERT_FILE=" + ca.caFile, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_ACCESS_KEY_ID=" + selftestCreds.AccessKeyID, "AWS_SECRET_ACCESS_KEY=" + selftestCreds.SecretAccessKey,
		"AWS_SESSION_TOKEN=" + selftestCreds.SessionToken, "AWS_REGION=eu-west-1"}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "COMPATIBLE") {
		t.Fatalf("%v: %s", err, out)
	}
}
