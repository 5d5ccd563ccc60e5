package search

import (
	"context"
	"fmt"
	"maps"
	"math"
	"math/rand"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"

	"github.com/exsearch/exsearch/synth"
)

// bleveRanking runs req's plan through bleve's own searchers, with the
// counter as the match handler (filters and order nudges), as exsearch did
// before it evaluated plans itself: the reference for the evaluator.
func bleveRanking(t testing.TB, ix *Index, req Request) (*bleve.SearchResult, uint64) {
	t.Helper()
	q, p := plannedQuery(t, ix, req)
	sr := bleve.NewSearchRequestOptions(q, req.Size, (req.Page-1)*req.Size, false)
	sr.SortBy([]string{"-_score"})
	c := ix.newCounter(req.withUnderstood(p.understood))
	handler := func(sctx *bsearch.SearchContext) (bsearch.DocumentMatchHandler, bool, error) {
		next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
		if err != nil {
			return nil, false, err
		}
		return func(d *bsearch.DocumentMatch) error {
			if d == nil {
				return next(nil)
			}
			doc := docNumber(d.IndexInternalID)
			if !c.add(doc) {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			return next(d)
		}, loadID, nil
	}
	res, err := ix.bleve.SearchInContext(context.WithValue(context.Background(), bsearch.MakeDocumentMatchHandlerKey, bsearch.MakeDocumentMatchHandler(handler)), sr)
	if err != nil {
		t.Fatal(err)
	}
	return res, c.total
}

// agreesWithBleve runs req (normalised) through the evaluator and through
// bleve's searchers, and says how the answers differ: in total, in hits, in
// order or in scores (up to bleve's query norm, one factor for all of a
// query's scores, which exsearch leaves out); "" when they agree. The
// evaluator runs with its work budgets (limit.go), which bleve's searchers
// do not have: a request they cut differs, and says so.
func agreesWithBleve(t testing.TB, ix *Index, req Request) string {
	t.Helper()
	want, wantTotal := bleveRanking(t, ix, req)
	got, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Limited) > 0 {
		return fmt.Sprintf("the work budget cut %q", got.Limited)
	}
	if got.Total != wantTotal {
		return fmt.Sprintf("%d matches, bleve %d", got.Total, wantTotal)
	}
	if len(got.Hits) != len(want.Hits) {
		return fmt.Sprintf("%d hits, bleve %d", len(got.Hits), len(want.Hits))
	}
	var norm float64
	for i, h := range got.Hits {
		w := want.Hits[i]
		if norm == 0 && h.Score > 0 {
			norm = w.Score / h.Score
		}
		// Equal scores (up to the order nudge, which the reference leaves
		// out) may come in either order.
		if h.ID != w.ID && math.Abs(h.Score-w.Score/norm) > 2*tieNudge+1e-9*h.Score {
			return fmt.Sprintf("hit %d is %s (%.6g), bleve's is %s (%.6g)", i+1, h.ID, h.Score*norm, w.ID, w.Score)
		}
		if math.Abs(h.Score-w.Score/norm) > 1e-6*h.Score+2*tieNudge {
			return fmt.Sprintf("%s scores %.9g, bleve %.9g", h.ID, h.Score*norm, w.Score)
		}
	}
	return ""
}

// TestEvaluateAgreesWithBleve: on many queries, with filters and language
// preferences, the evaluator finds what bleve's searchers find, ranks it in
// the same order and scores it in the same proportions.
func TestEvaluateAgreesWithBleve(t *testing.T) {
	forEachIndex(t, func(t *testing.T, ix *Index) {
		queries := append(synth.Queries(40), "nordic hamstring", "kettelbell", "Kniebeuge", "bænkpres skrå",
			"romanian dedlift", "hamstrings", "squa", "håndvægtsbænkpres", "barbell squat", "the")
		checked := 0
		for _, q := range queries {
			for _, prefer := range []string{"", "da", "en"} {
				for _, f := range []map[string][]string{nil, {"equipment": {"barbell"}}} {
					req := Request{Query: q, Size: 10, PreferLang: prefer, Filters: f}
					if err := req.normalize(); err != nil {
						t.Fatal(err)
					}
					if diff := agreesWithBleve(t, ix, req); diff != "" {
						t.Errorf("%q prefer %q %v: %s", q, prefer, f, diff)
					}
					checked++
				}
			}
		}
		t.Logf("%d rankings agree with bleve's", checked)
	})
}

// TestSeekFindsFirstAtLeast compares seek with a scan from every start, for
// every document number around those of lists sparse and dense.
func TestSeekFindsFirstAtLeast(t *testing.T) {
	lists := [][]uint32{nil, {5}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 3, 4, 9, 10, 11, 30, 31, 70, 200, 201, 202, 500}}
	for _, docs := range lists {
		for from := 0; from <= len(docs); from++ {
			for d := uint32(0); d < 510; d++ {
				want := from
				for want < len(docs) && docs[want] < d {
					want++
				}
				if got := seek(docs, from, d); got != want {
					t.Fatalf("seek(%v, %d, %d) = %d, want %d", docs, from, d, got, want)
				}
			}
		}
	}
}

