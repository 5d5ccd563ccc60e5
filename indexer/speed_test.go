package indexer_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
)

// BenchmarkIndex builds an index of EXSEARCH_BENCH_DOCS synthetic documents
// (default 10,000) per iteration and reports documents per second, for the
// plain-bleve baseline and for exsearch.
//
//	EXSEARCH_BENCH_DOCS=100000 go test ./indexer -run '^$' -bench Index -benchtime 1x -count 5
func BenchmarkIndex(b *testing.B) {
	n := benchcorpus.Docs(b)
	docs := benchcorpus.Generator(b).Documents(n)
	tax := corpus.DefaultTaxonomy()
	for _, c := range []struct {
		name  string
		plain bool
	}{{"plain-bleve", true}, {"exsearch", false}} {
		b.Run(c.name, func(b *testing.B) {
			var total time.Duration
			for i := 0; i < b.N; i++ {
				dir := filepath.Join(b.TempDir(), "ix")
				start := time.Now()
				opts := indexer.BuildOptions{Taxonomy: tax, Index: indexer.Options{Plain: c.plain}}
				// Knobs for measuring the build settings (see Build).
				if v := os.Getenv("EXSEARCH_BENCH_BATCH"); v != "" {
					opts.BatchSize, _ = strconv.Atoi(v)
				}
				if v := os.Getenv("EXSEARCH_BENCH_WORKERS"); v != "" {
					opts.Workers, _ = strconv.Atoi(v)
				}
				if v := os.Getenv("EXSEARCH_BENCH_GC"); v != "" {
					opts.GCPercent, _ = strconv.Atoi(v)
				}
				if !c.plain {
					opts.Index.Dictionaries = indexer.Dictionary(docs, tax)
				}
				if err := indexer.Build(context.Background(), dir, docs, indexer.Meta{}, opts); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "docs/s")
		})
	}
}
