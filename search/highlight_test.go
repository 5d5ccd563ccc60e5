package search

import (
	"context"
	"slices"
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/synth"
)

// TestMarksAtEqualsMarks: analysing only the words at the guessed places
// marks the same words as analysing the whole text, on the texts of the
// hits of many queries.
func TestMarksAtEqualsMarks(t *testing.T) {
	forEachIndex(t, func(t *testing.T, ix *Index) {
		compared := 0
		for _, q := range append(synth.Queries(40), "bænkpres", "håndvægtsbænkpres", "Kniebeugen", "hamstrings", "squa", "skulderpres") {
			req := Request{Query: q, Size: 20}
			if err := req.normalize(); err != nil {
				t.Fatal(err)
			}
			qq, pl := ix.query(req)
			m, release, err := ix.evaluate(context.Background(), qq, nil)
			if err != nil {
				t.Fatal(err)
			}
			top := collect(m, ix.newCounter(req), req.Size)
			release()
			for _, r := range top {
				h, d, err := ix.stored(r, "", true)
				if err != nil {
					t.Fatal(err)
				}
				mt := pl.matchers[h.Lang]
				if mt == nil {
					continue
				}
				texts, _ := indexer.BodyElements(d)
				g := mt.likeliest(texts)
				if g.text < 0 || g.hits == nil {
					continue
				}
				a := ix.texts[h.Lang]
				want := marks(a, mt, texts[g.text])
				got := marksAt(a, mt, texts[g.text], g.hits, map[string][]marked{})
				if !slices.Equal(got, want) {
					t.Errorf("%q in %s: marks %v, analysing all %v", q, h.ID, got, want)
				}
				compared++
			}
		}
		if compared < 100 {
			t.Errorf("only %d texts compared", compared)
		}
	})
}
