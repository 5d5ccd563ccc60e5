package search

import (
	"context"
	"math"
	"reflect"
	"slices"
	"testing"
)

// TestCollectEqualsExhaustive: collecting the page with its shortcuts
// (counting by combination in the ranking loop, passing over matches that
// not even the largest nudge lifts into the page) keeps the same page,
// counts and total as ranking every match and counting it value by value,
// for every query of the log, unfiltered and filtered.
func TestCollectEqualsExhaustive(t *testing.T) {
	forEachIndex(t, func(t *testing.T, ix *Index) {
		// Combinations of values however many: the small test indexes
		// have more of them than a quarter of their documents.
		kept := ix.combos
		ix.combos = newFacetCombos(ix.facets, ix.segments.limit, math.MaxInt)
		defer func() { ix.combos = kept }()
		byCombination := 0
		for _, q := range loggedQueries() {
			for _, req := range []Request{
				{Query: q.Text, Size: 10},
				{Query: q.Text, Size: 1},
				{Query: q.Text, Size: 10, Filters: map[string][]string{"equipment": {"barbell", "dumbbell"}}},
			} {
				if err := req.normalize(); err != nil {
					t.Fatal(err)
				}
				qq, _ := ix.query(req)
				m, release, err := ix.evaluate(context.Background(), qq, nil)
				if err != nil {
					t.Fatal(err)
				}
				c := ix.newCounter(req)
				got := collect(m, c, req.Size)
				if c.combos != nil && len(req.Filters) == 0 && len(m.docs)*combosPayAt >= c.combos.len() {
					byCombination++
				}
				want, wc := exhaustive(m, ix.newCounter(req), req.Size)
				release()
				if !slices.Equal(got, want) {
					t.Errorf("%q %v: page %v, ranking every match %v", q.Text, req.Filters, got, want)
				}
				if c.total != wc.total || !reflect.DeepEqual(c.counts, wc.counts) {
					t.Errorf("%q %v: total %d and counts differ from counting value by value (total %d)", q.Text, req.Filters, c.total, wc.total)
				}
			}
		}
		if byCombination == 0 {
			t.Error("no query counted by combination")
		}
	})
}

// exhaustive ranks every match that passes c's filters and counts each
// value by value.
func exhaustive(m matches, c *counter, k int) ([]ranked, *counter) {
	var all []ranked
	for i, d := range m.docs {
		if c.add(uint64(d)) {
			all = append(all, ranked{d, m.score(i) + c.order.nudge(uint64(d))})
		}
	}
	slices.SortFunc(all, func(a, b ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return all[:min(k, len(all))], c
}
