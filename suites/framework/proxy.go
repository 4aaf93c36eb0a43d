package framework

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
)

// proxyRefusedError: the proxy answered the tunnel's CONNECT with other
// than 200 (net/http would say only the status text, "Bad Gateway", and
// nothing of who said it).
type proxyRefusedError struct{ proxy, target, status string }

func (e *proxyRefusedError) Error() string {
	return fmt.Sprintf("the proxy %s refused to tunnel to %s: %s", e.proxy, e.target, e.status)
}

// onProxyConnect is the transport's OnProxyConnectResponse: a refused
// tunnel becomes a proxyRefusedError. The proxy's URL is printed without
// its password.
func onProxyConnect(_ context.Context, proxy *url.URL, req *http.Request, res *http.Response) error {
	if res.StatusCode == http.StatusOK {
		return nil
	}
	return &proxyRefusedError{proxy: proxy.Redacted(), target: req.Host, status: res.Status}
}

// proxyAdvice says what to do when the run's proxy, not the target, is
// why a request got no answer ("" for any other error): a proxy that
// cannot be reached, or that refuses the tunnel.
func proxyAdvice(err error) string {
	var refused *proxyRefusedError
	var op *net.OpError
	switch {
	case errors.As(err, &refused):
		return "the proxy, not the target, refused: check HTTPS_PROXY (HTTP_PROXY for http endpoints) and the proxy's credentials, or list the endpoint's host in NO_PROXY"
	case errors.As(err, &op) && op.Op == "proxyconnect":
		return "the proxy (HTTPS_PROXY, or HTTP_PROXY for http endpoints) cannot be reached: check it, or list the endpoint's host in NO_PROXY"
	}
	return ""
}
