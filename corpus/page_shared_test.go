package corpus_test

import (
	"context"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestLiquidShared: motionsplan's exercise pages build their first
// sentences from the front matter in Liquid. Rendered, they read as the
// site shows them: no markup left, no holes where lists were.
func TestLiquidShared(t *testing.T) {
	docs, rep, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range rep.Warnings {
		t.Errorf("warning: %v", w)
	}
	byID := map[string]corpus.Document{}
	exercises := 0
	for _, d := range docs {
		byID[d.ID] = d
		if !strings.HasPrefix(d.ID, "corpus/motionsplan/") {
			continue
		}
		if strings.Contains(d.ID, "/_exercises/") {
			exercises++
		}
		for _, field := range []struct{ name, text string }{{"body", d.Body}, {"excerpt", d.Excerpt}} {
			for _, junk := range []string{" , .", "og , .", "{{", "}}", "{%", "%}", "kategorien . træner"} {
				if strings.Contains(field.text, junk) {
					t.Errorf("%s: %s holds %q: %.200q", d.ID, field.name, junk, field.text)
				}
			}
		}
	}
	if exercises != 122 {
		t.Errorf("%d motionsplan exercises, want 122", exercises)
	}
	for id, want := range map[string][]string{
		// The title, and the categories through join and downcase.
		"corpus/motionsplan/_exercises/koneloeb": {"Koneløb ", "kondition og puls"},
		// Equipment and muscles through loops, categories joined.
		"corpus/motionsplan/_exercises/egypteren": {"Egypteren ", " kropsvægt.", "koordination og balance, mobilitet.", " skuldre."},
	} {
		d, ok := byID[id]
		if !ok {
			t.Errorf("%s: not loaded", id)
			continue
		}
		for _, w := range want {
			if !strings.Contains(d.Body, w) {
				t.Errorf("%s: body %.300q\nwant it to hold %q", id, d.Body, w)
			}
		}
	}
}
