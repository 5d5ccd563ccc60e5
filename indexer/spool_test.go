package indexer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestReindexStreamsAsBuiltInMemory: a reindex spools its documents and
// reads them back in id order (spool.go); the index it publishes has what
// an index built from the same documents all in memory has, as the build
// was before it streamed: the same documents stored, every field's terms
// and the documents that have each (so the same compound dictionaries and
// title order), the same titles, metadata and unmapped facet labels.
func TestReindexStreamsAsBuiltInMemory(t *testing.T) {
	ctx := context.Background()
	// Two spellings of a facet value the taxonomy does not know, in pages
	// whose walk order ("x-y.md" before "x.md") is not their id order.
	extra := t.TempDir()
	page := "---\ntitle: %s\nlanguage: da\nequipment:\n    - %s\n---\n\nTræk %s op mod brystet.\n"
	for name, v := range map[string]string{"x.md": "Zorbablök", "x-y.md": "ZORBABLÖK"} {
		if err := os.WriteFile(filepath.Join(extra, name), []byte(fmt.Sprintf(page, "Zorbatræk "+name, v, v)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := corpus.Dir(extra)
	if err != nil {
		t.Fatal(err)
	}
	sources := append(sharedtest.Sources(t), src)
	docs, report, err := corpus.Load(ctx, sources, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tax := corpus.DefaultTaxonomy()
	opts := indexer.BuildOptions{BatchSize: 500} // several batches, read back one at a time
	opts.Index.Dictionaries = indexer.Dictionary(docs, tax)
	memDir := filepath.Join(t.TempDir(), "mem")
	if err := indexer.Build(ctx, memDir, docs, indexer.Meta{}, opts); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(t.TempDir(), "pub")
	sum, err := indexer.Reindex(ctx, pub, sources, indexer.ReindexOptions{Build: indexer.BuildOptions{BatchSize: 500}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sum.Report.Total(), report.Total(); got != want || len(sum.Report.Problems) != len(report.Problems) {
		t.Fatalf("reindex read %d documents and %d problems, Load %d and %d", got, len(sum.Report.Problems), want, len(report.Problems))
	}
	mem, streamed := openIndex(t, memDir), openIndex(t, sum.Path)

	for _, id := range ids(docs) {
		if a, b := storedFields(t, mem, id), storedFields(t, streamed, id); !reflect.DeepEqual(a, b) {
			t.Fatalf("document %s: stored in memory %v, streamed %v", id, a, b)
		}
	}
	fields, err := mem.Fields()
	if err != nil {
		t.Fatal(err)
	}
	streamedFields, _ := streamed.Fields()
	slices.Sort(fields)
	slices.Sort(streamedFields)
	if !slices.Equal(fields, streamedFields) {
		t.Fatalf("fields: in memory %v, streamed %v", fields, streamedFields)
	}
	terms := 0
	for _, f := range fields {
		a, b := fieldTerms(t, mem, f), fieldTerms(t, streamed, f)
		if !slices.Equal(a, b) {
			t.Errorf("field %s: %d terms in memory, %d streamed, not the same", f, len(a), len(b))
			continue
		}
		for _, term := range a {
			if x, y := termHits(t, mem, f, term), termHits(t, streamed, f, term); x != y {
				t.Errorf("field %s, term %q: %d documents in memory, %d streamed", f, term, x, y)
			}
		}
		terms += len(a)
	}
	if terms < 10000 {
		t.Errorf("only %d terms compared", terms)
	}
	memTitles, _ := indexer.ReadTitles(mem)
	streamedTitles, err := indexer.ReadTitles(streamed)
	if err != nil || !reflect.DeepEqual(memTitles, streamedTitles) {
		t.Errorf("titles differ (%v)", err)
	}
	meta, err := indexer.ReadMeta(streamed)
	if err != nil {
		t.Fatal(err)
	}
	if meta.Total != len(docs) {
		t.Errorf("metadata: %d documents, want %d", meta.Total, len(docs))
	}
	if want := firstLabels(docs, tax); !reflect.DeepEqual(meta.Labels, want) || want["equipment"]["zorbabloek"] != "Zorbablök" {
		t.Errorf("labels of unmapped values: %v, want %v", meta.Labels, want)
	}
}

func openIndex(t *testing.T, dir string) bleve.Index {
	t.Helper()
	idx, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	return idx
}

func ids(docs []corpus.Document) []string {
	out := make([]string, len(docs))
	for i := range docs {
		out[i] = docs[i].ID
	}
	return out
}

func storedFields(t *testing.T, idx bleve.Index, id string) []string {
	t.Helper()
	d, err := idx.Document(id)
	if err != nil || d == nil {
		t.Fatalf("document %s: %v (missing: %v)", id, err, d == nil)
	}
	var out []string
	d.VisitFields(func(f index.Field) {
		out = append(out, fmt.Sprintf("%s=%q", f.Name(), f.Value()))
	})
	slices.Sort(out)
	return out
}

// fieldTerms lists a field's terms. Their counts are not compared: the
// dictionary's count of a term found in several segments depends on how
// the documents fell into segments, which two builds may do differently.
func fieldTerms(t *testing.T, idx bleve.Index, field string) []string {
	t.Helper()
	dict, err := idx.FieldDict(field)
	if err != nil {
		t.Fatal(err)
	}
	defer dict.Close()
	var out []string
	for {
		e, err := dict.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return out
		}
		out = append(out, e.Term)
	}
}

// termHits is the number of documents with term in field.
func termHits(t *testing.T, idx bleve.Index, field, term string) uint64 {
	t.Helper()
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	r, err := idx.Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	return r.Total
}

// firstLabels is how the labels of unmapped facet values were made when
// the documents were all in memory: the first spelling in id order.
func firstLabels(docs []corpus.Document, tax *corpus.Taxonomy) map[string]map[string]string {
	out := map[string]map[string]string{}
	for i := range docs {
		d := &docs[i]
		for facet, vals := range map[string][2][]string{"muscle": {d.Muscle, d.Raw.Muscle}, "equipment": {d.Equipment, d.Raw.Equipment}, "focus": {d.Focus, d.Raw.Focus}} {
			for _, r := range vals[1] {
				s := corpus.Slug(r)
				if !slices.Contains(vals[0], s) || tax.Facet(facet).Term(s) != nil {
					continue
				}
				if out[facet] == nil {
					out[facet] = map[string]string{}
				}
				if _, ok := out[facet][s]; !ok {
					out[facet][s] = r
				}
			}
		}
	}
	return out
}