// TestUnionAddsAsBleve compares the accumulator's unions, block by block,
// with the sums written out document by document in the children's order,
// score bits and all: children sparse and dense, documents on both sides
// of block edges, one of them past the last full block.
func TestUnionAddsAsBleve(t *testing.T) {
	r := rand.New(rand.NewSource(12))
	a := &accumulator{}
	edges := []uint32{0, accBlock - 1, accBlock, 3*accBlock - 1, 3 * accBlock, 5*accBlock + 7}
	for round := 0; round < 300; round++ {
		n := 2 + r.Intn(11)
		limit := 1 + r.Intn(6*accBlock)
		children := make([]matches, n)
		for c := range children {
			set := map[uint32]bool{}
			size := r.Intn(1 + limit/(1+r.Intn(50)))
			for range size {
				set[uint32(r.Intn(limit))] = true
			}
			if r.Intn(3) == 0 {
				set[edges[r.Intn(len(edges))]] = true
			}
			children[c] = randomMatches(r, set)
		}
		atLeast := 1 + r.Intn(3)
		got := a.union(children, uint32(atLeast), matches{scale: 1})
		want := unionByHand(children, atLeast, n)
		if !slices.Equal(got.docs, want.docs) {
			t.Fatalf("round %d: %d children, at least %d: documents %v, want %v", round, n, atLeast, got.docs, want.docs)
		}
		for i := range want.scores {
			if math.Float64bits(got.scores[i]) != math.Float64bits(want.scores[i]) {
				t.Fatalf("round %d: document %d scores %v, want %v", round, want.docs[i], got.scores[i], want.scores[i])
			}
		}
	}
}

// TestMergeAddsAsBleve compares unions of two to four children (two:
// merge2, which copies runs of one list at a time; more: the accumulator)
// with the sums written out document by document, score bits and all:
// lists of like and of very unlike lengths, disjoint, nested, empty, and
// ending on either side.
func TestMergeAddsAsBleve(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	e := &evaluation{scratch: &scratch{keep: 1 << 20}}
	for round := 0; round < 2000; round++ {
		n := 2 + r.Intn(3)
		if round%2 == 0 {
			n = 2
		}
		limit := 1 + r.Intn(5000)
		children := make([]matches, n)
		for c := range children {
			set := map[uint32]bool{}
			size := r.Intn(1 + limit/(1+r.Intn(40)))
			lo, hi := 0, limit
			switch r.Intn(4) {
			case 0: // a list that ends early
				hi = 1 + r.Intn(limit)
			case 1: // a list that starts late
				lo = r.Intn(limit)
			}
			for range size {
				set[uint32(lo+r.Intn(hi-lo))] = true
			}
			if c > 0 && r.Intn(4) == 0 { // nested in the first child
				clear(set)
				for _, d := range children[0].docs {
					if r.Intn(3) == 0 {
						set[d] = true
					}
				}
			}
			children[c] = randomMatches(r, set)
		}
		atLeast := 1 + r.Intn(n)
		got := e.union(slices.Clone(children), atLeast)
		want := unionByHand(children, atLeast, n)
		if !slices.Equal(got.docs, want.docs) {
			t.Fatalf("round %d: %d children, at least %d: documents %v, want %v", round, n, atLeast, got.docs, want.docs)
		}
		for i := range want.scores {
			if math.Float64bits(got.score(i)) != math.Float64bits(want.scores[i]) {
				t.Fatalf("round %d: %d children, at least %d: document %d scores %v, want %v", round, n, atLeast, want.docs[i], got.score(i), want.scores[i])
			}
		}
		e.reuse()
	}
}

// unionByHand is the reference union: each document's sum in the
// children's order, scaled by the share of the n children that have it,
// for the documents at least atLeast children have.
func unionByHand(children []matches, atLeast, n int) matches {
	all := map[uint32]bool{}
	for _, c := range children {
		for _, d := range c.docs {
			all[d] = true
		}
	}
	var want matches
	for _, d := range slices.Sorted(maps.Keys(all)) {
		sum, count := 0.0, 0
		for _, c := range children {
			if i, ok := slices.BinarySearch(c.docs, d); ok {
				sum += c.scale * c.scores[i]
				count++
			}
		}
		if count >= atLeast {
			want.docs = append(want.docs, d)
			want.scores = append(want.scores, sum*float64(count)/float64(n))
		}
	}
	return want
}

// randomMatches is a child list of a random union: the documents of set in
// order, random scores, one of the scales a plan gives.
func randomMatches(r *rand.Rand, set map[uint32]bool) matches {
	m := matches{scale: []float64{1, 0.4, 1.0 / 3, 2.5}[r.Intn(4)]}
	for d := range set {
		m.docs = append(m.docs, d)
	}
	slices.Sort(m.docs)
	for range m.docs {
		m.scores = append(m.scores, r.ExpFloat64())
	}
	return m
}
