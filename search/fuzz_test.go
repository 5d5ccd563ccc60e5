package search

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

var (
	fuzzOnce sync.Once
	fuzzIx   *Index
	fuzzErr  error
)

// fuzzIndex is a small real index of the embedded default corpus.
func fuzzIndex(f *testing.F) *Index {
	fuzzOnce.Do(func() {
		dir, err := os.MkdirTemp("", "exsearch-fuzz-")
		if err != nil {
			fuzzErr = err
			return
		}
		p := filepath.Join(dir, "ix")
		if _, err := indexer.Reindex(context.Background(), p, []corpus.Source{corpus.DefaultSource()}, indexer.ReindexOptions{}); err != nil {
			fuzzErr = err
			return
		}
		cur, _, err := indexer.Current(p)
		if err != nil {
			fuzzErr = err
			return
		}
		fuzzIx, fuzzErr = Open(cur)
	})
	if fuzzErr != nil {
		f.Fatal(fuzzErr)
	}
	return fuzzIx
}

// FuzzSearch: any query text is planned and run, or refused with a
// RequestError, never a panic.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"squat", "bænkpres skrå", "_id:*", "+-title:x", "/.*/", "*a*a*a*", "title:~", `"unbalanced (`, "håndvægtsbænkpres", "kettelbell", "a b c d e", "\x00", "\xff"} {
		f.Add(s, "da")
	}
	ix := fuzzIndex(f)
	f.Fuzz(func(t *testing.T, q, prefer string) {
		if !corpus.IsLanguage(prefer) {
			prefer = ""
		}
		_, err := ix.Search(context.Background(), Request{Query: q, Size: 5, PreferLang: prefer, Filters: map[string][]string{"muscle": {"legs"}}})
		if _, ok := err.(*RequestError); err != nil && !ok {
			t.Errorf("%q: %v", q, err)
		}
	})
}
