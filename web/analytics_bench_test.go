package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/internal/cputime"
	"github.com/exsearch/exsearch/internal/pgtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/synth"
	"github.com/exsearch/exsearch/web"
)

// BenchmarkAnalytics is BenchmarkAPISearchMixed with the response cache on
// (where a search is cheapest, so analytics weigh most), with analytics off,
// recording into SQLite and into PostgreSQL (a private cluster, whose
// server competes for the same cores): what recording costs a request.
// cpu-ns/op is the process's CPU time a request, the queued records'
// writing included (the PostgreSQL server's is not): steadier than ns/op on
// a busy machine, though it drifts too.
//
//	go test ./web -run '^$' -bench Analytics -benchtime 20000x -count 3
func BenchmarkAnalytics(b *testing.B) {
	p, _, err := indexer.Current(benchcorpus.Index(b, benchcorpus.Docs(b), false))
	if err != nil {
		b.Fatal(err)
	}
	live, err := search.OpenLive(p, search.LiveOptions{CacheSize: search.DefaultCacheSize})
	if err != nil {
		b.Fatal(err)
	}
	defer live.Close()
	var paths []string
	for _, q := range synth.Queries(0) {
		paths = append(paths, "/api/search?q="+url.QueryEscape(q), "/api/search?q="+url.QueryEscape(q)+"&lang=da&muscle=legs")
	}
	// Every answer cached before the first run, or the first would pay
	// for the searches.
	warm := web.New(live, web.Options{})
	for _, p := range paths {
		warm.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	for _, kind := range []string{"off", "sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			opts := web.Options{}
			switch kind {
			case "sqlite":
				opts.Analytics = analytics.Dial(filepath.Join(b.TempDir(), analytics.SQLiteFile), analytics.RecorderOptions{})
			case "postgres":
				opts.Analytics = analytics.Dial(pgtest.NewDatabase(b), analytics.RecorderOptions{})
			}
			if rec, ok := opts.Analytics.(*analytics.Recorder); ok {
				// Closing writes what is queued: its cost is the run's.
				defer rec.Close(context.Background())
			}
			h := web.New(live, opts)
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cputime.Process()
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
			if rec, ok := opts.Analytics.(*analytics.Recorder); ok {
				rec.Close(context.Background())
				if st := rec.Status(); st.Written != st.Queued {
					b.Errorf("%d records queued, %d written", st.Queued, st.Written)
				}
			}
			b.ReportMetric(float64((cputime.Process()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}
