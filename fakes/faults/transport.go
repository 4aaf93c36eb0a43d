package faults

import (
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/chime-conformance/createuser/fakes/restjson"
)

// hangUp takes the connection from net/http and closes it: with reset, as a
// TCP RST (SO_LINGER 0), the way a crashed peer looks; otherwise as a FIN
// with nothing more sent.
func hangUp(w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil { // HTTP/2 or a test recorder: nothing to hang up on
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := underlying(conn).(*net.TCPConn); ok && reset {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// underlying unwraps a connection a listener wrapped (the fake's
// connection cap does), as tls.Conn's NetConn does.
func underlying(conn net.Conn) net.Conn {
	for {
		w, ok := conn.(interface{ NetConn() net.Conn })
		if !ok {
			return conn
		}
		conn = w.NetConn()
	}
}

// hangUpAction makes ex end in a hang-up instead of a response.
func hangUpAction(ex *Exchange, reset bool) {
	ex.Outcome = "closed"
	if reset {
		ex.Outcome = "reset"
	}
	ex.Deliver = func(w http.ResponseWriter, _ *http.Request, _ *restjson.Response) string {
		hangUp(w, reset)
		return ""
	}
}

// writeHead sends the status and headers, with the Content-Length of the
// full body, and flushes them.
func writeHead(w http.ResponseWriter, resp *restjson.Response) {
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.Status)
	_ = http.NewResponseController(w).Flush()
}

// sleepCtx waits d, or until the client goes away; it says whether the full
// time passed.
func sleepCtx(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
