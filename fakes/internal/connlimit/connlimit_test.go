package connlimit_test

import (
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/chime-conformance/createuser/fakes/internal/connlimit"
)

// CloseUnused closes the connections that never sent a byte and leaves
// those that did (a request may be in flight on them); a connection that
// comes after it is closed as it is accepted.
func TestCloseUnusedClosesOnlyConnectionsThatNeverSentAByte(t *testing.T) {
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := connlimit.Cap(inner, 10)
	defer ln.Close()
	accept := func() net.Conn {
		t.Helper()
		c, err := ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", inner.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	idleClient := dial()
	idle := accept()
	usedClient := dial()
	used := accept()
	if _, err := usedClient.Write([]byte("P")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(used, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}

	ln.CloseUnused()
	_ = idle.SetReadDeadline(time.Now().Add(5 * time.Second)) // a fallback: closed, it returns at once
	if _, err := idle.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		t.Errorf("the connection that never sent a byte: read %v, want it closed", err)
	}
	_ = idleClient.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := idleClient.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("its client reads %v, want EOF", err)
	}
	if _, err := usedClient.Write([]byte("OST")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(used, make([]byte, 3)); err != nil {
		t.Errorf("the connection in use was closed: %v", err)
	}
	dial()
	if c, err := ln.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Errorf("a connection after the stop began: %v, %v; want it refused", c, err)
	}
}
