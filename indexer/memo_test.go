package indexer_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestMemoAnalysesAsItsChain: every analyzer gives the same tokens (terms,
// offsets, positions) through its memo as its chain gives alone, on every
// title and body text of its language in the shared corpora, with the memo
// cold and warm.
func TestMemoAnalysesAsItsChain(t *testing.T) {
	docs, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	im, err := indexer.Mapping(indexer.Options{Dictionaries: indexer.Dictionary(docs, corpus.DefaultTaxonomy())})
	if err != nil {
		t.Fatal(err)
	}
	show := func(ts analysis.TokenStream) string {
		s := ""
		for _, t := range ts {
			s += fmt.Sprintf("%s@%d[%d:%d]%v ", t.Term, t.Position, t.Start, t.End, t.KeyWord)
		}
		return s
	}
	compared := 0
	for _, lang := range corpus.Languages {
		for _, name := range []string{indexer.Analyzer(lang), indexer.TextAnalyzer(lang)} {
			a, ok := im.AnalyzerNamed(name).(*analysis.DefaultAnalyzer)
			if !ok || len(a.TokenFilters) != 1 {
				t.Fatalf("%s: want an analyzer with one (memo) filter, got %T", name, im.AnalyzerNamed(name))
			}
			chain := indexer.MemoChain(a.TokenFilters[0])
			if len(chain) < 3 {
				t.Fatalf("%s: the memo runs %d filters", name, len(chain))
			}
			plain := &analysis.DefaultAnalyzer{Tokenizer: a.Tokenizer, TokenFilters: chain}
			for round := 0; round < 2; round++ {
				for _, d := range docs {
					if d.Lang != lang {
						continue
					}
					texts, _ := indexer.BodyElements(&d)
					for _, text := range append(texts, d.Title) {
						got, want := show(a.Analyze([]byte(text))), show(plain.Analyze([]byte(text)))
						if got != want {
							t.Fatalf("%s on %s: memo %s\nchain %s", name, d.ID, got, want)
						}
						compared++
					}
				}
			}
		}
	}
	t.Logf("%d analyses compared", compared)
}
