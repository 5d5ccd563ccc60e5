package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// BenchmarkAPISearch measures /api/search over real HTTP on loopback against
// the shared corpora, one sub-benchmark per query, and reports the median
// and 99th percentile request latency besides the mean (ns/op).
//
//	go test ./web -run '^$' -bench APISearch -benchtime 2000x
func BenchmarkAPISearch(b *testing.B) {
	live, err := search.OpenLive(sharedtest.Index(b), nil)
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
