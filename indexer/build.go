package indexer

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/exsearch/exsearch/corpus"
)

// Building. An index is built offline and published only once it is
// complete, so the build is tuned for throughput rather than for being
// searchable midway:
//
//   - documents are built for bleve directly, not mapped (see direct.go);
//   - batches are not synced one by one (unsafe_batch): a last, empty batch
//     that holds the metadata carries a callback, and persistence is in
//     order, so once it has fired everything is on disk (scorch's Close
//     does not wait for the persister);
//   - the documents are split into batches of MinBatch to MaxBatch
//     documents, no more than MaxSegments of them up to 100,000 documents,
//     and several batches are indexed at once (BuildOptions.Workers), so
//     that one batch's analysis (which scorch spreads over the cores)
//     overlaps another's segment building (which it does not), and every
//     core is busy until the end;
//   - each batch becomes a segment (scorch's persister may merge two that
//     arrive together), and segments are not merged while documents come
//     in: tiered merging would rewrite the same postings several times. Up
//     to MaxSegments batches, the segments are left as they are: a query
//     reads eight as fast as one (measured at 100,000 documents, see the
//     README), and merging them, which scorch does on one core, took a
//     quarter of the build. Past that, they are merged into one at the end;
//   - the garbage collector runs less often (GCPercent) while building, but
//     more often as the heap nears a limit (MemoryLimit).
//
// The batch sizes, the number of workers and the GC percentage are the
// measured best on two cores (see the README's performance section).

// MaxSegments is the most segments a built index is left with unmerged.
const MaxSegments = 8

// MinBatch and MaxBatch bound the documents in one batch. Smaller segments
// cost queries time (at 10,000 documents, eight segments made queries 15%
// slower than two), and scorch holds a batch's analysed documents in memory
// until its segment is built.
const (
	MinBatch = 5000
	MaxBatch = 12500
)

// BuildOptions tune Build. The zero value is ready to use.
type BuildOptions struct {
	// BatchSize is the number of documents per bleve batch; 0 chooses
	// (see MaxSegments and MaxBatch).
	BatchSize int
	// Workers is the number of batches indexed at once; 0 means GOMAXPROCS.
	Workers int
	// GCPercent is the garbage collector's target while building; 0 means
	// 400, negative leaves it alone.
	GCPercent int
	// MemoryLimit is the Go runtime's soft memory limit while building, in
	// bytes; 0 means MemoryLimit(documents), negative leaves it alone, as
	// does a GOMEMLIMIT in the environment (the user's limit wins).
	MemoryLimit int64
	// Progress, if set, is called after each batch with the number of
	// documents indexed so far. It may be called from several goroutines,
	// never at once.
	Progress func(done, total int)
	// Taxonomy is stored with the index so that a server labels facets with
	// the taxonomy the documents were mapped with; nil means the default.
	Taxonomy *corpus.Taxonomy
	// Index chooses the kind of index (plain or not, compound dictionaries).
	Index Options
	// Concepts are the names of the concepts mined from the documents
	// (corpus.Mined.Names); Build takes them from its documents.
	Concepts ConceptNames
	// SegmentPerBatch syncs each batch before the next is indexed (one
	// worker, safe batches), so that every batch becomes a segment of its
	// own. Otherwise scorch's persister merges the batches that arrive
	// while it is busy, and how many depends on the machine's load. Slow;
	// for tests of what happens across segments.
	SegmentPerBatch bool
}

// MemoryLimit is the soft limit a build of n documents runs under by
// default: 704 MiB, and 384 bytes more a document for what a build keeps of
// every one (its title and place, spool.go; its title order). The GC target
// of 400% makes a build fast while its heap is small, but left alone it let
// the heap grow to five times the live data: 1.7 to 2.8 GB at 100,000
// documents, whose live data is under 700 MB. Under the limit the collector
// runs more often as the heap nears it, and only then. With two batches of
// 12,500 documents in flight the live heap swings between about 200 and
// 630 MB; at 640 MiB the collector ran 46 times in a 100,000-document
// reindex and took 22 % of its CPU, at 768 MiB 35 times and 13 %, for a
// peak of 0.95 GB, too near the 1 GB target; 704 MiB takes as little CPU in
// runs beside both, for a peak of about 0.89 GB (see the README's
// performance section).
func MemoryLimit(n int) int64 { return 704<<20 + 384*int64(n) }

// noMerging is a merge plan under which segments are left alone while the
// index is being built (scorch reads it from its JSON-shaped config).
var noMerging = map[string]any{
	"maxSegmentsPerTier":   1 << 20,
	"maxSegmentSize":       mergeplan.MaxSegmentSizeLimit,
	"tierGrowth":           10.0,
	"segmentsPerMergeTask": 10,
	"floorSegmentSize":     1,
	"reclaimDeletesWeight": 2.0,
}

