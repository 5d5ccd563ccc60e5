package search_test

import (
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestNeighbourLanguages: a Norwegian visitor reads Danish as easily as
// Norwegian, and the shared corpora are mostly Danish. A bokmål word the
// index holds only in its Danish spelling finds the Danish documents
// (bridge.go), and among equal matches the neighbour language's documents
// rank above English and German ones.
func TestNeighbourLanguages(t *testing.T) {
	l := openShared(t)
	t.Run("respelt", func(t *testing.T) {
		const want = "corpus/motionsplan/_posts/2009-08-04-traening-med-kropsvaegt"
		res := run(t, l, search.Request{Query: "styrketrening med kroppsvekt", Size: 10, PreferLang: "no"})
		if r := rank(res, want); r < 1 || r > 3 {
			t.Errorf("styrketrening med kroppsvekt: %s at rank %d, want in the top 3", want, r)
		}
	})
	t.Run("neighbour first", func(t *testing.T) {
		res := run(t, l, search.Request{Query: "utfallssteg", Size: 10, PreferLang: "no"})
		if len(res.Hits) < 5 {
			t.Fatalf("utfallssteg: %d hits, want at least 5", len(res.Hits))
		}
		for _, h := range res.Hits[:5] {
			if h.Lang != "da" && h.Lang != "no" {
				t.Errorf("utfallssteg: %s (%s) in the top 5, want Danish or Norwegian first", h.ID, h.Lang)
			}
		}
	})
}
