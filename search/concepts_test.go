package search_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/search"
)

// An exercise named in one language is found, in every language, above
// exercises that share a word with it in the visitor's own language and
// above articles that mention it (issue 11).
func TestSearchExerciseConcepts(t *testing.T) {
	l := openShared(t)
	cases := []struct {
		lang, q string
		want    *regexp.Regexp // what most of the first five titles are
		not     []string       // ids that must not be among them
	}{
		{"da", "skulderpres", regexp.MustCompile(`(?i)shoulder press|arnold|schulterdrücken|military|overhead`),
			[]string{"corpus/motionsplan/_exercises/baenkpres-17"}},
		{"da", "lårcurl", regexp.MustCompile(`(?i)leg curl|beinbeuger|lårcurl|hamstring curl`),
			[]string{"corpus/motionsplan/_exercises/curl-6"}},
		{"da", "rygstræk", regexp.MustCompile(`(?i)back ext|hyperext|rückenstreck|superman`),
			[]string{"corpus/motionsplan/_posts/2010-08-29-vaer-god-ved-din-ryg"}},
		{"de", "Schulterdrücken", regexp.MustCompile(`(?i)shoulder press|schulterdrücken|military|arnold|overhead`), nil},
	}
	for _, c := range cases {
		res := run(t, l, search.Request{Query: c.q, PreferLang: c.lang, Size: 5})
		n := 0
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Title)
			if c.want.MatchString(h.Title) {
				n++
			}
			if h.Kind != "exercise" {
				t.Errorf("%s %q: %s (%s) among the first five", c.lang, c.q, h.ID, h.Kind)
			}
		}
		if n < 3 {
			t.Errorf("%s %q: %d of the first five are the exercise: %q", c.lang, c.q, n, got)
		}
		for _, id := range c.not {
			if r := rank(res, id); r > 0 {
				t.Errorf("%s %q: %s at rank %d", c.lang, c.q, id, r)
			}
		}
	}
}

// A topic query ranks the articles about it first, in any language, with
// the section that speaks of it; one whose words no document holds all of
// still finds what holds most of them.
func TestSearchTopics(t *testing.T) {
	l := openShared(t)
	// The articles that speak of protein, found in Danish and shown where
	// they do; the German and Norwegian visitor find the same.
	protein := map[string]bool{}
	for _, c := range []struct {
		lang, q string
		shown   bool // the hit shows where it speaks of protein
	}{
		{"da", "protein efter træning", true},
		{"de", "Eiweiß nach dem Training", false}, // the one "training" of a Danish text outweighs its two proteins
		{"no", "proteiner etter trening", false},  // "etter" is a Danish typo of "ett": marks go astray
	} {
		res := run(t, l, search.Request{Query: c.q, PreferLang: c.lang, Size: 10})
		if len(res.Hits) == 0 || res.Hits[0].Kind != "article" {
			t.Fatalf("%s %q: want an article first, got %+v", c.lang, c.q, res.Hits)
		}
		found := map[string]bool{}
		for _, h := range res.Hits {
			if h.Kind != "article" {
				continue
			}
			found[h.ID] = true
			if c.lang == "da" {
				protein[h.ID] = true
			}
			if c.shown && (len(h.Highlights.Body) == 0 || !strings.Contains(strings.ToLower(h.Highlights.Body[0]), "<mark>protein")) {
				t.Errorf("%s %q: %s does not show where it speaks of protein: %q", c.lang, c.q, h.ID, h.Highlights.Body)
			}
		}
		for id := range protein {
			if !found[id] {
				t.Errorf("%s %q: %s not found", c.lang, c.q, id)
			}
		}
	}
	if len(protein) < 2 {
		t.Errorf("%d articles speak of protein, want 2", len(protein))
	}
	for _, c := range []struct{ lang, q string }{
		{"no", "styrke for syklister"},
		{"de", "Mobilität für die Schulter"},
		{"da", "træningsprogram for begyndere"},
		{"no", "søvn og restitusjon"},
		{"en", "how to avoid running injuries"},
	} {
		res := run(t, l, search.Request{Query: c.q, PreferLang: c.lang, Size: 10})
		if len(res.Hits) == 0 || res.Hits[0].Kind != "article" {
			t.Errorf("%s %q: want an article first, got %d hits", c.lang, c.q, len(res.Hits))
		}
	}
}
