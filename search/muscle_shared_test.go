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

// TestMuscleBesideFilterOwnLanguage: beside an equipment or a place, a
// muscle finds the exercises that train it, and among them the visitor's
// own language's (or its neighbour's) first, whether their source declared
// the muscle or exsearch inferred it: two thirds of the Danish pages
// declare none, and they sank below every English and German exercise.
func TestMuscleBesideFilterOwnLanguage(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang string }{
		{"brystøvelser uden udstyr", "da"},
		{"armøvelser uten vekter", "no"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 2, PreferLang: c.lang})
		if len(res.Hits) < 2 {
			t.Fatalf("%q: %d hits", c.q, len(res.Hits))
		}
		for i, h := range res.Hits {
			if h.Lang != "da" && h.Lang != "no" {
				t.Errorf("%q: hit %d %s (%s) is in %s, want Danish or Norwegian", c.q, i+1, h.ID, h.Title, h.Lang)
			}
		}
	}
}
