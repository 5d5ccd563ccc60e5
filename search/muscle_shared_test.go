package search_test

import (
	"slices"
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestMuscleAlone: a query that is a muscle's name and nothing else lists
// the exercises that train it first, not those that share a word of it
// ("ryg" + "øvelser": every Danish "øvelse").
func TestMuscleAlone(t *testing.T) {
	l := openShared(t)
	cases := []struct{ q, lang, muscle string }{
		{"lægge", "da", "calves"},
		{"rygøvelser", "da", "back"},
		{"Wadenmuskulatur", "de", "calves"},
	}
	for _, c := range cases {
		res := run(t, l, search.Request{Query: c.q, Size: 5, PreferLang: c.lang})
		if len(res.Hits) < 5 {
			t.Fatalf("%q: %d hits, want 5", c.q, len(res.Hits))
		}
		// The documents that carry the muscle or a part of it.
		var carry []string
		for page := 1; ; page++ {
			all := run(t, l, search.Request{Filters: map[string][]string{"muscle": {c.muscle}}, Size: 100, Page: page})
			for _, h := range all.Hits {
				carry = append(carry, h.ID)
			}
			if len(all.Hits) < 100 {
				break
			}
		}
		for _, h := range res.Hits {
			if !slices.Contains(carry, h.ID) {
				t.Errorf("%q: %s (%s) in the top 5 does not train %s", c.q, h.ID, h.Title, c.muscle)
			}
		}
	}
}
