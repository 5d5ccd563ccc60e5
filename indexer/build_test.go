package indexer

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/exsearch/exsearch/corpus"
)

// TestBuildSegments: an index of up to MaxSegments batches keeps its
// segments (at most one per batch), one of more batches is merged into one
// segment, and either way every document and the metadata are there.
func TestBuildSegments(t *testing.T) {
	docs, _, err := corpus.Load(context.Background(), []corpus.Source{corpus.DefaultSource()}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		batch, maxSegments int
	}{
		{batch: (len(docs) + MaxSegments - 1) / MaxSegments, maxSegments: MaxSegments},
		{batch: len(docs)/MaxSegments - 1, maxSegments: 1},
	} {
		dir := filepath.Join(t.TempDir(), "ix")
		if err := Build(context.Background(), dir, docs, Meta{Corpora: []string{"default"}}, BuildOptions{BatchSize: c.batch}); err != nil {
			t.Fatal(err)
		}
		idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
		if err != nil {
			t.Fatal(err)
		}
		n, err := idx.DocCount()
		if err != nil || n != uint64(len(docs)) {
			t.Errorf("batches of %d: %d documents (%v), want %d", c.batch, n, err, len(docs))
		}
		for _, d := range docs {
			if doc, err := idx.Document(d.ID); err != nil || doc == nil {
				t.Errorf("batches of %d: document %s is missing (%v)", c.batch, d.ID, err)
			}
		}
		if m, err := ReadMeta(idx); err != nil || m.Total != len(docs) {
			t.Errorf("batches of %d: metadata %+v (%v)", c.batch, m, err)
		}
		adv, err := idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		segments := len(r.(*scorch.IndexSnapshot).Segments())
		if segments < 1 || segments > c.maxSegments {
			t.Errorf("batches of %d: %d segments, want 1 to %d", c.batch, segments, c.maxSegments)
		}
		r.Close()
		idx.Close()
	}
}
