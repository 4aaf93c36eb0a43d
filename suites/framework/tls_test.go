package framework

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each TLS failure a user can fix says how; any other error says nothing.
func TestTLSFailuresSayHowToFixThem(t *testing.T) {
	cert := &x509.Certificate{DNSNames: []string{"chime.internal"}, IPAddresses: []net.IP{net.IPv4(10, 0, 0, 1)}}
	for _, c := range []struct {
		err  error
		says string
	}{
		{x509.UnknownAuthorityError{}, "set AWS_CA_BUNDLE"},
		{x509.HostnameError{Certificate: cert, Host: "staging"}, "[chime.internal 10.0.0.1]"},
		{x509.CertificateInvalidError{Cert: cert, Reason: x509.Expired}, "expired"},
		{fmt.Errorf("tls: %w", x509.UnknownAuthorityError{}), "AWS_CA_BUNDLE"},
	} {
		if got := tlsAdvice(c.err); !strings.Contains(got, c.says) {
			t.Errorf("%T: %q, want it to say %q", c.err, got, c.says)
		}
	}
	if got := tlsAdvice(errors.New("connection refused")); got != "" {
		t.Errorf("a refused connection got TLS advice: %q", got)
	}
}

// A CA bundle must hold a certificate: an empty or unreadable one is
// refused, naming the variable.
func TestACABundleWithoutACertificateIsRefused(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.pem")
	if err := os.WriteFile(empty, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{empty, filepath.Join(t.TempDir(), "missing.pem")} {
		if _, err := trustedRoots(path); err == nil || !strings.Contains(err.Error(), "AWS_CA_BUNDLE") {
			t.Errorf("%s: %v", path, err)
		}
	}
	if pool, err := trustedRoots(""); pool != nil || err != nil {
		t.Errorf("no bundle: %v %v, want the system's default", pool, err)
	}
}
