package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/synth"
	"github.com/exsearch/exsearch/web"
)

// BenchmarkAPISearch measures /api/search over real HTTP on loopback against
// the shared corpora, one sub-benchmark per query, and reports the median
// and 99th percentile request latency besides the mean (ns/op).
//
//	go test ./web -run '^$' -bench APISearch -benchtime 2000x
func BenchmarkAPISearch(b *testing.B) {
	live, err := search.OpenLive(sharedtest.Index(b), search.LiveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer live.Close()
	srv := httptest.NewServer(web.New(live, web.Options{}))
	defer srv.Close()
	client := srv.Client()
	for _, q := range []struct{ name, query string }{
		{"nordic-hamstring", "q=nordic+hamstring"},
		{"baglaar", "q=bagl%C3%A5r"},
		{"kniebeuge", "q=Kniebeuge"},
		{"bench-press", "q=bench+press"},
		{"squat-quadriceps", "q=squat&muscle=quadriceps"},
		{"browse-all", "size=10"},
	} {
		b.Run(q.name, func(b *testing.B) {
			u := srv.URL + "/api/search?" + q.query
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				resp, err := client.Get(u)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}

// BenchmarkAPISearchMixed runs the benchmark query log (synth.QueryLog, each
// query alone and with a language and muscle filter) through the handler from all
// processors at once, on a synthetic corpus of EXSEARCH_BENCH_DOCS documents
// (default 10,000), response cache off, answers compressed: the server's
// work per request without the network, which is what bounds requests per
// second under load. ns/op is wall time, so requests/s is 1e9 / ns/op.
//
//	go test ./web -run '^$' -bench APISearchMixed -benchtime 10000x -count 5
func BenchmarkAPISearchMixed(b *testing.B) {
	p, _, err := indexer.Current(benchcorpus.Index(b, benchcorpus.Docs(b), false))
	if err != nil {
		b.Fatal(err)
	}
	live, err := search.OpenLive(p, search.LiveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer live.Close()
	h := web.New(live, web.Options{})
	var paths []string
	for _, q := range synth.Queries(0) {
		paths = append(paths, "/api/search?q="+url.QueryEscape(q), "/api/search?q="+url.QueryEscape(q)+"&lang=da&muscle=legs")
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for i := 0; pb.Next(); i++ {
			r := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
			r.Header.Set("Accept-Encoding", "gzip")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Errorf("%s: status %d", paths[i%len(paths)], w.Code)
				return
			}
		}
	})
}
