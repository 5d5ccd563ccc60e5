package search_test

import (
	"slices"
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestKnownEdges: a word that nothing holds, that is no typo and no
// compound of indexed words, finds what its known beginning or end names,
// but only when nothing else matched.
func TestKnownEdges(t *testing.T) {
	own := openForgiving(t)
	cases := []struct {
		q, lang string
		want    string // the top hit, "" for no hits
	}{
		{"roningqqq", "da", "site/roning"},    // begins with a word of the index
		{"qqqroning", "da", "site/roning"},    // ends with one
		{"Kettlebellxqz", "no", "site/sving"}, // case and another language's visitor
		{"qqqqqqqq", "da", ""},                // nothing known at either end
		{"rqqq", "da", ""},                    // too short for an edge and a rest
	}
	for _, c := range cases {
		res := run(t, own, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		ids := topIDs(res)
		if c.want == "" {
			if len(ids) != 0 {
				t.Errorf("%q: want no hits, got %v", c.q, ids)
			}
			continue
		}
		if len(ids) == 0 || ids[0] != c.want {
			t.Errorf("%q: want %s first, got %v", c.q, c.want, ids)
		}
	}
	// A known word elsewhere in the text matched: the edge is not used.
	res := run(t, own, search.Request{Query: "håndvægtene roningqqq", Size: 10})
	if ids := topIDs(res); len(ids) == 0 || slices.Contains(ids, "site/roning") {
		t.Errorf("%q: want the loose match of håndvægtene alone, got %v", "håndvægtene roningqqq", ids)
	}
}
