package web_test

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

func TestMetrics(t *testing.T) {
	srv := startServer(t)
	get(t, srv, "/api/search?q=squat")
	get(t, srv, "/api/search?size=x")
	get(t, srv, "/api/suggest?q=sq")
	get(t, srv, "/api/search?q=xqzvbnm")
	get(t, srv, "/?q=squat")
	_, body, _ := get(t, srv, "/metrics")
	for _, want := range []string{
		`exsearch_http_request_duration_seconds_bucket{method="GET",route="/api/search",status="200"`,
		`exsearch_http_request_duration_seconds_count{method="GET",route="/api/search",status="400"} 1`,
		`exsearch_searches_total{endpoint="search",outcome="ok"}`,
		`exsearch_searches_total{endpoint="suggest",outcome="ok"} 1`,
		`exsearch_searches_total{endpoint="search",outcome="bad_request"} 1`,
		`exsearch_searches_total{endpoint="search",outcome="no_results"} 1`,
		`exsearch_searches_total{endpoint="page",outcome="ok"} 1`,
		"exsearch_index_documents 2102",
		"exsearch_index_age_seconds",
		"exsearch_index_reloads_total 0",
		"exsearch_cache_hits_total",
		"go_goroutines",
		"process_resident_memory_bytes",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestAPIFacets(t *testing.T) {
	srv := startServer(t)
	var o search.Overview
	getJSON(t, srv, "/api/facets?ui=da", 200, &o)
	if o.Total != 2102 {
		t.Errorf("total %d", o.Total)
	}
	found := false
	for _, v := range o.Facets["muscle"] {
		if v.Value == "hamstrings" {
			found = true
			if v.Label != "Baglår" || v.Labels["de"] != "Beinbeuger" || v.Parent != "legs" || v.Count == 0 {
				t.Errorf("hamstrings %+v", v)
			}
		}
	}
	if !found || len(o.Facets["lang"]) != 4 {
		t.Errorf("facets %v", o.Facets)
	}
}

func TestETagAndCompression(t *testing.T) {
	srv := startServer(t)
	_, _, h := get(t, srv, "/api/search?q=squat")
	etag := h.Get("ETag")
	if etag == "" || !strings.Contains(h.Get("Cache-Control"), "max-age") {
		t.Fatalf("headers %v", h)
	}
	status, body, _ := get(t, srv, "/api/search?q=squat", "If-None-Match", etag)
	if status != http.StatusNotModified || body != "" {
		t.Errorf("If-None-Match: %d %q", status, body)
	}
	if _, _, h := get(t, srv, "/api/search?q=squat&size=11"); h.Get("ETag") == etag {
		t.Error("a different answer has the same ETag")
	}
	req, _ := http.NewRequest("GET", srv.URL+"/?q=squat", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("page not compressed: %v", resp.Header)
	}
}

func TestCORS(t *testing.T) {
	live, err := search.OpenLive(sharedtest.Index(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	srv := httptest.NewServer(web.New(live, web.Options{CORSOrigins: []string{"https://motionsplan.dk"}}))
	defer srv.Close()
	_, _, h := get(t, srv, "/api/search?q=squat", "Origin", "https://motionsplan.dk")
	if h.Get("Access-Control-Allow-Origin") != "https://motionsplan.dk" {
		t.Errorf("allowed origin: %v", h)
	}
	_, _, h = get(t, srv, "/api/search?q=squat", "Origin", "https://evil.example")
	if h.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin allowed: %v", h)
	}
	plain := startServer(t)
	if _, _, h := get(t, plain, "/api/search?q=squat", "Origin", "https://motionsplan.dk"); h.Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS on by default")
	}
}

// TestMetricsLabelsBounded: what a client sends never becomes a label value
// of its own. Every distinct value is a series kept for the life of the
// process; 2,000 made-up 30 KB methods once grew /metrics to 963 MB.
func TestMetricsLabelsBounded(t *testing.T) {
	live, err := search.OpenLive(sharedtest.Index(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	e := web.New(live, web.Options{})
	rng := rand.New(rand.NewPCG(1, 13))
	odd := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('A' + rng.IntN(26))
		}
		return string(b)
	}
	paths := []string{"/healthz", "/api/search?size=0", "/nope/", "/api/documents/x/", "/static/"}
	for i := 0; i < 10000; i++ {
		p := paths[i%len(paths)]
		if strings.HasSuffix(p, "/") {
			p += odd(40)
		}
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Method = odd(200)
		e.ServeHTTP(httptest.NewRecorder(), req)
	}
	// The fixed methods are still told apart.
	e.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodDelete, "/healthz", nil))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := rec.Body.String()
	if len(body) > 100<<10 {
		t.Fatalf("/metrics is %d KB after 10,000 odd methods, want under 100 KB", len(body)>>10)
	}
	for _, want := range []string{
		`exsearch_http_request_duration_seconds_count{method="other",route="/healthz",status="405"} 2000`,
		`exsearch_http_request_duration_seconds_count{method="DELETE",route="/healthz",status="405"} 1`,
		`route="unmatched"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