// Scorch's configuration keys a build sets, as scorch reads them (bleve
// v2.5.7, index/scorch): an upgrade checks they are still read so.
const (
	// configUnsafeBatch: batches are not synced one by one (scorch.go,
	// NewScorch). Only speed shows it: go test ./indexer -bench Index.
	configUnsafeBatch = "unsafe_batch"
	// configMergePlan: the merge plan's options (merge.go,
	// parseMergePlannerOptions); TestBuildDoesNotMerge.
	configMergePlan = "scorchMergePlanOptions"
	// configAsyncError: the name of the callback for background write
	// errors (scorch.go, NewScorch; see asyncerror.go); TestBuildDiskFull.
	configAsyncError = "asyncErrorCallbackName"
)

// buildConfig is the scorch configuration a build opens its index with.
func buildConfig(o Options) map[string]any {
	config := map[string]any{configUnsafeBatch: true, configAsyncError: asyncErrorCallback}
	if !o.Plain {
		config[configMergePlan] = noMerging
	}
	return config
}

// Build creates a new index in dir (which must not exist) holding docs, and
// stores meta in it. The index is closed when Build returns. A failed build
// leaves a partial directory that the caller removes. A write that fails in
// scorch's background (a full disk) fails the build at once (see
// asyncerror.go).
func Build(ctx context.Context, dir string, docs []corpus.Document, meta Meta, opts BuildOptions) error {
	titles := make([]Title, len(docs))
	for i := range docs {
		titles[i] = Title{ID: docs[i].ID, Lang: docs[i].Lang, Title: docs[i].Title}
	}
	inMemory := func(size int, yield func([]corpus.Document) error) error {
		for i := 0; i < len(docs); i += size {
			if err := yield(docs[i:min(i+size, len(docs))]); err != nil {
				return err
			}
		}
		return nil
	}
	if opts.Concepts == nil {
		opts.Concepts = corpus.ConceptNames(docs)
	}
	return build(ctx, dir, titles, inMemory, meta, opts)
}

// batches give a build's documents in their order, size at a time, to
// yield, which may keep each slice; they stop at yield's first error and
// return it. Build's come from memory, a reindex's from its spool
// (spool.go), read back as the build goes.
type batches func(size int, yield func([]corpus.Document) error) error

// build is Build of the documents next gives, whose ids, languages and
// titles are titles, in the same order: titles are all a build needs of
// every document at once (the title order, the metadata).
func build(ctx context.Context, dir string, titles []Title, next batches, meta Meta, opts BuildOptions) error {
	start := time.Now()
	n := len(titles)
	if opts.Index.Plain {
		// The baseline is built as the walking product built it: one batch
		// of 500 after another, bleve's own merging, the runtime's GC.
		opts.BatchSize, opts.Workers, opts.GCPercent, opts.MemoryLimit = 500, 1, -1, -1
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = min(MaxBatch, max(MinBatch, (n+MaxSegments-1)/MaxSegments))
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.SegmentPerBatch {
		opts.Workers = 1
	}
	if opts.GCPercent == 0 {
		opts.GCPercent = 400
	}
	if opts.GCPercent > 0 {
		defer debug.SetGCPercent(debug.SetGCPercent(opts.GCPercent))
	}
	if opts.MemoryLimit == 0 {
		opts.MemoryLimit = MemoryLimit(n)
	}
	if opts.MemoryLimit > 0 && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(opts.MemoryLimit))
	}
	if opts.Taxonomy == nil {
		opts.Taxonomy = corpus.DefaultTaxonomy()
	}
	if n > MaxDocs {
		return fmt.Errorf("%d documents: an index holds at most %d", n, MaxDocs)
	}
	order := titleOrder(titles)
	im, err := Mapping(opts.Index)
	if err != nil {
		return fmt.Errorf("index mapping: %w", err)
	}
	ctx, stopWatching := watchBuild(ctx, dir)
	defer stopWatching()
	config := buildConfig(opts.Index)
	if opts.SegmentPerBatch {
		config[configUnsafeBatch] = false
	}
	idx, err := bleve.NewUsing(dir, im, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, config)
	if err != nil {
		return fmt.Errorf("create index: %w", err)
	}
	fail := func(err error) error {
		idx.Close()
		return err
	}
	add := func(batch *bleve.Batch, d *corpus.Document) error {
		f, err := fields(d, order[d.ID], opts.Index, opts.Taxonomy)
		if err == nil {
			err = batch.Index(d.ID, f)
		}
		return err
	}
	if !opts.Index.Plain {
		direct, err := newDirectBuilder(im, opts.Taxonomy)
		if err != nil {
			return fail(err)
		}
		add = func(batch *bleve.Batch, d *corpus.Document) error {
			doc, err := direct.document(d, order[d.ID])
			if err == nil {
				err = batch.IndexAdvanced(doc)
			}
			return err
		}
	}

	// The documents are indexed by the workers; the metadata after them, so
	// that its persistence means all is on disk.
	if err := indexConcurrently(ctx, idx, next, add, n, opts); err != nil {
		return fail(err)
	}
	batch := idx.NewBatch()
	meta.Schema = SchemaVersion
	meta.Plain = opts.Index.Plain
	meta.Total = n
	if meta.Built.IsZero() {
		meta.Built = time.Now().UTC()
	}
	internal, err := internalValues(&meta, opts.Taxonomy, titles, opts.Concepts)
	if err != nil {
		return fail(err)
	}
	for k, v := range internal {
		batch.SetInternal([]byte(k), v)
	}
	if err := indexAndWait(ctx, idx, batch); err != nil {
		return fail(err)
	}
	if !opts.Index.Plain && (n+opts.BatchSize-1)/opts.BatchSize > MaxSegments {
		if err := mergeToOne(ctx, idx); err != nil {
			return fail(err)
		}
	}
	if opts.Progress != nil {
		opts.Progress(n, n)
	}
	// BuildSeconds is stored in the last batch; it does not include the
	// merge, which is reported by the caller's own timing.
	_ = start
	if err := idx.Close(); err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	// A background error after the last persist (a merge of the plain
	// build's) leaves a correct index on a disk that is about to fill; it is
	// not published either.
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	return nil
}

