package main

import (
	"strings"
	"testing"
)

func TestReadyzURL(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/readyz"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080/readyz"},
		{":9000", "http://127.0.0.1:9000/readyz"},
		{"[::]:8080", "http://[::1]:8080/readyz"},
		{"search.internal:80", "http://search.internal:80/readyz"},
	} {
		if got, err := readyzURL(c.addr); err != nil || got != c.want {
			t.Errorf("readyzURL(%q) = %q, %v; want %q", c.addr, got, err, c.want)
		}
	}
	if _, err := readyzURL("8080"); err == nil || !strings.Contains(err.Error(), "--addr") {
		t.Errorf("bad --addr: %v", err)
	}
}

// TestHealthCommand: health exits 0 against a ready server and fails, saying
// why, when nothing answers.
func TestHealthCommand(t *testing.T) {
	dir, _ := seedsIndex(t)
	s := startServer(t, dir, nil)
	out, err := runCmd(t, "health", "--addr", strings.TrimPrefix(s.base, "http://"))
	if err != nil || strings.TrimSpace(out) != "ready" {
		t.Errorf("health of a ready server: %q, %v", out, err)
	}
	s.stop(t)
	_, err = runCmd(t, "health", "--addr", strings.TrimPrefix(s.base, "http://"), "--timeout", "1s")
	if err == nil || !strings.Contains(err.Error(), "not healthy") {
		t.Errorf("health of a stopped server: %v", err)
	}
}
