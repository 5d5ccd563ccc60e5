package corpus

import (
	"strings"
	"testing"
)

func TestEditDistance(t *testing.T) {
	long := strings.Repeat("abcdefghij", 4) // 40 runes: rows beyond the stack arrays
	for _, c := range []struct {
		a, b string
		max  int
		want int
	}{
		{"squat", "squat", 0, 0},
		{"", "", 0, 0},
		{"", "abc", 5, 3},
		{"abc", "", 5, 3},
		{"kettlebell", "kettlebel", 1, 1},
		{"kettlebell", "kettlebll", 2, 1},
		{"curl", "crul", 1, 1},         // an adjacent transposition is one edit
		{"deadlift", "deadlfit", 1, 1}, // even inside a word
		{"ca", "abc", 5, 3},            // optimal string alignment, not Damerau: no edit of a transposed pair
		{"bænk", "benk", 1, 1},         // a rune is one letter, not two bytes
		{"Øl", "øl", 1, 1},             // no folding: case counts
		{"日本語", "日本", 1, 1},
		// Over max, the answer is max+1, however far the strings are.
		{"", "abc", 1, 2},
		{"abc", "", 0, 1},
		{"abcdef", "ghijkl", 2, 3},
		{"abcdef", "ghijkl", 10, 6},
		{"squat", "press", 0, 1},
		{long, long, 0, 0},
		{long, long[:39] + "x", 1, 1},
		{long, "x" + long, 0, 1},
		{long, strings.ToUpper(long), 3, 4},
	} {
		if got := EditDistance(c.a, c.b, c.max); got != c.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.max, got, c.want)
		}
		if got := EditDistance(c.b, c.a, c.max); got != c.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d (not symmetric)", c.b, c.a, c.max, got, c.want)
		}
	}
}
