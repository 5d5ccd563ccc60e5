package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

// A short admin token is warned of, and no token is ever logged.
func TestCheckAdminToken(t *testing.T) {
	for _, c := range []struct {
		token, want string
	}{
		{"", "/admin is off"},
		{"hunter2", "admin token is short"},
		{"0123456789abcdef0123456789abcdef", ""},
	} {
		var buf bytes.Buffer
		checkAdminToken(c.token, slog.New(slog.NewTextHandler(&buf, nil)))
		if c.want == "" && buf.Len() > 0 || !strings.Contains(buf.String(), c.want) {
			t.Errorf("token of %d characters logged %q, want %q", len(c.token), buf.String(), c.want)
		}
		if c.token != "" && strings.Contains(buf.String(), c.token) {
			t.Errorf("the token is in the log: %s", buf.String())
		}
	}
}
