package framework

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// trustedRoots are the CAs a run trusts, as the AWS SDKs and CLI trust
// them: the system pool (which Go reads from SSL_CERT_FILE and
// SSL_CERT_DIR when they are set), plus the PEM bundle named by
// AWS_CA_BUNDLE (Config.CABundle), for endpoints signed by a private CA.
// nil with no bundle: Go's default, the system pool.
func trustedRoots(bundle string) (*x509.CertPool, error) {
	if bundle == "" {
		return nil, nil
	}
	pem, err := os.ReadFile(bundle)
	if err != nil {
		return nil, fmt.Errorf("AWS_CA_BUNDLE: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("AWS_CA_BUNDLE=%s: no PEM certificate in it (want the CA's certificate, -----BEGIN CERTIFICATE-----)", bundle)
	}
	return pool, nil
}

// tlsAdvice says how to fix a TLS failure a user can fix ("" for any
// other error): a CA the run does not trust, a certificate for another
// name, an expired one.
func tlsAdvice(err error) string {
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &authority):
		return "the endpoint's certificate is signed by a CA this run does not trust: set AWS_CA_BUNDLE to a PEM file holding that CA's certificate " +
			"(as for the AWS CLI and SDKs; SSL_CERT_FILE replaces the system pool instead)"
	case errors.As(err, &host):
		return "the endpoint's certificate is not for the endpoint's host name: use the name the certificate is for in CHIME_ENDPOINT (the certificate names " +
			certNames(host.Certificate) + ")"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "the endpoint's certificate has expired or is not yet valid (or this machine's clock is wrong): renew it on the target"
	case errors.As(err, &invalid):
		return "the endpoint's certificate chain is not valid for a TLS server: " + invalid.Error()
	}
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return "the endpoint's certificate could not be verified: if a private CA signed it, set AWS_CA_BUNDLE to a PEM file holding that CA's certificate"
	}
	return ""
}

func certNames(c *x509.Certificate) string {
	if c == nil {
		return "no name"
	}
	names := append([]string(nil), c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 {
		return "no name"
	}
	return fmt.Sprint(names)
}
