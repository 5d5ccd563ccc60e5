package search

import (
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/synth"
)

// The speed benchmarks run the benchmark query log (synth.QueryLog: over
// 400 queries written for the synthetic corpora, more than a third of them
// Danish and Norwegian, in a fixed mixed order) on a synthetic corpus of
// EXSEARCH_BENCH_DOCS documents (default 10,000; the README quotes
// 100,000), each query asking for the top 10 and counts of four facets
// (muscle, equipment, focus, lang) over all matches. BenchmarkQueryLog
// (querylog_test.go) reports the same log query by query.
//
//	EXSEARCH_BENCH_DOCS=100000 go test ./search -run '^$' -bench Queries -benchtime 2000x -count 5
//
// Sub-benchmarks: "plain-bleve" is the baseline (bleve's stock analyzers,
// every word in a language, languages OR-ed, bleve's own term facets);
// "plain-bleve-nofacets" the same without facets; "exsearch" the product's
// own search; "exsearch-uncached" the same with its postings cache off, so
// that every query decodes its postings afresh; "exsearch-disjunctive" the
// same queries filtered by a muscle group and an equipment, whose counts
// then include the disjunctive ones (what choosing another value of a
// filtered facet would add).

var benchFacets = []string{indexer.FieldMuscle, indexer.FieldEquipment, indexer.FieldFocus, indexer.FieldLang}

func openBench(b *testing.B, plain bool) *Index {
	b.Helper()
	p, _, err := indexer.Current(benchcorpus.Index(b, benchcorpus.Docs(b), plain))
	if err != nil {
		b.Fatal(err)
	}
	ix, err := Open(p)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(ix.Close)
	return ix
}

// plainSearch is the baseline: the walking product's query plan through
// bleve's own SearchInContext, with or without bleve's term facets.
func plainSearch(ctx context.Context, ix *Index, q string, facets bool) (*bleve.SearchResult, error) {
	sr := bleve.NewSearchRequestOptions(ix.plainTextQuery(q), 10, 0, false)
	sr.Fields = []string{indexer.FieldHit}
	if facets {
		for _, f := range benchFacets {
			sr.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
		}
	}
	return ix.bleve.SearchInContext(ctx, sr)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

func BenchmarkQueries(b *testing.B) {
	queries := synth.Queries(0)
	ctx := context.Background()
	search := func(ix *Index, q string) error {
		_, err := ix.Search(ctx, Request{Query: q, Size: 10})
		return err
	}
	for _, c := range []struct {
		name    string
		plain   bool
		run     func(ix *Index, q string) error
		uncache bool
	}{
		{"plain-bleve", true, func(ix *Index, q string) error { _, err := plainSearch(ctx, ix, q, true); return err }, false},
		{"plain-bleve-nofacets", true, func(ix *Index, q string) error { _, err := plainSearch(ctx, ix, q, false); return err }, false},
		{"exsearch", false, search, false},
		{"exsearch-uncached", false, search, true},
		{"exsearch-disjunctive", false, func(ix *Index, q string) error {
			_, err := ix.Search(ctx, Request{Query: q, Size: 10, Filters: map[string][]string{
				indexer.FieldMuscle: {"legs"}, indexer.FieldEquipment: {"barbell", "dumbbell"}}})
			return err
		}, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			ix := openBench(b, c.plain)
			if c.uncache {
				ix.segments.cache = nil
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				if err := c.run(ix, queries[i%len(queries)]); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			reportLatency(b, lat)
		})
	}
}

// BenchmarkOpen measures opening a published index (facet tables included)
// and answering a first query, the time a server needs before it serves a
// newly published index.
//
//	EXSEARCH_BENCH_DOCS=100000 go test ./search -run '^$' -bench Open -benchtime 10x -count 5
//
// After the timed runs it opens the index once more, runs the whole query
// log, and reports the memory that takes: the Go heap in use (facet and
// order tables, postings cache, scratch memory) and the process's resident
// memory, which also counts the index pages the queries touched.
func BenchmarkOpen(b *testing.B) {
	p, _, err := indexer.Current(benchcorpus.Index(b, benchcorpus.Docs(b), false))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { reportMemory(b, p) })
	q := synth.Queries(1)[0]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := Open(p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.Search(context.Background(), Request{Query: q, Size: 10}); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkFacetCounting measures counting four facets over every document
// with the ordinal tables alone (no query): the floor of a browse.
func BenchmarkFacetCounting(b *testing.B) {
	ix := openBench(b, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := ix.newCounter(Request{})
		n := uint64(len(ix.facets[0].offset) - 1)
		for d := uint64(0); d < n; d++ {
			c.add(d)
		}
	}
}

// reportMemory opens the index at p, runs the query log on it, and reports
// heap and resident memory.
func reportMemory(b *testing.B, p string) {
	ix, err := Open(p)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	for _, q := range synth.Queries(0) {
		if _, err := ix.Search(context.Background(), Request{Query: q, Size: 10}); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
	if status, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(status), "\n") {
			if kb, ok := strings.CutPrefix(line, "VmRSS:"); ok {
				if n, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kb), "kB"))); err == nil {
					b.ReportMetric(float64(n)/1024, "rss-MB")
				}
			}
		}
	}
}

// BenchmarkHostile measures issue 13's costly query (hostileQuery: 32
// misspelt German compounds, each looked up with two edits in twelve
// fields) on the benchmark corpus, the whole search: planning, evaluation,
// facets, highlights and the spelling correction. Issue 12 wants it under
// 100 ms at 100,000 documents. The response cache is not in the way: Index
// has none.
//
//	EXSEARCH_BENCH_DOCS=100000 go test ./search -run '^$' -bench Hostile -count 5
func BenchmarkHostile(b *testing.B) {
	ix := openBench(b, false)
	ctx := context.Background()
	req := Request{Query: hostileQuery, Size: 10}
	if _, err := ix.Search(ctx, req); err != nil { // warm the postings cache and the speller
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := ix.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
}
