package corpus_test

import (
	"context"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// The shared corpora's wger, motionsplan and free-exercise-db data yield
// concepts from every kind of evidence.
func TestMineConceptsShared(t *testing.T) {
	docs, rep, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"concepts", corpus.MinedTranslations, corpus.MinedAltTitles, corpus.MinedSharedNames} {
		if rep.Concepts[k] < 10 {
			t.Errorf("%s: %d concepts mined, want at least 10 (%v)", k, rep.Concepts[k], rep.Concepts)
		}
	}

	// No name joins different exercises into one large concept.
	concept := map[string][]string{}
	for _, d := range docs {
		if d.Concept != "" {
			concept[d.Concept] = append(concept[d.Concept], d.Lang+":"+d.Title)
		}
	}
	largest := 0
	for _, names := range concept {
		largest = max(largest, len(names))
	}
	if largest > 12 {
		t.Errorf("a concept of %d documents: a name joins different exercises", largest)
	}
}
