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

// TestMuscleQueryOwnLanguage: a muscle or an equipment, alone or beside a
// filter, finds the exercises for it, and among them the visitor's own
// language's (or its neighbour's) first: whether their source declared the
// muscle or exsearch inferred it (two thirds of the Danish pages declare
// none, and they sank below every English and German exercise), and
// although an English or German title shares more words with the query.
func TestMuscleQueryOwnLanguage(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		q, lang string
		top     int
		langs   []string
	}{
		{"brystøvelser uden udstyr", "da", 2, []string{"da", "no"}},
		{"armøvelser uten vekter", "no", 2, []string{"da", "no"}},
		{"benøvelser med håndvægte", "da", 1, []string{"da", "no"}},
		{"Übungen am Kabelzug", "de", 3, []string{"de"}},
		// "At home" stands for the body, a band and a mat alike: the
		// rare mat does not outweigh the visitor's language.
		{"trene mage hjemme", "no", 3, []string{"da", "no"}},
		{"Bauch Übungen zuhause", "de", 3, []string{"de"}},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: c.top, PreferLang: c.lang})
		if len(res.Hits) < c.top {
			t.Fatalf("%q: %d hits", c.q, len(res.Hits))
		}
		for i, h := range res.Hits {
			if !slices.Contains(c.langs, h.Lang) {
				t.Errorf("%q: hit %d %s (%s) is in %s, want %v", c.q, i+1, h.ID, h.Title, h.Lang, c.langs)
			}
		}
	}
}
