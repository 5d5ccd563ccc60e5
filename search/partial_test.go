package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// plannedQuery is the query Search evaluates for req, as bleve's searchers
// run it for comparison: the plan, or when it matches nothing (before
// filters) its looser form (decompound.go), or when that matches nothing
// too its loose form (partial.go), or when that matches nothing too the
// known edges of its unknown words (edge.go).
func plannedQuery(t testing.TB, ix *Index, req Request) (query.Query, plan) {
	t.Helper()
	q, p := ix.query(req)
	for _, next := range []query.Query{ix.loosened(req, p), ix.looseRequest(req, p), ix.edgeRequest(req, p)} {
		if next == nil {
			continue
		}
		res, err := ix.bleve.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 0, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if res.Total > 0 {
			return q, p
		}
		q = next
	}
	return q, p
}
