package main

import (
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// lingering is a listener whose Accept, once the listener is closed,
// returns only after a second Close: Serve is still in Accept when
// Shutdown runs, which is the order a busy machine sometimes gives.
type lingering struct {
	net.Listener
	mu     sync.Mutex
	closes int
	second chan struct{}
}

func (l *lingering) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		select {
		case <-l.second:
		case <-time.After(5 * time.Second):
		}
	}
	return c, err
}

func (l *lingering) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closes++
	if l.closes == 2 {
		close(l.second)
	}
	return l.Listener.Close()
}

// A SIGTERM whose listener Serve had not let go of yet is still a clean
// stop: drain closes the listener, Shutdown closes it again and says so
// (serve exited 1 with "use of closed network connection" once in a
// while).
func TestDrainListenerClosedTwice(t *testing.T) {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := &lingering{Listener: tcp, second: make(chan struct{})}
	var d drainer
	srv := &http.Server{
		Handler:   d.handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })),
		ConnState: d.connState,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	resp, err := http.Get("http://" + tcp.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	http.DefaultClient.CloseIdleConnections()

	if err := d.drain(srv, ln, time.Second, slog.New(slog.DiscardHandler)); err != nil {
		t.Errorf("drain: %v", err)
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Errorf("Serve returned %v", err)
	}
	if ln.closes != 2 {
		t.Errorf("listener closed %d times; the test meant Shutdown to close it again", ln.closes)
	}
}
