package evidence

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
)

// Side is where the evidence of a failed exchange lies.
type Side string

const (
	// Target: the server's doing (a reset, a cut body, garbage, no answer
	// within the request deadline). It counts against the target, however
	// rarely it happens.
	Target Side = "target"
	// Client: a fault of the client's own making (the SDK closing its own
	// connection, a local signing or credentials error). It never counts
	// against the target; the input is retried fresh.
	Client Side = "client"
	// Stopped: the run itself ended (interrupted, or out of time).
	Stopped Side = "stopped"
)

// ErrClientFault marks an error the client made itself; Classify puts it
// on the client's side.
var ErrClientFault = errors.New("client-side fault")

// Classify says whose doing a transport error was. runCtx is the run's
// context: when it has ended, the error is the run stopping, not a fault.
//
// The client's own faults are enumerated; everything else that went wrong
// on the wire is the target's: a reset, an EOF or a body cut short, a
// malformed answer, a redirect, an oversized answer, no answer in time.
func Classify(runCtx context.Context, err error) Side {
	switch {
	case err == nil:
		return ""
	case runCtx != nil && runCtx.Err() != nil:
		return Stopped
	case errors.Is(err, ErrClientFault),
		// "use of closed network connection": this process closed the
		// socket it then read. aws-sdk-go-v2 does so now and then while
		// reading a body (aws/aws-sdk-go-v2#1825, #2737); no server can.
		errors.Is(err, net.ErrClosed),
		// An idle keep-alive connection the server closed (as HTTP allows)
		// just as the client reused it: a race the client must absorb.
		strings.Contains(err.Error(), "server closed idle connection"),
		errors.Is(err, context.Canceled),
		// A certificate this client does not trust: its configuration.
		untrusted(err):
		return Client
	}
	return Target
}

// Explain says in words why a side was chosen, for reports.
func Explain(side Side, err error) string {
	switch side {
	case Client:
		if errors.Is(err, net.ErrClosed) {
			return "the client closed its own connection (a known aws-sdk-go-v2 transport bug, aws/aws-sdk-go-v2#1825 and #2737): not the target's fault"
		}
		return "a client-side fault, not the target's"
	case Stopped:
		return "the run stopped (interrupted or out of time)"
	}
	return "the target's doing"
}

// Unreachable says whether err is a failure to connect at all: no
// connection (refused, no route, no such host), or a TLS certificate this
// client does not trust (a CA missing from its configuration).
func Unreachable(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return errors.As(err, &dns) || (errors.As(err, &op) && op.Op == "dial") || untrusted(err)
}

func untrusted(err error) bool {
	var verify *tls.CertificateVerificationError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &host) || errors.As(err, &invalid)
}
