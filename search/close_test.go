package search

import (
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// An index closed before its background build began (a reload that
// replaced it at once) builds neither its suggester nor its alternatives,
// and still closes.
func TestClosedIndexBuildsNothingMore(t *testing.T) {
	p, _, err := indexer.Current(sharedtest.DefaultIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := openIndex(p)
	if err != nil {
		t.Fatal(err)
	}
	ix.closed.Store(true)
	ix.buildSuggesterSoon()
	ix.release() // the owner's reference, as Close gives it up
	for deadline := time.Now().Add(5 * time.Second); ix.refs.Load() != 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the background build kept its reference")
		}
	}
	if ix.suggest != nil || ix.suggestErr != nil {
		t.Error("a closed index built its suggester")
	}
	if ix.alternatives.families != nil || ix.alternatives.err != nil {
		t.Error("a closed index built its alternatives")
	}
}
