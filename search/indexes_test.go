package search

import (
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// forEachIndex runs test on the shared corpora's index and on a synthetic
// one of 5,000 documents, the two the comparison tests check against.
func forEachIndex(t *testing.T, test func(t *testing.T, ix *Index)) {
	for _, src := range []struct {
		name string
		dir  func(testing.TB) string
	}{
		{"shared", sharedtest.Index},
		{"synthetic", func(tb testing.TB) string { return benchcorpus.Index(tb, 5000, false) }},
	} {
		t.Run(src.name, func(t *testing.T) { test(t, openAt(t, src.dir(t))) })
	}
}

// openAt opens the index published in dir for the test's duration.
func openAt(t *testing.T, dir string) *Index {
	t.Helper()
	p, _, err := indexer.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ix.Close)
	return ix
}
