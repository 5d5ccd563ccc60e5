package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Stopping serve on SIGTERM without failing a request, behind a load
// balancer that keeps connections open to it (nginx's upstream keepalive).
//
// http.Server.Shutdown alone is not enough there. It closes the idle
// connections at once, and a request the proxy is sending on one of them
// that very moment is lost; and a request whose headers finish arriving
// after Shutdown began is dropped unanswered (net/http closes the
// connection when it has read one during shutdown). The proxy retries a
// GET elsewhere, but never a POST it has sent. So serve drains in two
// steps:
//
//  1. It stops accepting (new connections are refused, which every proxy
//     retries on another replica and counts against this one), and for up
//     to --shutdown-grace keeps answering what comes on the connections it
//     has, each answer with "Connection: close", so that the proxy opens a
//     new connection for its next request, finds it refused, and stops
//     sending here. It moves on as soon as no connection is left.
//  2. Then Shutdown: the connections that stayed idle all along are closed,
//     the requests still running are finished (at most 10 s).
//
// TestReplicasBehindNginx checks it: a request arriving when SIGTERM comes
// is answered, and clients behind nginx see no failure.

// drainer tracks serve's connections and marks its answers while it drains.
type drainer struct {
	draining atomic.Bool
	open     atomic.Int64
}

// handler sets "Connection: close" on every answer once draining.
func (d *drainer) handler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if d.draining.Load() {
			w.Header().Set("Connection", "close")
		}
		h.ServeHTTP(w, r)
	})
}

// connState is the server's ConnState hook: it counts open connections.
func (d *drainer) connState(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		d.open.Add(1)
	case http.StateClosed, http.StateHijacked:
		d.open.Add(-1)
	}
}

// drain stops srv, which serves on ln, as described above, and returns
// once every request is answered (or the time is up).
func (d *drainer) drain(srv *http.Server, ln net.Listener, grace time.Duration, log *slog.Logger) error {
	d.draining.Store(true)
	if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("shutdown: closing the listener: %w", err)
	}
	start := time.Now()
	for d.open.Load() > 0 && time.Since(start) < grace {
		time.Sleep(10 * time.Millisecond)
	}
	log.Info("shutting down: finishing requests", "open_connections", d.open.Load(), "after", time.Since(start).Round(time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Shutdown closes the listeners Serve still tracks, ln among them
	// when Serve has not yet returned from its failed Accept: closed
	// already, above. It reports that only after it has finished the
	// requests, so it is no failure.
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}
