package search

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
)

// TestPrunedEqualsExhaustive searches every query of the log with pruned
// evaluation and without it, and compares the hits, their order and scores
// to the bit, the total and every facet count: page 1 of ten, the first
// hit alone, a deeper page, and filtered. It also checks that pruning took
// some of the plans and scored fewer matches than it counted.
func TestPrunedEqualsExhaustive(t *testing.T) {
	// The test indexes are small: prune whatever the plan's size.
	kept, keptPer := pruneMinPostings, pruneMinPerMatch
	pruneMinPostings, pruneMinPerMatch = 0, 0
	defer func() { pruneMinPostings, pruneMinPerMatch = kept, keptPer }()
	forEachIndex(t, func(t *testing.T, ix *Index) {
		took, skipped := 0, 0
		for _, q := range loggedQueries() {
			for _, req := range []Request{
				{Query: q.Text, Size: 10},
				{Query: q.Text, Size: 1},
				{Query: q.Text, Size: 10, Page: 3},
				{Query: q.Text, Size: 10, Filters: map[string][]string{"equipment": {"barbell", "dumbbell"}}},
				{Query: q.Text, Size: 5, Page: 2, Filters: map[string][]string{"lang": {"en"}}},
				{Query: q.Text, Size: 0},
			} {
				if err := req.normalize(); err != nil {
					t.Fatal(err)
				}
				plan, p := ix.query(req)
				k := req.Page * req.Size
				want, wc := exhaustiveSearch(t, ix, req)
				if !prunable(plan) {
					continue
				}
				c := ix.newCounter(req.withUnderstood(p.understood))
				got, matched, scored := prunedSearch(t, ix, req, c, k)
				if !matched {
					if want.total != 0 {
						t.Errorf("%q %v: pruned matches nothing, exhaustive %d", q.Text, req.Filters, want.total)
					}
					continue
				}
				took++
				if scored < int(c.total) {
					skipped++
				}
				if !sameRanked(got, want.top) {
					t.Errorf("%q %v page %d: pruned %v, exhaustive %v", q.Text, req.Filters, req.Page, got, want.top)
				}
				if c.total != wc.total || !reflect.DeepEqual(c.counts, wc.counts) {
					t.Errorf("%q %v: pruned total %d and counts differ from exhaustive (total %d)", q.Text, req.Filters, c.total, wc.total)
				}
			}
		}
		t.Logf("pruning took %d searches, scored fewer than their matches in %d", took, skipped)
		if took == 0 || skipped == 0 {
			t.Errorf("pruning took %d searches and scored fewer than their matches in %d", took, skipped)
		}
	})
}

// TestPrunedSearchEqualsExhaustive runs Search on every query of the log
// with pruning and without, whatever the plan's size and at the sizes the
// index uses, and compares the whole results: hits, scores to the bit,
// totals, facets, corrections.
func TestPrunedSearchEqualsExhaustive(t *testing.T) {
	kept, keptPer := pruneMinPostings, pruneMinPerMatch
	defer func() { pruneMinPostings, pruneMinPerMatch = kept, keptPer }()
	forEachIndex(t, func(t *testing.T, ix *Index) {
		cache := ix.cache
		ix.cache = nil
		defer func() { ix.cache, ix.noPruning = cache, false }()
		for _, gate := range []struct {
			postings uint64
			perMatch int
		}{{0, 0}, {kept, keptPer}} {
			pruneMinPostings, pruneMinPerMatch = gate.postings, gate.perMatch
			for _, q := range loggedQueries() {
				for _, req := range []Request{
					{Query: q.Text, Size: 10},
					{Query: q.Text, Size: 10, Page: 4},
					{Query: q.Text, Size: 10, Filters: map[string][]string{"muscle": {"chest"}}},
				} {
					ix.noPruning = true
					want, err := ix.Search(context.Background(), req)
					if err != nil {
						t.Fatal(err)
					}
					ix.noPruning = false
					got, err := ix.Search(context.Background(), req)
					if err != nil {
						t.Fatal(err)
					}
					want.TookMS, got.TookMS = 0, 0
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%q %v page %d (pruning from %+v): results differ\npruned %+v\nwhole  %+v", q.Text, req.Filters, req.Page, gate, got, want)
					}
					for i := range got.Hits {
						if math.Float64bits(got.Hits[i].Score) != math.Float64bits(want.Hits[i].Score) {
							t.Errorf("%q: hit %d's score differs in its bits", q.Text, i)
						}
					}
				}
			}
		}
	})
}

type exhaustiveResult struct {
	top   []ranked
	total uint64
}

// exhaustiveSearch is what Search evaluates and collects for req without
// pruning, for a plan that matches.
func exhaustiveSearch(t *testing.T, ix *Index, req Request) (exhaustiveResult, *counter) {
	t.Helper()
	q, p := ix.query(req)
	m, release, err := ix.evaluate(context.Background(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	c := ix.newCounter(req.withUnderstood(p.understood))
	top := collect(m, c, req.Page*req.Size)
	return exhaustiveResult{top, c.total}, c
}

// prunedSearch is searchPruned with a count of the matches it scored.
func prunedSearch(t *testing.T, ix *Index, req Request, c *counter, k int) (top []ranked, matched bool, scored int) {
	t.Helper()
	q, _ := ix.query(req)
	top, matched, scored, err := ix.prune(context.Background(), q, nil, c, k)
	if err != nil {
		t.Fatal(err)
	}
	return top, matched, scored
}

// sameRanked compares pages, scores to the bit.
func sameRanked(a, b []ranked) bool {
	return slices.EqualFunc(a, b, func(x, y ranked) bool {
		return x.doc == y.doc && math.Float64bits(x.score) == math.Float64bits(y.score)
	})
}
