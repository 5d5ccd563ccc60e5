package search

import (
	"fmt"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Index is one opened, read-only index generation. It is reference counted:
// a search holds a reference while it runs, so that a newer generation can
// replace this one while in-flight searches finish here; the last release
// closes it.
type Index struct {
	bleve     bleve.Index
	meta      *indexer.Meta
	taxonomy  *corpus.Taxonomy
	analyzers map[string]analysis.Analyzer
	path      string

	refs    atomic.Int64 // 1 for the owner, +1 per running search
	onClose func()
}

// Open opens the index at path (a generation directory or a bare index)
// read-only.
func Open(path string) (*Index, error) {
	b, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix := &Index{bleve: b, path: path, analyzers: map[string]analysis.Analyzer{}}
	if ix.meta, err = indexer.ReadMeta(b); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	if ix.taxonomy, err = indexer.ReadTaxonomy(b); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	for _, lang := range corpus.Languages {
		a := b.Mapping().AnalyzerNamed(indexer.Analyzer(lang))
		if a == nil {
			b.Close()
			return nil, fmt.Errorf("open index %s: no analyzer for %s", path, lang)
		}
		ix.analyzers[lang] = a
	}
	ix.refs.Store(1)
	return ix, nil
}

// Meta returns the index metadata.
func (ix *Index) Meta() indexer.Meta { return *ix.meta }

// Taxonomy returns the taxonomy the index was built with.
func (ix *Index) Taxonomy() *corpus.Taxonomy { return ix.taxonomy }

func (ix *Index) acquire() bool {
	for {
		n := ix.refs.Load()
		if n <= 0 {
			return false
		}
		if ix.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (ix *Index) release() {
	if ix.refs.Add(-1) == 0 {
		ix.bleve.Close()
		if ix.onClose != nil {
			ix.onClose()
		}
	}
}

// Close gives up the owner's reference; the index closes once no search
// uses it.
func (ix *Index) Close() { ix.release() }
