package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/pgtest"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

func TestMain(m *testing.M) { sharedtest.Main(m, pgtest.StopShared) }

// startServer serves the shared index over a real loopback HTTP server.
func startServer(t *testing.T) *httptest.Server {
	t.Helper()
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(live, web.Options{}))
	t.Cleanup(func() { srv.Close(); live.Close() })
	return srv
}

func get(t *testing.T, srv *httptest.Server, path string, header ...string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func getJSON(t *testing.T, srv *httptest.Server, path string, wantStatus int, v any) {
	t.Helper()
	status, body, h := get(t, srv, path)
	if status != wantStatus {
		t.Fatalf("GET %s: %d %s, want %d", path, status, body, wantStatus)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: content type %q", path, ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

func TestAPISearch(t *testing.T) {
	srv := startServer(t)
	var res search.Result
	getJSON(t, srv, "/api/search?q=nordic+hamstring&size=5", 200, &res)
	if res.Total == 0 || res.Hits[0].ID != "seeds/000_81e3d64a3fd8258c" {
		t.Fatalf("nordic hamstring: %+v", res.Hits)
	}
	if res.Query != "nordic hamstring" || res.Page != 1 || res.Size != 5 {
		t.Errorf("echoed request: %q page %d size %d", res.Query, res.Page, res.Size)
	}
	for _, f := range []string{"muscle", "equipment", "focus", "lang", "kind"} {
		if _, ok := res.Facets[f]; !ok {
			t.Errorf("facet %s missing", f)
		}
	}

	// The raw JSON carries exactly the documented field names.
	_, raw, _ := get(t, srv, "/api/search?q=baklengs")
	for _, field := range []string{`"query"`, `"total"`, `"took_ms"`, `"page"`, `"size"`, `"hits"`, `"facets"`,
		`"id"`, `"lang"`, `"kind"`, `"title"`, `"url"`, `"excerpt"`, `"image"`, `"score"`, `"highlights"`,
		`"muscle"`, `"equipment"`, `"focus"`, `"value"`, `"label"`, `"count"`, `"selected"`} {
		if !strings.Contains(raw, field) {
			t.Errorf("response lacks %s", field)
		}
	}

	var hamstrings search.Result
	getJSON(t, srv, "/api/search?muscle=hamstrings&size=100", 200, &hamstrings)
	var all search.Result
	getJSON(t, srv, "/api/search?size=0", 200, &all)
	if hamstrings.Total == 0 || hamstrings.Total >= all.Total {
		t.Errorf("muscle filter: %d of %d", hamstrings.Total, all.Total)
	}
	var both search.Result
	getJSON(t, srv, "/api/search?lang=de&lang=en&size=0", 200, &both)
	var de, en search.Result
	getJSON(t, srv, "/api/search?lang=de&size=0", 200, &de)
	getJSON(t, srv, "/api/search?lang=en&size=0", 200, &en)
	if both.Total != de.Total+en.Total {
		t.Errorf("repeated lang: %d, want %d+%d", both.Total, de.Total, en.Total)
	}
}

func TestAPIBadRequests(t *testing.T) {
	srv := startServer(t)
	for _, c := range []struct{ query, param string }{
		{"size=abc", "size"},
		{"size=-1", "size"},
		{"size=1000000000", "size"},
		{"size=99999999999999999999999", "size"},
		{"page=0.5", "page"},
		{"page=-3", "page"},
		{"page=100000&size=100", "page"},
		{"colour=red", "colour"},
		{"muscles=hamstrings", "muscles"},
		{"q=a&q=b", "q"},
		{"ui=xx", "ui"},
		{"q=" + strings.Repeat("x", 5000), "q"},
	} {
		var e struct{ Error, Param string }
		getJSON(t, srv, "/api/search?"+c.query, 400, &e)
		if e.Param != c.param || !strings.Contains(e.Error, c.param) {
			t.Errorf("%s: error %+v, want it to name %q", truncate(c.query), e, c.param)
		}
	}
}

// TestAPIPagingBounds: page and size at the ends of int are refused, naming
// the parameter, before anything multiplies them. page*size once overflowed:
// page 2⁶² of size 2 was a 500 (makeslice), page 2⁶²+1 of size 4 answered
// page 1's hits.
func TestAPIPagingBounds(t *testing.T) {
	srv := startServer(t)
	for _, c := range []struct {
		query  string
		status int
		param  string
	}{
		{"page=4611686018427387904&size=2", 400, "page"},
		{"page=4611686018427387905&size=4", 400, "page"},
		{"page=3074457345618258603&size=3", 400, "page"},
		{"page=9223372036854775807&size=100", 400, "page"},
		{"page=9223372036854775807&size=0", 400, "page"},
		{"page=-9223372036854775808", 400, "page"},
		{"page=9223372036854775808", 400, "page"},
		{"page=99999999999999999999999", 400, "page"},
		{"size=9223372036854775807", 400, "size"},
		{"size=-9223372036854775808", 400, "size"},
		{"size=-1&page=4611686018427387904", 400, ""},
		{"page=10001&size=1", 400, "page"},
		{"page=101&size=100", 400, "page"},
		{"page=10000&size=1", 200, ""},
		{"page=100&size=100", 200, ""},
	} {
		status, body, _ := get(t, srv, "/api/search?"+c.query)
		if status != c.status {
			t.Errorf("%s: %d, want %d: %.200s", c.query, status, c.status, body)
			continue
		}
		if c.param != "" && !strings.Contains(body, `"param":"`+c.param+`"`) {
			t.Errorf("%s: error does not name %s: %.200s", c.query, c.param, body)
		}
		if status, _, _ := get(t, srv, "/?"+c.query); status != c.status {
			t.Errorf("page /?%s: %d, want %d", c.query, status, c.status)
		}
	}
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func TestAPIDocument(t *testing.T) {
	srv := startServer(t)
	var d corpus.Document
	getJSON(t, srv, "/api/documents/seeds/003_be84671168f680db", 200, &d)
	if d.Lang != "no" || d.Kind != corpus.KindArticle || !strings.Contains(d.Body, "baklengs") {
		t.Errorf("document %+v", d)
	}
	getJSON(t, srv, "/api/documents/corpus/free-exercise-db/3_4_Sit-Up", 200, &d)
	if d.Title != "3/4 Sit-Up" {
		t.Errorf("title %q", d.Title)
	}
	var e struct{ Error string }
	getJSON(t, srv, "/api/documents/seeds/nope", 404, &e)
	if e.Error == "" {
		t.Error("404 without an error message")
	}
}

func TestHealth(t *testing.T) {
	srv := startServer(t)
	var h map[string]any
	getJSON(t, srv, "/healthz", 200, &h)
	var r struct {
		Status string
		Index  indexer.Meta
	}
	getJSON(t, srv, "/readyz", 200, &r)
	if r.Status != "ready" || r.Index.Total < 2000 || r.Index.Docs["da"]["exercise"] == 0 || len(r.Index.Corpora) != 2 || strings.Contains(strings.Join(r.Index.Corpora, ","), "/") || r.Index.Built.IsZero() {
		t.Errorf("readyz %+v", r)
	}
}

func TestPage(t *testing.T) {
	srv := startServer(t)
	status, body, h := get(t, srv, "/?q=nordic+hamstring&muscle=hamstrings")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", status, h.Get("Content-Type"))
	}
	for _, want := range []string{
		`value="nordic hamstring"`,
		`<mark>Nordic</mark> <mark>hamstring</mark>`,
		`name="muscle" value="hamstrings" checked`,
		`name="equipment" value="bodyweight"`,
		`name="lang" value="da"`,
		`href="/d/seeds/000_81e3d64a3fd8258c?ui=en"`,
		`class="badge lang"`,
		`<legend>Muscle group</legend>`,
		`<legend>Equipment</legend>`,
		`<legend>Training focus</legend>`,
		`<legend>Language</legend>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	// The interface language follows ?ui=, else Accept-Language.
	_, body, _ = get(t, srv, "/?q=squat", "Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
	if !strings.Contains(body, "<legend>Muskelgruppe</legend>") || !strings.Contains(body, `lang="de"`) {
		t.Error("Accept-Language: de not honoured")
	}
	_, body, _ = get(t, srv, "/?q=squat&ui=da", "Accept-Language", "de")
	if !strings.Contains(body, "<legend>Udstyr</legend>") {
		t.Error("ui=da not honoured")
	}
	_, body, _ = get(t, srv, "/?q=squat", "Accept-Language", "nb-NO")
	if !strings.Contains(body, "<legend>Utstyr</legend>") {
		t.Error("Accept-Language: nb not taken as Norwegian")
	}

	// Switching the interface language keeps the search.
	_, body, _ = get(t, srv, "/?q=squat&lang=en&page=2")
	if !strings.Contains(body, `href="/?lang=en&amp;q=squat&amp;ui=da" hreflang="da"`) {
		t.Error("language switch loses the search")
	}

	// Paging links keep the query and filters.
	_, body, _ = get(t, srv, "/?q=squat&lang=en")
	if !strings.Contains(body, `rel="next" href="/?lang=en&amp;page=2&amp;q=squat&amp;ui=en"`) {
		t.Error("next page link missing or loses the query")
	}

	// The query is shown inert, never as markup.
	evil := `"><script>alert(1)</script>`
	_, body, _ = get(t, srv, "/?q="+url.QueryEscape(evil))
	if strings.Contains(body, "<script>alert(1)") {
		t.Error("query rendered as markup")
	}

	status, body, _ = get(t, srv, "/?size=abc")
	if status != 400 || !strings.Contains(body, "size") || !strings.Contains(body, "<html") {
		t.Errorf("bad page parameter: %d", status)
	}
}

func TestDocumentPage(t *testing.T) {
	srv := startServer(t)
	status, body, _ := get(t, srv, "/d/seeds/000_81e3d64a3fd8258c?ui=da")
	if status != 200 || !strings.Contains(body, "<h1>Baglår, Nordic hamstring</h1>") || !strings.Contains(body, ">Baglår</a>") {
		t.Errorf("document page %d", status)
	}
	if !strings.Contains(body, `href="/d/seeds/000_81e3d64a3fd8258c?ui=de" hreflang="de"`) {
		t.Error("document page: language switch does not stay on the document")
	}
	status, _, _ = get(t, srv, "/d/seeds/nope")
	if status != 404 {
		t.Errorf("unknown document page: %d", status)
	}
	status, _, _ = get(t, srv, "/static/style.css")
	if status != 200 {
		t.Errorf("stylesheet: %d", status)
	}
	for _, p := range []string{"/static/../server.go", "/static/", "/static/%2e%2e/page.go"} {
		if status, _, _ := get(t, srv, p); status != 404 {
			t.Errorf("%s: %d, want 404", p, status)
		}
	}
}

// TestSwapUnderLoad reindexes into the directory a server serves, several
// times, while requests keep coming: every request must succeed, and the
// server must end up on the last generation.
func TestSwapUnderLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	sources := sharedtest.Sources(t)
	reindex := func() string {
		sum, err := indexer.Reindex(context.Background(), dir, sources, indexer.ReindexOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return sum.Generation
	}
	reindex()
	live, err := search.OpenLive(dir, search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go live.Watch(ctx, 10*time.Millisecond)
	srv := httptest.NewServer(web.New(live, web.Options{}))
	defer srv.Close()

	var ok, failed atomic.Int64
	var firstFailure atomic.Value
	stop := make(chan struct{})
	var wg sync.WaitGroup
	queries := []string{"q=nordic+hamstring", "q=squat&muscle=quadriceps", "q=baklengs", "size=0", "q=bænkpres&lang=da"}
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := srv.Client().Get(srv.URL + "/api/search?" + queries[(i+w)%len(queries)])
				if err != nil {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, err.Error())
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					failed.Add(1)
					firstFailure.CompareAndSwap(nil, resp.Status)
					continue
				}
				ok.Add(1)
			}
		}(w)
	}
	time.Sleep(200 * time.Millisecond) // warm up: caches, pools, connections
	fdsBefore, heapBefore := openFiles(t), heapInUse()
	var last string
	for i := 0; i < 5; i++ {
		last = reindex()
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		st, _ := live.Status()
		if st.Generation == last || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	st, _ := live.Status()
	if st.Generation != last {
		t.Errorf("serving %s, want the last published %s", st.Generation, last)
	}
	if st.Reloads < 1 {
		t.Errorf("reloads %d", st.Reloads)
	}
	if failed.Load() > 0 {
		t.Errorf("%d of %d requests failed during reindexing; first: %v", failed.Load(), failed.Load()+ok.Load(), firstFailure.Load())
	}
	if ok.Load() < 20 {
		t.Errorf("only %d requests were made during reindexing", ok.Load())
	}
	// Old generations are closed and removed: no file handles or memory
	// stay behind.
	srv.CloseClientConnections()
	time.Sleep(100 * time.Millisecond)
	fdsAfter, heapAfter := openFiles(t), heapInUse()
	if fdsAfter > fdsBefore+2 {
		t.Errorf("open files %d before five publications, %d after", fdsBefore, fdsAfter)
	}
	if heapAfter > 2*heapBefore+32<<20 {
		t.Errorf("heap %d MB before, %d MB after", heapBefore>>20, heapAfter>>20)
	}
	if gens := indexer.Generations(dir); len(gens) > indexer.DefaultKeep {
		t.Errorf("generations left on disk: %v", gens)
	}
	t.Logf("%d requests, %d reloads, none failed; open files %d → %d, heap %d → %d MB",
		ok.Load(), st.Reloads, fdsBefore, fdsAfter, heapBefore>>20, heapAfter>>20)
}

// openFiles counts this process's open file descriptors.
func openFiles(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd here")
	}
	return len(entries)
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func TestAPISuggest(t *testing.T) {
	srv := startServer(t)
	var s search.Suggestions
	getJSON(t, srv, "/api/suggest?q=baenkp&ui=da&prefer_lang=da", 200, &s)
	if len(s.Suggestions) == 0 || s.Suggestions[0].Text != "Bænkpres" || s.Suggestions[0].Kind != "title" {
		t.Errorf("suggestions %+v", s.Suggestions)
	}
	getJSON(t, srv, "/api/suggest?q=hams&ui=de", 200, &s)
	if len(s.Suggestions) == 0 || s.Suggestions[0].Kind != "muscle" || s.Suggestions[0].Text != "Beinbeuger" {
		t.Errorf("facet suggestion in German %+v", s.Suggestions)
	}
	var e struct{ Error, Param string }
	getJSON(t, srv, "/api/suggest?q=x&size=3", 400, &e)
	if e.Param != "size" {
		t.Errorf("unknown parameter: %+v", e)
	}
	getJSON(t, srv, "/api/suggest?q=x&ui=fr", 400, &e)
	if e.Param != "ui" {
		t.Errorf("bad ui: %+v", e)
	}
}

func TestAPIRelevanceParameters(t *testing.T) {
	srv := startServer(t)
	var res search.Result
	getJSON(t, srv, "/api/search?equipment_mode=have&equipment=dumbbell&size=100", 200, &res)
	for _, h := range res.Hits {
		for _, e := range h.Equipment {
			if e.Value != "dumbbell" && e.Value != "bodyweight" {
				t.Errorf("have dumbbell: %s needs %s", h.ID, e.Value)
			}
		}
	}
	getJSON(t, srv, "/api/search?q=hamstrings&prefer_lang=da&size=3", 200, &res)
	if res.Hits[0].Lang != "da" {
		t.Errorf("prefer_lang=da: top hit %s", res.Hits[0].Lang)
	}
	getJSON(t, srv, "/api/search?muscle=legs&size=0", 200, &res)
	for _, v := range res.Facets["muscle"] {
		if v.Value == "hamstrings" && v.Parent != "legs" {
			t.Errorf("facet value %+v", v)
		}
	}
	var e struct{ Error, Param string }
	getJSON(t, srv, "/api/search?equipment_mode=all", 400, &e)
	if e.Param != "equipment_mode" {
		t.Errorf("bad equipment_mode: %+v", e)
	}
	getJSON(t, srv, "/api/search?prefer_lang=sv", 400, &e)
	if e.Param != "prefer_lang" {
		t.Errorf("bad prefer_lang: %+v", e)
	}
}

func TestPageRelevanceFeatures(t *testing.T) {
	srv := startServer(t)
	_, body, _ := get(t, srv, "/?q=hip+thrust&kind=article&ui=da")
	for _, want := range []string{
		`href="/d/seeds/004_c9a4d7fabb4b82ba?ui=da#hip-thrust"`,
		`name="equipment_mode" value="have"`,
		`class="child"><input type="checkbox" name="muscle" value="glutes"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	_, body, _ = get(t, srv, "/?q=Baglår+glid+ud&ui=en")
	if !strings.Contains(body, `<a class="chip chip-muscle inferred" href="/?muscle=hamstrings&amp;q=Bagl%C3%A5r&#43;glid&#43;ud&amp;ui=en" data-nav title="inferred from the title · Show only Hamstrings">Hamstrings</a>`) {
		t.Error("inferred facets are not marked, or not links that filter by them")
	}
	_, body, _ = get(t, srv, "/d/seeds/004_c9a4d7fabb4b82ba?ui=da")
	if !strings.Contains(body, `<h2 id="hip-thrust">Hip thrust</h2>`) {
		t.Error("document page lacks section anchors")
	}
	_, body, _ = get(t, srv, "/?equipment=dumbbell&equipment_mode=have")
	if !strings.Contains(body, `name="equipment_mode" value="have" checked`) {
		t.Error("the have toggle does not keep its state")
	}
}

// TestSoakShort is the CI-sized soak: 64 concurrent clients for a few
// seconds of mixed queries and facet combinations. No request may fail,
// the slowest requests of the last second must be no slower than a few
// times those of the first, and the heap must not grow. bench/soak.sh is
// the full-size version.
func TestSoakShort(t *testing.T) {
	srv := startServer(t)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	paths := []string{}
	for _, q := range []string{"squat", "bænkpres", "Kniebeuge", "hamstrings", "kettelbell swing", "push-up", ""} {
		for _, f := range []string{"", "&muscle=legs", "&lang=da&lang=en", "&equipment=dumbbell&equipment_mode=have", "&muscle=unspecified&page=2"} {
			paths = append(paths, "/api/search?q="+url.QueryEscape(q)+f)
		}
	}
	duration, rounds := 2*time.Second, 3
	heapBefore := heapInUse()
	var p99s []time.Duration
	for r := 0; r < rounds; r++ {
		var mu sync.Mutex
		var lat []time.Duration
		var failed atomic.Int64
		deadline := time.Now().Add(duration)
		var wg sync.WaitGroup
		for w := 0; w < 64; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; time.Now().Before(deadline); i++ {
					start := time.Now()
					resp, err := client.Get(srv.URL + paths[i%len(paths)])
					if err != nil {
						failed.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						failed.Add(1)
					}
					mu.Lock()
					lat = append(lat, time.Since(start))
					mu.Unlock()
				}
			}(w)
		}
		wg.Wait()
		if failed.Load() > 0 {
			t.Errorf("round %d: %d requests failed", r+1, failed.Load())
		}
		slices.Sort(lat)
		p99 := lat[len(lat)*99/100]
		p99s = append(p99s, p99)
		t.Logf("round %d: %d requests, p50 %v, p99 %v", r+1, len(lat), lat[len(lat)/2], p99)
	}
	if last, first := p99s[len(p99s)-1], p99s[0]; last > 3*first+50*time.Millisecond {
		t.Errorf("p99 grew from %v to %v", first, last)
	}
	if heapAfter := heapInUse(); heapAfter > 2*heapBefore+32<<20 {
		t.Errorf("heap grew from %d MB to %d MB", heapBefore>>20, heapAfter>>20)
	}
}

// TestNoHitsFacetsAreLists: a search that finds nothing still lists every
// facet, as an empty list (the API describes arrays; it answered null).
func TestNoHitsFacetsAreLists(t *testing.T) {
	srv := startServer(t)
	_, body, _ := get(t, srv, "/api/search?q=qqxqqzzq")
	var r struct {
		Total  int
		Facets map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatal(err)
	}
	if r.Total != 0 || len(r.Facets) == 0 {
		t.Fatalf("total %d, facets %v", r.Total, r.Facets)
	}
	for name, v := range r.Facets {
		if string(v) != "[]" {
			t.Errorf("facet %s: %s, want []", name, v)
		}
	}
}
