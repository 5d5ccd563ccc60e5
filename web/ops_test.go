package web_test

import (
	"io"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
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
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
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
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
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

// TestHead: HEAD is answered wherever GET is (RFC 9110 §9.3.2), with GET's
// status and headers and no body; it was a 405 everywhere. Every GET route
// must have a path here, so that a new one cannot miss HEAD.
func TestHead(t *testing.T) {
	srv := startServer(t)
	_, _, h := get(t, srv, "/api/search?q=squat")
	etag := h.Get("ETag")
	paths := map[string][]string{ // by route
		"/healthz":          {"/healthz"},
		"/readyz":           {"/readyz"},
		"/api/search":       {"/api/search?q=squat", "/api/search?size=x"},
		"/api/documents/*":  {"/api/documents/seeds/000_81e3d64a3fd8258c", "/api/documents/seeds/nope"},
		"/api/suggest":      {"/api/suggest?q=sq"},
		"/api/facets":       {"/api/facets?ui=da"},
		"/api/openapi.json": {"/api/openapi.json"},
		"/metrics":          {"/metrics"},
		"/":                 {"/?q=squat", "/?size=x"},
		"/d/*":              {"/d/seeds/000_81e3d64a3fd8258c?ui=da", "/d/seeds/nope"},
		"/static/*":         {"/static/style.css", "/static/nope.css"},
		"/widget.js":        {"/widget.js"},
		"/widget.css":       {"/widget.css", "/widget.css?v=old"},
	}
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	for _, r := range web.New(live, web.Options{}).Routes() {
		if r.Method == http.MethodGet && paths[r.Path] == nil {
			t.Errorf("GET %s has no HEAD case here", r.Path)
		}
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	do := func(method, path string, header ...string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, route := range slices.Sorted(maps.Keys(paths)) {
		for _, p := range paths[route] {
			for _, header := range [][]string{
				{"Accept-Encoding", "identity"},
				{"Accept-Encoding", "gzip"},
				{"Accept-Encoding", "identity", "If-None-Match", etag},
			} {
				get, _ := do(http.MethodGet, p, header...)
				head, body := do(http.MethodHead, p, header...)
				if head.StatusCode != get.StatusCode {
					t.Errorf("%s (%s) %v: HEAD %d, GET %d", p, route, header, head.StatusCode, get.StatusCode)
				}
				if body != "" {
					t.Errorf("%s %v: HEAD has a body of %d bytes", p, header, len(body))
				}
				// Content-Encoding is not compared: gzhttp compresses no answer
				// to HEAD (an nginx cache stored such answers' encoding for
				// GET), and RFC 9110 lets HEAD leave out what only making the
				// content decides; whether an answer is compressed depends on
				// its size.
				for _, name := range []string{"Content-Type", "ETag", "Cache-Control", "Vary", "Content-Security-Policy"} {
					if head.Header.Get(name) != get.Header.Get(name) {
						t.Errorf("%s %v: HEAD %s %q, GET %q", p, header, name, head.Header.Get(name), get.Header.Get(name))
					}
				}
			}
		}
	}
}
