package indexer

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/corpus"
)

// BuildOptions tune Build. The zero value is ready to use.
type BuildOptions struct {
	// BatchSize is the number of documents per bleve batch; 0 means 500.
	BatchSize int
	// Progress, if set, is called after each batch with the number of
	// documents indexed so far.
	Progress func(done, total int)
	// Taxonomy is stored with the index so that a server labels facets with
	// the taxonomy the documents were mapped with; nil means the default.
	Taxonomy *corpus.Taxonomy
	// Index chooses the kind of index (plain or not, compound dictionaries).
	Index Options
}

// Build creates a new index in dir (which must not exist) holding docs, and
// stores meta in it. The index is closed when Build returns. A failed build
// leaves a partial directory that the caller removes.
func Build(ctx context.Context, dir string, docs []corpus.Document, meta Meta, opts BuildOptions) error {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Taxonomy == nil {
		opts.Taxonomy = corpus.DefaultTaxonomy()
	}
	im, err := Mapping(opts.Index)
	if err != nil {
		return fmt.Errorf("index mapping: %w", err)
	}
	// The build is offline and published only once everything is on disk
	// (see below), so batches need not be synced one by one.
	idx, err := bleve.NewUsing(dir, im, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore,
		map[string]any{"unsafe_batch": true})
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	fail := func(err error) error {
		idx.Close()
		return err
	}
	batch := idx.NewBatch()
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		f, err := fields(&docs[i], opts.Index, opts.Taxonomy)
		if err != nil {
			return fail(fmt.Errorf("document %s: %w", docs[i].ID, err))
		}
		if err := batch.Index(docs[i].ID, f); err != nil {
			return fail(fmt.Errorf("document %s: %w", docs[i].ID, err))
		}
		if batch.Size() >= opts.BatchSize {
			if err := idx.Batch(batch); err != nil {
				return fail(fmt.Errorf("index batch: %w", err))
			}
			batch.Reset()
			if opts.Progress != nil {
				opts.Progress(i+1, len(docs))
			}
		}
	}
	meta.Schema = SchemaVersion
	meta.Plain = opts.Index.Plain
	meta.Total = len(docs)
	if meta.Built.IsZero() {
		meta.Built = time.Now().UTC()
	}
	// The caller may have put the time it spent reading the corpus here.
	meta.BuildSeconds += time.Since(start).Seconds()
	internal, err := internalValues(&meta, opts.Taxonomy, docs)
	if err != nil {
		return fail(err)
	}
	for k, v := range internal {
		batch.SetInternal([]byte(k), v)
	}
	// Batches are not synced one by one (unsafe_batch), and scorch's Close
	// does not wait for the persister: the last batch carries a callback,
	// and persistence is in order, so once it has fired everything is on
	// disk.
	persisted := make(chan error, 1)
	batch.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	if err := idx.Batch(batch); err != nil {
		return fail(fmt.Errorf("index batch: %w", err))
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fail(fmt.Errorf("persist index: %w", err))
		}
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	if opts.Progress != nil {
		opts.Progress(len(docs), len(docs))
	}
	if err := idx.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}
