package fakes

import (
	"net"
	"sync"
)

// cappedListener accepts at most cap(slots) open connections: Accept waits
// for one to close first, leaving newcomers in the kernel's listen backlog.
// (golang.org/x/net/netutil.LimitListener does the same, but its
// connections hide the *net.TCPConn that the reset fault needs to send an
// RST; these unwrap with NetConn, as tls.Conn does.)
type cappedListener struct {
	net.Listener
	slots     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func capListener(ln net.Listener, n int) *cappedListener {
	return &cappedListener{Listener: ln, slots: make(chan struct{}, n), closed: make(chan struct{})}
}

func (l *cappedListener) Accept() (net.Conn, error) {
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
	return &cappedConn{Conn: conn, release: sync.OnceFunc(func() { <-l.slots })}, nil
}

func (l *cappedListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// cappedConn frees its slot when closed.
type cappedConn struct {
	net.Conn
	release func()
}

func (c *cappedConn) Close() error {
	err := c.Conn.Close()
	c.release()
	return err
}

// NetConn is the connection underneath.
func (c *cappedConn) NetConn() net.Conn { return c.Conn }
