package synth

import (
	"slices"
	"strings"
	"testing"
)

// TestQueryLog: the embedded log parses, is as large as the brief asks,
// Danish and Norwegian together are at least a quarter of it, every
// language has every kind, and queries run from one word to six.
func TestQueryLog(t *testing.T) {
	qs, err := parseQueryLog(queriesTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) < 300 {
		t.Errorf("%d queries, want at least 300", len(qs))
	}
	byLang := map[string]int{}
	kinds := map[string]map[string]int{}
	words := map[int]int{}
	for _, q := range qs {
		byLang[q.Lang]++
		if kinds[q.Lang] == nil {
			kinds[q.Lang] = map[string]int{}
		}
		kinds[q.Lang][q.Kind]++
		words[len(strings.Fields(q.Text))]++
	}
	if n := byLang["da"] + byLang["no"]; n*4 < len(qs) {
		t.Errorf("%d Danish and Norwegian queries of %d, want at least a quarter", n, len(qs))
	}
	for lang, ks := range kinds {
		for _, k := range QueryKinds {
			// English has no letters to leave the accents off.
			if ks[k] == 0 && !(lang == "en" && k == "unaccented") {
				t.Errorf("no %s query of kind %s", lang, k)
			}
		}
	}
	for n := 1; n <= 6; n++ {
		if words[n] == 0 {
			t.Errorf("no query of %d words", n)
		}
	}
	t.Logf("%d queries: %v; by words: %v", len(qs), byLang, words)

	mixed := QueryLog()
	if len(mixed) != len(qs) || slices.Equal(mixed, qs) {
		t.Errorf("QueryLog: %d queries, in the file's order: %v", len(mixed), slices.Equal(mixed, qs))
	}
	first := map[string]bool{}
	for _, q := range mixed[:40] {
		first[q.Lang] = true
	}
	if len(first) != 4 {
		t.Errorf("the first 40 queries of the mixed log have languages %v, want all four", first)
	}
	if got := Queries(7); len(got) != 7 || got[0] != mixed[0].Text {
		t.Errorf("Queries(7) = %q", got)
	}
	if got := Queries(0); len(got) != len(qs) {
		t.Errorf("Queries(0) has %d queries, want %d", len(got), len(qs))
	}
}

func TestParseQueryLogRefuses(t *testing.T) {
	for _, text := range []string{
		"da\tword",
		"sv\tword\tknäböj",
		"da\tspelling\tknæbøj",
		"da\tword\t knæbøj",
		"da\tword\t",
		"da\tword\tKnæbøj\nno\tword\tknæbøj",
	} {
		if _, err := parseQueryLog(text); err == nil {
			t.Errorf("%q: no error", text)
		}
	}
	qs, err := parseQueryLog("# a comment\n\nda\tword\tknæbøj\n")
	if err != nil || len(qs) != 1 || qs[0] != (Query{"da", "word", "knæbøj"}) {
		t.Errorf("comment and empty line: %v, %v", qs, err)
	}
}
