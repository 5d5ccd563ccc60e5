package search

import (
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// forEachIndex runs test on the indexes the comparison tests check
// against: the shared corpora's, a synthetic one of 5,000 documents (both in
// one segment), and a synthetic one of 6,000 documents in several segments,
// as indexes of more than MinBatch documents are built.
func forEachIndex(t *testing.T, test func(t *testing.T, ix *Index)) {
	for _, src := range []struct {
		name     string
		dir      func(testing.TB) string
		segments int // at least
	}{
		{"shared", sharedtest.Index, 1},
		{"synthetic", func(tb testing.TB) string { return benchcorpus.Index(tb, 5000, false) }, 1},
		{"segmented", func(tb testing.TB) string { return benchcorpus.Segmented(tb, 6000, 1000) }, 2},
	} {
		t.Run(src.name, func(t *testing.T) {
			ix := openAt(t, src.dir(t))
			if n := len(ix.segments.parts); n < src.segments {
				t.Fatalf("the index has %d segments, want at least %d", n, src.segments)
			}
			test(t, ix)
		})
	}
}

// openAt opens the index published in dir for the test's duration.
func openAt(t testing.TB, dir string) *Index {
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
