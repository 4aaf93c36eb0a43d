// Package connlimit is the fake's listener: at most n connections open at
// once (the others wait in the kernel's backlog), and a stop that closes
// at once every connection that never sent a byte.
package connlimit

import (
	"net"
	"sync"
	"sync/atomic"
)

// Listener accepts at most cap(slots) open connections: Accept waits
// for one to close first, leaving newcomers in the kernel's listen backlog.
// (golang.org/x/net/netutil.LimitListener does the same, but its
// connections hide the *net.TCPConn that the reset fault needs to send an
// RST; these unwrap with NetConn, as tls.Conn does.)
//
// It knows its open connections, so that a stop closes at once those
// that never sent a byte: net/http's Shutdown closes idle keep-alive
// connections at once, but waits up to 5 s for a new one (a pool's spare,
// a TCP health probe) to send a request that may never come.
type Listener struct {
	net.Listener
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once

	mu       sync.Mutex
	open     map[*cappedConn]struct{}
	stopping bool
}

// Cap wraps ln: at most n connections open at once.
func Cap(ln net.Listener, n int) *Listener {
	return &Listener{Listener: ln, slots: make(chan struct{}, n), closed: make(chan struct{}), open: map[*cappedConn]struct{}{}}
}

func (l *Listener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.closed:
		return nil, net.ErrClosed
	}
	conn, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	c := &cappedConn{Conn: conn}
	c.release = sync.OnceFunc(func() {
		l.mu.Lock()
		delete(l.open, c)
		l.mu.Unlock()
		<-l.slots
	})
	l.mu.Lock()
	stopping := l.stopping
	if !stopping {
		l.open[c] = struct{}{}
	}
	l.mu.Unlock()
	if stopping { // accepted as the stop began: it has sent nothing yet
		_ = c.Close()
		return nil, net.ErrClosed
	}
	return c, nil
}

func (l *Listener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// CloseUnused closes every connection that has not sent a byte, and those
// accepted from now on: nothing was asked on them, so nothing is cut.
// (A client that sends its first request just as this runs meets a closed
// connection, as it may whenever a server closes an idle one.)
func (l *Listener) CloseUnused() {
	l.mu.Lock()
	l.stopping = true
	var unused []*cappedConn
	for c := range l.open {
		if !c.used.Load() {
			unused = append(unused, c)
		}
	}
	l.mu.Unlock()
	for _, c := range unused {
		_ = c.Close()
	}
}

// cappedConn frees its slot when closed, and says whether it ever read.
type cappedConn struct {
	net.Conn
	release func()
	used    atomic.Bool
}

func (c *cappedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.used.Load() {
		c.used.Store(true)
	}
	return n, err
}

func (c *cappedConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// NetConn is the connection underneath.
func (c *cappedConn) NetConn() net.Conn { return c.Conn }
