package search_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
)

// The same corpus, built twice, ranks alike: equal scores are broken by
// title, not by the order in which a build happened to index documents.
func TestSameCorpusSameOrder(t *testing.T) {
	a := openShared(t)
	b := openBuilt(t, sharedtest.Sources(t)...)
	for _, req := range []search.Request{
		{},                       // browse everything
		{PreferLang: "da"},       // browse, Danish first
		{Query: "Bauchmuskeln"},  // many equal concept scores
		{Query: "bænkpres skrå"}, // judged queries whose order varied
		{Query: "squat", Filters: map[string][]string{"equipment": {"barbell"}}},
		{Filters: map[string][]string{"muscle": {"legs"}}, PreferLang: "en"},
	} {
		req.Size = 50
		ra, rb := run(t, a, req), run(t, b, req)
		ia, ib := topIDs(ra), topIDs(rb)
		if !slices.Equal(ia, ib) {
			t.Errorf("%+v: two builds rank differently:\n%v\n%v", req, ia, ib)
		}
	}
	// Browsing lists titles in order.
	res := run(t, a, search.Request{Size: 50})
	var titles []string
	for _, h := range res.Hits {
		titles = append(titles, corpus.Fold(h.Title))
	}
	if !slices.IsSorted(titles) {
		t.Errorf("browsing is not in title order: %s", strings.Join(titles, " | "))
	}
}
