// Package benchcorpus gives benchmarks synthetic indexes of a chosen size,
// built from the shared corpora with package synth and kept between runs in
// a cache directory (they take a while to build and never change for a given
// size, schema, kind and bleve version: the directory's name holds all four,
// so that a bleve upgrade builds anew instead of reading what another
// bleve wrote).
//
// The size comes from EXSEARCH_BENCH_DOCS (default 10,000); the cache lives
// in EXSEARCH_BENCH_CACHE (default: the user cache directory).
package benchcorpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/synth"
)

// DefaultDocs is the corpus size when EXSEARCH_BENCH_DOCS is not set.
const DefaultDocs = 10000

// Docs returns the corpus size to benchmark.
func Docs(tb testing.TB) int {
	s := os.Getenv("EXSEARCH_BENCH_DOCS")
	if s == "" {
		return DefaultDocs
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		tb.Fatalf("EXSEARCH_BENCH_DOCS=%q: want a positive number", s)
	}
	return n
}

var (
	genOnce sync.Once
	gen     *synth.Generator
	genErr  error
)

// Generator returns the synthetic document generator over the shared corpora.
func Generator(tb testing.TB) *synth.Generator {
	tb.Helper()
	sources := sharedtest.Sources(tb)
	genOnce.Do(func() {
		pool, _, err := corpus.Load(context.Background(), sources, corpus.Options{})
		if err != nil {
			genErr = err
			return
		}
		gen, genErr = synth.New(pool, corpus.DefaultTaxonomy())
	})
	if genErr != nil {
		tb.Fatal(genErr)
	}
	return gen
}

// Index returns a published index of n synthetic documents, plain (the
// bleve baseline) or not, building it the first time.
func Index(tb testing.TB, n int, plain bool) string {
	tb.Helper()
	return build(tb, n, plain, 0)
}

// Segmented returns a published exsearch index of n synthetic documents
// built in batches of batch documents, so that it has several segments
// (Build merges them only past indexer.MaxSegments batches).
func Segmented(tb testing.TB, n, batch int) string {
	tb.Helper()
	return build(tb, n, false, batch)
}

func build(tb testing.TB, n int, plain bool, batch int) string {
	tb.Helper()
	kind := "exsearch"
	if plain {
		kind = "plain"
	}
	if batch > 0 {
		kind += fmt.Sprintf("-batch%d", batch)
	}
	base := os.Getenv("EXSEARCH_BENCH_CACHE")
	if base == "" {
		c, err := os.UserCacheDir()
		if err != nil {
			tb.Fatal(err)
		}
		base = filepath.Join(c, "exsearch", "bench")
	}
	bleve := strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, sharedtest.BleveVersion(tb))
	dir := filepath.Join(base, fmt.Sprintf("%s-%d-schema%d-synth%d-%s-bleve-%s", kind, n, indexer.SchemaVersion, synth.Version, corpus.DefaultFingerprint(), bleve))
	if indexer.Exists(dir) {
		return dir
	}
	docs := Generator(tb).Documents(n)
	opts := indexer.BuildOptions{Taxonomy: corpus.DefaultTaxonomy(), Index: indexer.Options{Plain: plain}, BatchSize: batch}
	if !plain {
		opts.Index.Dictionaries = indexer.Dictionary(docs, opts.Taxonomy)
	}
	meta := indexer.Meta{Corpora: []string{fmt.Sprintf("synthetic %d", n)}, Docs: map[string]map[string]int{}}
	if _, err := indexer.Publish(context.Background(), dir, func(p string) error {
		return indexer.Build(context.Background(), p, docs, meta, opts)
	}, indexer.PublishOptions{}); err != nil {
		tb.Fatal(err)
	}
	return dir
}
