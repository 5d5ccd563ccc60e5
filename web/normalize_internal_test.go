package web

import (
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
)

// TestNormalizeQueryShortcut checks that the shortcut for queries already
// normalised gives what the whole normalisation gives.
func TestNormalizeQueryShortcut(t *testing.T) {
	for _, q := range []string{"", "squat", "squat curl", "Squat", " squat", "squat ", "squat  curl", "squat\tcurl",
		"squat\ncurl", "ｓｑｕａｔ", "øvelse", "squat\x7f", "a b c", " ", "SQUAT", "squat-curl 3x10", "ı", "squat\u00a0curl"} {
		want := strings.Join(strings.Fields(strings.ToLower(corpus.Normalize(q))), " ")
		if got := normalizeQuery(q); got != want {
			t.Errorf("normalizeQuery(%q) = %q, want %q", q, got, want)
		}
		if normalASCII(q) && q != want {
			t.Errorf("normalASCII(%q) but it normalises to %q", q, want)
		}
	}
}
