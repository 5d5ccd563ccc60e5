package search_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/exsearch/exsearch/search"
)

// BenchmarkSuggest measures /api/suggest's work on the shared corpora, and
// reports the median latency (target: 10 ms at p50).
//
//	go test ./search -run '^$' -bench Suggest -benchtime 2000x
func BenchmarkSuggest(b *testing.B) {
	l, err := search.OpenLive(sharedIndex(b), search.LiveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	prefixes := []string{"s", "sq", "squ", "bæn", "kettleb", "hip th", "ham", "curl", "bench p", "knæ"}
	l.Suggest(ctx, "warm", "en", "en") // the suggester is built on first use
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := l.Suggest(ctx, prefixes[i%len(prefixes)], "en", "en"); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkSearch measures searches with all facets on the shared corpora.
func BenchmarkSearch(b *testing.B) {
	l, err := search.OpenLive(sharedIndex(b), search.LiveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	reqs := []search.Request{
		{Query: "nordic hamstring", PreferLang: "da"}, {Query: "bænkpres skrå", PreferLang: "da"},
		{Query: "Kniebeuge", PreferLang: "de"}, {Query: "incline bench press", PreferLang: "en"},
		{Query: "kettelbell", PreferLang: "en"}, {Query: "", Filters: map[string][]string{"muscle": {"legs"}}},
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := reqs[i%len(reqs)]
		req.Size = 10
		t0 := time.Now()
		if _, err := l.Search(ctx, req); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
