package search

import (
	"context"
	"sync"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

var (
	fuzzOnce sync.Once
	fuzzIx   *Index
	fuzzErr  error
)

// fuzzIndex is a small real index of the embedded default corpus.
func fuzzIndex(f *testing.F) *Index {
	fuzzOnce.Do(func() {
		// The test binary's own temporary index, removed by sharedtest.Main.
		cur, _, err := indexer.Current(sharedtest.DefaultIndex(f))
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

// FuzzCost: no text is estimated above its bound, which Cost trusts to
// leave the dictionaries alone.
func FuzzCost(f *testing.F) {
	for _, s := range []string{"squat", "håndvægtsbænkpres", "one-arm high-pulley", "a-b-c-d-e-f-g", "Kniebeugenlangehantelx Schulterdrückmaschinne", "ﬁ ǅ ß İ", "0å000!000000", "\x00", "\xff\xfe"} {
		f.Add(s)
	}
	ix := fuzzIndex(f)
	f.Fuzz(func(t *testing.T, text string) {
		if got, bound := ix.estimate(text), first(costBound(text)); got.Units > bound.Units || got.Typos > bound.Typos {
			t.Errorf("%q: estimated %+v, above its bound %+v", text, got, bound)
		}
	})
}

func first[T, U any](t T, _ U) T { return t }
