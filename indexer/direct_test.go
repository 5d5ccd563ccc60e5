package indexer_test

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestDirectDocumentsIndexAsMapped: for every document of the shared
// corpora and the embedded default corpus, the document Build hands bleve
// gives zap the same fields as bleve's mapping of the same document: the
// same options, lengths, terms and frequencies, and stored values.
func TestDirectDocumentsIndexAsMapped(t *testing.T) {
	docs, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defaults, _, err := corpus.Load(context.Background(), []corpus.Source{corpus.DefaultSource()}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, defaults...)
	// Edge cases: nothing but an id, empty and repeated values, a very long
	// word, invalid UTF-8, markup, combining marks.
	long := strings.Repeat("bænkpres", 5000)
	docs = append(docs,
		corpus.Document{ID: "edge/empty", Lang: "da", Kind: corpus.KindArticle},
		corpus.Document{ID: "edge/values", Lang: "de", Kind: corpus.KindExercise, Title: "Kniebeuge",
			AltTitles: []string{"", "Kniebeuge", "kniebeuge"}, Muscle: []string{"quadriceps", "quadriceps"},
			Equipment: []string{""}, Body: "Kniebeuge Kniebeuge\n\nkniebeuge"},
		corpus.Document{ID: "edge/long", Lang: "no", Kind: corpus.KindArticle, Title: long, Body: long + " " + long},
		corpus.Document{ID: "edge/bytes", Lang: "en", Kind: corpus.KindArticle, Title: "squat \xff\xfe press",
			Body: "<script>alert(1)</script> e\u0301 \x00 dead\xc3lift"},
	)
	tax := corpus.DefaultTaxonomy()
	im, err := indexer.Mapping(indexer.Options{Dictionaries: indexer.Dictionary(docs, tax)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := indexer.NewDocumentBuilder(im, tax)
	if err != nil {
		t.Fatal(err)
	}
	terms := 0
	for round := 0; round < 2; round++ { // the memo cold, then warm
		for i := range docs {
			d := &docs[i]
			got, gotComposite, err := b.Direct(d, i)
			if err != nil {
				t.Fatalf("%s: %v", d.ID, err)
			}
			want, wantComposite, err := b.Mapped(d, i)
			if err != nil {
				t.Fatalf("%s: %v", d.ID, err)
			}
			if gotComposite != wantComposite {
				t.Fatalf("%s: %d composite fields, mapped %d", d.ID, gotComposite, wantComposite)
			}
			for name, w := range want {
				g, ok := got[name]
				if !ok {
					t.Fatalf("%s: no field %s", d.ID, name)
				}
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("%s: field %s\n direct %+v\n mapped %+v", d.ID, name, *g, *w)
				}
				terms += len(w.Freqs)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d fields, mapped %d", d.ID, len(got), len(want))
			}
		}
	}
	t.Logf("%d documents, %d field terms compared", len(docs), terms)
	// And the edge cases index.
	edge := docs[len(docs)-4:]
	if err := indexer.Build(context.Background(), filepath.Join(t.TempDir(), "ix"), edge, indexer.Meta{}, indexer.BuildOptions{}); err != nil {
		t.Fatalf("building the edge cases: %v", err)
	}
}

// TestLeadField: an article's lead field holds what it says it is about
// besides its title, its excerpt and headings, and not the text under the
// headings; an exercise has none (its excerpt is its instructions).
func TestLeadField(t *testing.T) {
	tax := corpus.DefaultTaxonomy()
	im, err := indexer.Mapping(indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := indexer.NewDocumentBuilder(im, tax)
	if err != nil {
		t.Fatal(err)
	}
	article := corpus.Document{ID: "a/program", Lang: "en", Kind: corpus.KindArticle, Title: "Full-body program",
		Excerpt: "A guide to sleep", Body: "intro\n\nframes and pulleys",
		Sections: []corpus.Section{{Text: "intro"}, {Heading: "How often to train", Text: "frames and pulleys"}}}
	exercise := article
	exercise.ID, exercise.Kind = "e/program", corpus.KindExercise
	lead := indexer.LeadField("en")
	for _, c := range []struct {
		d          corpus.Document
		want, none []string
	}{
		{article, []string{"sleep", "often"}, []string{"frame", "pullei", "intro", "program"}},
		{exercise, nil, []string{"sleep", "often"}},
	} {
		fields, _, err := b.Direct(&c.d, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range c.want {
			if f := fields[lead]; f == nil || f.Freqs[term] == 0 {
				t.Errorf("%s: %s lacks %q: %+v", c.d.ID, lead, term, f)
			}
		}
		for _, term := range c.none {
			if f := fields[lead]; f != nil && f.Freqs[term] != 0 {
				t.Errorf("%s: %s holds %q: %+v", c.d.ID, lead, term, f.Freqs)
			}
		}
	}
}
