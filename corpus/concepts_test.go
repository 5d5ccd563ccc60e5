package corpus

import (
	"slices"
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

// TestNearConceptsLetterFilter checks that skipping the names whose letters
// differ too much (letterSet) finds what comparing with every name finds:
// an eighth of the one-word names of the default taxonomy, and each with one and two
// edits (a letter dropped, doubled, swapped with the next, replaced; then
// the same again, to the last of those).
func TestNearConceptsLetterFilter(t *testing.T) {
	tax := DefaultTaxonomy()
	every := func(w string) []Concept {
		n := len([]rune(w))
		if n < 5 {
			return nil
		}
		maxDist := 1
		if n >= 9 {
			maxDist = 2
		}
		var out []Concept
		for _, sec := range sections {
			best, bestDist := "", maxDist+1
			for l := len(w) - maxDist; l <= len(w)+maxDist; l++ {
				for _, k := range tax.facets[sec].nearKeys(l) {
					if d := editDistance([]rune(w), k.runes, maxDist); d < bestDist || (d == bestDist && k.term.ID < best) {
						best, bestDist = k.term.ID, d
					}
				}
			}
			if best != "" {
				out = append(out, Concept{Section: sec, ID: best, Typo: true})
			}
		}
		return out
	}
	edits := func(w string) []string {
		rs := []rune(w)
		out := []string{w}
		for i := range rs {
			out = append(out,
				string(rs[:i])+string(rs[i+1:]),
				string(rs[:i+1])+string(rs[i:]),
				string(rs[:i])+"x"+string(rs[i+1:]))
			if i+1 < len(rs) {
				out = append(out, string(rs[:i])+string(rs[i+1])+string(rs[i])+string(rs[i+2:]))
			}
		}
		return out
	}
	checked := 0
	for _, sec := range sections {
		for l := 5; l < 40; l++ {
			for i, k := range tax.facets[sec].nearKeys(l) {
				if i%8 != 0 {
					continue // an eighth of the names keeps the test short
				}
				one := edits(string(k.runes))
				for _, w := range append(one, edits(one[len(one)-1])...) {
					got, want := tax.nearConcepts(w), every(w)
					if !slices.Equal(got, want) {
						t.Fatalf("nearConcepts(%q) = %v, comparing with every name: %v", w, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d words checked", checked)
	}
}

// FindConcepts looks names up as slices of the folded text, and joins words
// only when they are not parted by one space.
func TestJoinedKey(t *testing.T) {
	for _, s := range []string{"", "squat", "front squat", "  front \t squat\n", "a  b c", "x\u00a0y z", "b\u0085c"} {
		spans := wordSpans(s)
		words := strings.Fields(s)
		if len(spans) != len(words) {
			t.Fatalf("wordSpans(%q) = %v, want the %d words of strings.Fields", s, spans, len(words))
		}
		for i, sp := range spans {
			if s[sp.start:sp.end] != words[i] {
				t.Errorf("wordSpans(%q)[%d] = %q, want %q", s, i, s[sp.start:sp.end], words[i])
			}
		}
		for i := range spans {
			for j := i + 1; j <= len(spans); j++ {
				if got, want := joinedKey(s, spans[i:j], words[i:j]), strings.Join(words[i:j], " "); got != want {
					t.Errorf("joinedKey(%q, words %d–%d) = %q, want %q", s, i, j, got, want)
				}
			}
		}
	}
	tax := DefaultTaxonomy()
	title := "Barbell front squat with a pause at the bottom"
	if got := tax.FindConcepts(title, false); len(got) == 0 {
		t.Fatalf("FindConcepts(%q) found nothing", title)
	}
	// Fold's string, the words and the concepts found; no string a lookup.
	if n := testing.AllocsPerRun(20, func() { tax.FindConcepts(title, false) }); n > 8 {
		t.Errorf("FindConcepts(%q): %.0f allocations, want at most 8 (a string joined for each lookup?)", title, n)
	}
}
