package web

import (
	"strings"
	"testing"
	"time"
)

// Sessions expire, and a session of one token is not one of another.
func TestAdminSessionLifetime(t *testing.T) {
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	a := newAdminAuth("correct-horse-battery-staple-42", "", nil)
	a.now = func() time.Time { return now }
	other := newAdminAuth("another-token-of-some-length", "", nil)
	for _, c := range []struct {
		name  string
		value string
		valid bool
	}{
		{"fresh", a.session(now.Add(sessionLifetime)), true},
		{"about to expire", a.session(now.Add(time.Second)), true},
		{"expired", a.session(now.Add(-time.Second)), false},
		{"expires now", a.session(now), false},
		{"longer than a session lives", a.session(now.Add(sessionLifetime + time.Minute)), false},
		{"another token's", other.session(now.Add(time.Hour)), false},
		{"no mac", "1796299200", false},
		{"not a number", "soon." + strings.Repeat("0", 64), false},
	} {
		if got := a.validSession(c.value); got != c.valid {
			t.Errorf("%s session %q: valid %v, want %v", c.name, c.value, got, c.valid)
		}
	}
	// The same session a minute after its expiry.
	s := a.session(now.Add(time.Hour))
	a.now = func() time.Time { return now.Add(time.Hour + time.Minute) }
	if a.validSession(s) {
		t.Error("a session is valid after its expiry")
	}
}