// indexConcurrently indexes the documents next gives in batches,
// opts.Workers at a time; total is the size of the whole build, for
// opts.Progress.
func indexConcurrently(ctx context.Context, idx bleve.Index, next batches, add func(*bleve.Batch, *corpus.Document) error, total int, opts BuildOptions) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan []corpus.Document)
	errc := make(chan error, opts.Workers)
	var done int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for chunk := range jobs {
				batch := idx.NewBatch()
				for i := range chunk {
					if err := add(batch, &chunk[i]); err != nil {
						errc <- fmt.Errorf("document %s: %w", chunk[i].ID, err)
						cancel()
						return
					}
				}
				// The batch holds what it needs of the documents; a
				// reindex's chunk (read back from the spool) is garbage
				// from here, not once the segment is built.
				n := len(chunk)
				chunk = nil
				if err := idx.Batch(batch); err != nil {
					errc <- fmt.Errorf("index batch: %w", err)
					cancel()
					return
				}
				if opts.Progress != nil {
					mu.Lock()
					done += n
					opts.Progress(done, total)
					mu.Unlock()
				}
			}
		}()
	}
	sendErr := next(opts.BatchSize, func(chunk []corpus.Document) error {
		select {
		case jobs <- chunk:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	})
	close(jobs)
	wg.Wait()
	select {
	case err := <-errc:
		return err
	default:
	}
	return sendErr
}

// indexAndWait indexes a batch and waits until it, and so everything before
// it, is persisted, or until the build fails: scorch retries a failed
// persist without end and calls the batch's callback only once it succeeds.
func indexAndWait(ctx context.Context, idx bleve.Index, batch *bleve.Batch) error {
	persisted := make(chan error, 1)
	batch.SetPersistedCallback(func(err error) {
		select {
		case persisted <- err:
		default:
		}
	})
	if err := idx.Batch(batch); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	select {
	case err := <-persisted:
		if err != nil {
			return fmt.Errorf("persist index: %w", err)
		}
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

// mergeToOne merges the index's segments into one and waits until the
// merged segment is the one persisted.
func mergeToOne(ctx context.Context, idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return err
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// ForceMerge waits for the merger, which retries a failed merge without
	// end, and returns nil when its context is cancelled: the build's
	// context is waited for beside it, and the caller's Close ends it.
	opts := mergeplan.SingleSegmentMergePlanOptions
	merged := make(chan error, 1)
	go func() { merged <- s.ForceMerge(ctx, &opts) }()
	select {
	case err := <-merged:
		if err != nil {
			return fmt.Errorf("merge segments: %w", err)
		}
	case <-ctx.Done():
	}
	if ctx.Err() != nil {
		return context.Cause(ctx)
	}
	// The merger hands the merged segment to the introducer; a final empty
	// batch, waited for, makes sure a root that holds it is on disk.
	return indexAndWait(ctx, idx, idx.NewBatch())
}
