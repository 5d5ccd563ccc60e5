package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("bænkpres ", 30)
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"short  text\n here", 160, "short text here"},
		{"one two three four", 12, "one two…"},
		{"Lie down, and then lift", 14, "Lie down…"},
		{strings.Repeat("x", 20), 10, "xxxxxxxxx…"},
	} {
		if got := clip(c.in, c.n); got != c.want {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	if got := clip(long, 160); utf8.RuneCountInString(got) > 160 || !strings.HasSuffix(got, "bænkpres…") {
		t.Errorf("clip(long, 160) = %q: want at most 160 characters, cut after a word", got)
	}
}
