package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// plannedQuery is the query Search evaluates for req, as bleve's searchers
// run it for comparison: the plan, or its loose form when the plan
// matches nothing (partial.go).
func plannedQuery(t testing.TB, ix *Index, req Request) query.Query {
	t.Helper()
	q, p := ix.query(req)
	loose := ix.looseRequest(req, p)
	if loose == nil {
		return q
	}
	res, err := ix.bleve.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total > 0 {
		return q
	}
	return loose
}
