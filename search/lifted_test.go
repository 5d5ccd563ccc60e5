package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// TestLiftedEqualsLiftByLift: a chain of lifts, some sharing a list under
// the same boost and one under another, scores every match exactly as
// evaluating the lifts one by one (an intersection each, added to the
// plan's matches) does.
func TestLiftedEqualsLiftByLift(t *testing.T) {
	forEachIndex(t, func(t *testing.T, ix *Index) {
		for _, text := range []string{"squat", "hamstring injuries", "bænkpres", "how to train the glutes?"} {
			q, _ := plannedQuery(t, ix, Request{Query: text, Size: 10})
			b, ok := q.(*query.BooleanQuery)
			if !ok {
				t.Fatalf("%q: plan is a %T, not lifts", text, q)
			}
			base, lifts, ok := liftChain(b)
			if !ok {
				t.Fatalf("%q: no chain of lifts recognised", text)
			}
			exercise := func(boost float64) query.Query {
				return termQuery(indexer.FieldKind, string(corpus.KindExercise), boost)
			}
			extra := []float64{boostFilter, boostFilter, 0.5}
			for i, boost := range extra {
				l := constant(float64(i+2), exercise(boost), &scaled{base, 0}).(*query.ConjunctionQuery)
				q = query.NewBooleanQuery([]query.Query{q}, []query.Query{l}, nil)
				lifts = append([]*query.ConjunctionQuery{l}, lifts...)
			}
			e := &evaluation{ctx: context.Background(), segs: ix.segments, reader: ix.reader, terms: map[[2]string]postings{}, done: map[query.Query]matches{}, scratch: ix.scratch.Get().(*scratch)}
			got, err := e.eval(q)
			if err != nil {
				t.Fatal(err)
			}
			want, err := e.eval(base)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(lifts) - 1; i >= 0; i-- {
				l, err := e.eval(lifts[i])
				if err != nil {
					t.Fatal(err)
				}
				want = e.addOptional(want, l)
			}
			if len(got.docs) != len(want.docs) || len(got.docs) == 0 {
				t.Fatalf("%q: %d matches, lift by lift %d", text, len(got.docs), len(want.docs))
			}
			for i, d := range got.docs {
				if d != want.docs[i] || got.score(i) != want.score(i) {
					t.Fatalf("%q: match %d is %d scoring %v, lift by lift %d scoring %v", text, i, d, got.score(i), want.docs[i], want.score(i))
				}
			}
			e.scratch.reuse()
			ix.scratch.Put(e.scratch)
		}
	})
}
