package search

import (
	"context"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/synth"
)

// bleveCounts counts facets the way bleve does, with its own facet builder,
// for the request's text and filters (minus the facet named except), the
// filters in the query as the baseline has them.
func bleveCounts(t *testing.T, ix *Index, req Request, except string) map[string]map[string]int {
	t.Helper()
	r := req
	q, p := plannedQuery(t, ix, r)
	r.Filters = maps.Clone(r.withUnderstood(p.understood).Filters)
	delete(r.Filters, except)
	q = filtered(q, r.Filters)
	if r.EquipmentMode == EquipmentHave && except != indexer.FieldEquipment {
		t.Fatal("have mode is not compared with bleve")
	}
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	for _, f := range Facets {
		sr.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
	}
	res, err := ix.bleve.SearchInContext(context.Background(), sr)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]int{}
	for _, f := range Facets {
		out[f] = map[string]int{}
		for _, tf := range res.Facets[f].Terms.Terms() {
			out[f][tf.Term] = tf.Count
		}
	}
	out["_total"] = map[string]int{"": int(res.Total)}
	return out
}

// TestFacetCountsEqualBleve: the counts from the ordinal tables equal
// bleve's own facets on many queries, with and without filters; for a
// filtered facet (by the visitor or by a filter read in the text), they
// equal bleve's counts without that facet's filter.
// They do counted value by value, and counted by combination of values
// wherever a query matches enough documents for that to pay.
func TestFacetCountsEqualBleve(t *testing.T) {
	forEachIndex(t, func(t *testing.T, ix *Index) {
		t.Run("by value", func(t *testing.T) {
			ix.combos = nil
			facetCountsEqualBleve(t, ix)
		})
		t.Run("by combination", func(t *testing.T) {
			ix.combos = newFacetCombos(ix.facets, ix.segments.limit, math.MaxInt)
			facetCountsEqualBleve(t, ix)
		})
	})
}

func facetCountsEqualBleve(t *testing.T, ix *Index) {
	{
		queries := append(synth.Queries(40), "", "nordic hamstring", "kettelbell", "Kniebeuge", "bænkpres skrå",
			"uden udstyr armbøjninger", "numse øvelser", "squat hjemme", "ohne Geräte") // read as filters and boosts
		filters := []map[string][]string{
			nil,
			{"muscle": {"legs"}},
			{"lang": {"da", "en"}},
			{"equipment": {"dumbbell", "barbell"}, "focus": {"knee-dominant"}},
			{"muscle": {"unspecified"}, "kind": {"exercise"}},
		}
		checked := 0
		for _, q := range queries {
			for _, f := range filters {
				req := Request{Query: q, Filters: f, Size: 10, PreferLang: "en"}
				if err := req.normalize(); err != nil {
					t.Fatal(err)
				}
				res, err := ix.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				// Filters read in the text count like the visitor's;
				// read as boosts when, as filters, they left nothing
				// (the answer says so), bleve counts that plan.
				_, p := ix.query(req)
				if len(p.understood.filters) > 0 && !slices.ContainsFunc(res.Understood, func(u Understood) bool { return u.Mode == corpus.ModeFilter }) {
					req.softened = true
					_, p = ix.query(req)
				}
				applied := req.withUnderstood(p.understood).Filters
				all := bleveCounts(t, ix, req, "")
				if int(res.Total) != all["_total"][""] {
					t.Errorf("%q %v: total %d, bleve %d", q, f, res.Total, all["_total"][""])
				}
				for _, facet := range Facets {
					want := all[facet]
					if len(applied[facet]) > 0 {
						want = bleveCounts(t, ix, req, facet)[facet]
					}
					got := map[string]int{}
					for _, v := range res.Facets[facet] {
						if v.Count > 0 {
							got[v.Value] = v.Count
						}
					}
					if !maps.Equal(got, want) {
						t.Errorf("%q %v: %s counts differ\n ours  %v\n bleve %v", q, f, facet, got, want)
					}
					checked++
				}
			}
		}
		t.Logf("%d facet count lists equal bleve's", checked)
	}
}
