package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

func BenchmarkZZHandler(b *testing.B) {
	p := benchcorpus.Index(b, 10000, false)
	_ = indexer.SchemaVersion
	live, err := search.OpenLive(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := web.New(live, web.Options{})
	var paths []string
	for _, q := range benchcorpus.Queries(b, 40) {
		paths = append(paths, "/api/search?q="+url.QueryEscape(q), "/api/search?q="+url.QueryEscape(q)+"&lang=da&muscle=legs")
	}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			r := httptest.NewRequest("GET", paths[i%len(paths)], nil)
			r.Header.Set("Accept-Encoding", "gzip")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				b.Fatal(w.Code)
			}
			i++
		}
	})
}
