package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/pgtest"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// startRecording serves the shared index with a recorder writing to the
// store at dsn, flushing often. The recorder is closed before the server's
// cleanup ends.
func startRecording(t *testing.T, dsn string) (*httptest.Server, *analytics.Recorder) {
	t.Helper()
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rec := analytics.Dial(dsn, analytics.RecorderOptions{FlushInterval: 20 * time.Millisecond, WriteTimeout: 2 * time.Second})
	srv := httptest.NewServer(web.New(live, web.Options{Analytics: rec}))
	t.Cleanup(func() { srv.Close(); rec.Close(context.Background()); live.Close() })
	return srv, rec
}

func post(t *testing.T, srv *httptest.Server, path, contentType, body string) (int, string) {
	t.Helper()
	resp, err := srv.Client().Post(srv.URL+path, contentType, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

const someID = "0123456789abcdef0123456789abcdef"

func TestClickValidation(t *testing.T) {
	srv, rec := startRecording(t, filepath.Join(t.TempDir(), analytics.SQLiteFile))
	for _, c := range []struct {
		name, contentType, body string
		status                  int
		param                   string
	}{
		{"json", "application/json", `{"search_id":"` + someID + `","rank":3,"id":"seeds/000_81e3d64a3fd8258c"}`, 204, ""},
		{"beacon's text/plain", "text/plain;charset=UTF-8", `{"search_id":"` + someID + `","rank":1,"id":"seeds/003_be84671168f680db"}`, 204, ""},
		{"a document the index does not hold", "application/json", `{"search_id":"` + someID + `","rank":1,"id":"seeds/003_0000000000000000"}`, 400, "id"},
		{"no search id", "application/json", `{"rank":1,"id":"x"}`, 400, "search_id"},
		{"upper-case search id", "application/json", `{"search_id":"` + strings.ToUpper(someID) + `","rank":1,"id":"x"}`, 400, "search_id"},
		{"short search id", "application/json", `{"search_id":"abc","rank":1,"id":"x"}`, 400, "search_id"},
		{"search id a number", "application/json", `{"search_id":5,"rank":1,"id":"x"}`, 400, "search_id"},
		{"rank 0", "application/json", `{"search_id":"` + someID + `","rank":0,"id":"x"}`, 400, "rank"},
		{"rank a string", "application/json", `{"search_id":"` + someID + `","rank":"1","id":"x"}`, 400, "rank"},
		{"rank missing", "application/json", `{"search_id":"` + someID + `","id":"x"}`, 400, "rank"},
		{"id missing", "application/json", `{"search_id":"` + someID + `","rank":1}`, 400, "id"},
		{"id empty", "application/json", `{"search_id":"` + someID + `","rank":1,"id":""}`, 400, "id"},
		{"unknown field", "application/json", `{"search_id":"` + someID + `","rank":1,"id":"x","ip":"1.2.3.4"}`, 400, "ip"},
		{"not JSON", "text/plain", `search_id=` + someID, 400, "body"},
		{"two objects", "application/json", `{"search_id":"` + someID + `","rank":1,"id":"x"} {}`, 400, "body"},
		{"form post", "application/x-www-form-urlencoded", `search_id=` + someID, 415, ""},
		{"too large", "application/json", `{"search_id":"` + someID + `","rank":1,"id":"` + strings.Repeat("x", 2000) + `"}`, 413, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, body := post(t, srv, "/api/click", c.contentType, c.body)
			if status != c.status {
				t.Fatalf("%d %s, want %d", status, body, c.status)
			}
			if status == 204 {
				return
			}
			var e struct{ Error, Param string }
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" || e.Param != c.param {
				t.Errorf("error body %s (%v), want the API's error naming %q", body, err, c.param)
			}
		})
	}
	if s := rec.Status(); s.Queued != 2 {
		t.Errorf("queued %d clicks, want the 2 good ones", s.Queued)
	}
	if status, _, _ := get(t, srv, "/api/click"); status != http.StatusMethodNotAllowed {
		t.Errorf("GET /api/click: %d, want 405", status)
	}
}

var searchIDAttr = regexp.MustCompile(`<ol class="hits" data-search-id="([0-9a-f]{32})">`)

// TestAnalyticsEndToEnd: searches through the real server from the page,
// the widget and the API, and a click, land in each store's report.
func TestAnalyticsEndToEnd(t *testing.T) {
	for kind, dsn := range map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), analytics.SQLiteFile) },
		"postgres": func(t *testing.T) string { return pgtest.NewDatabase(t) },
	} {
		t.Run(kind, func(t *testing.T) {
			d := dsn(t)
			srv, rec := startRecording(t, d)
			var res struct {
				SearchID string `json:"search_id"`
				Total    int    `json:"total"`
				Hits     []struct{ ID string }
			}
			getJSON(t, srv, "/api/search?q=Nordic++Hamstring&source=widget&size=5", 200, &res)
			if !analytics.ValidID(res.SearchID) || len(res.Hits) < 2 {
				t.Fatalf("search_id %q, %d hits", res.SearchID, len(res.Hits))
			}
			getJSON(t, srv, "/api/search?q=zzqqxx+wwvv", 200, &struct{}{})
			getJSON(t, srv, "/api/search?q=squat&size=0", 200, &struct{}{}) // a count: not recorded
			status, page, _ := get(t, srv, "/?q=nordic+hamstring&ui=da&muscle=hamstrings")
			m := searchIDAttr.FindStringSubmatch(page)
			if status != 200 || m == nil || !strings.Contains(page, `class="hit-link" data-rank="1" data-id="`) {
				t.Fatalf("page %d: no search id or ranks on the hits", status)
			}
			for _, click := range []string{
				`{"search_id":"` + res.SearchID + `","rank":2,"id":"` + res.Hits[1].ID + `"}`,
				`{"search_id":"` + m[1] + `","rank":1,"id":"` + res.Hits[0].ID + `"}`,
			} {
				if status, body := post(t, srv, "/api/click", "text/plain;charset=UTF-8", click); status != 204 {
					t.Fatalf("click: %d %s", status, body)
				}
			}
			waitFor(t, "5 records written", func() bool { return rec.Status().Written == 5 })
			st, err := analytics.Open(context.Background(), d, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			r, err := st.Report(context.Background(), analytics.Period{Days: 1})
			if err != nil {
				t.Fatal(err)
			}
			if r.Searches != 3 || r.Clicks != 2 || r.MeanClickedRank != 1.5 || r.CTR != 2.0/3 {
				t.Errorf("report: %d searches, %d clicks, mean rank %v, CTR %v; want 3, 2, 1.5, 2/3", r.Searches, r.Clicks, r.MeanClickedRank, r.CTR)
			}
			if len(r.TopQueries) != 2 || r.TopQueries[0].Query != "nordic hamstring" || r.TopQueries[0].Searches != 2 {
				t.Errorf("top queries %+v: want the normalised nordic hamstring twice", r.TopQueries)
			}
			if len(r.NoResults) != 1 || r.NoResults[0].Query != "zzqqxx wwvv" {
				t.Errorf("no results %+v", r.NoResults)
			}
			if strings.Join(r.Languages, ",") != "da,en" {
				t.Errorf("languages %v", r.Languages)
			}
			found := false
			for _, f := range r.Facets {
				found = found || f.Facet == "muscle" && f.Value == "hamstrings"
			}
			if !found {
				t.Errorf("facets %+v: no muscle=hamstrings", r.Facets)
			}
		})
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestAnalyticsStoreDown: with its PostgreSQL stopped, the server goes on
// answering searches; /readyz stays 200 and says analytics is failing, and
// /metrics counts the lost batches.
func TestAnalyticsStoreDown(t *testing.T) {
	c := pgtest.Start(t)
	srv, rec := startRecording(t, c.DSN("postgres"))
	getJSON(t, srv, "/api/search?q=squat", 200, &struct{}{})
	waitFor(t, "the first search written", func() bool { return rec.Status().Written == 1 })
	c.Stop()
	for range 3 {
		if status, body, _ := get(t, srv, "/?q=squat"); status != 200 {
			t.Fatalf("page with the store down: %d %s", status, truncate(body))
		}
		getJSON(t, srv, "/api/search?q=deadlift", 200, &struct{}{})
	}
	waitFor(t, "the write error", func() bool { return rec.Status().LastError != "" })
	var ready struct {
		Status, Analytics string
		Problems          []string
	}
	getJSON(t, srv, "/readyz", 200, &ready)
	if ready.Status != "degraded" || !strings.HasPrefix(ready.Analytics, "failing") || len(ready.Problems) != 1 || !strings.HasPrefix(ready.Problems[0], "analytics: failing") {
		t.Errorf("readyz with the store down: %+v", ready)
	}
	if strings.Contains(ready.Analytics, "/tmp") || strings.Contains(ready.Analytics, "exsearch@") {
		t.Errorf("readyz shows the store's error: %q", ready.Analytics)
	}
	_, metrics, _ := get(t, srv, "/metrics")
	if !regexp.MustCompile(`exsearch_analytics_write_errors_total [1-9]`).MatchString(metrics) ||
		!regexp.MustCompile(`exsearch_analytics_records_total\{outcome="failed"\} [1-9]`).MatchString(metrics) {
		t.Errorf("metrics do not count the failed writes:\n%s", grepLines(metrics, "exsearch_analytics"))
	}
}

// A server that opens with its store down starts all the same, and says so.
func TestAnalyticsStoreDownAtStart(t *testing.T) {
	c := pgtest.Start(t)
	dsn := c.DSN("postgres")
	c.Stop()
	srv, _ := startRecording(t, dsn)
	getJSON(t, srv, "/api/search?q=squat", 200, &struct{}{})
	var ready struct{ Analytics string }
	waitFor(t, "readyz to report analytics failing", func() bool {
		getJSON(t, srv, "/readyz", 200, &ready)
		return strings.HasPrefix(ready.Analytics, "failing")
	})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestAnalyticsOff(t *testing.T) {
	srv := startServer(t)
	_, body, _ := get(t, srv, "/api/search?q=squat")
	if strings.Contains(body, "search_id") {
		t.Error("search_id with analytics off")
	}
	if _, page, _ := get(t, srv, "/?q=squat"); strings.Contains(page, "data-search-id") {
		t.Error("data-search-id on the page with analytics off")
	}
	if status, _ := post(t, srv, "/api/click", "application/json", `{"search_id":"`+someID+`","rank":1,"id":"x"}`); status == 204 {
		t.Error("a click taken with analytics off")
	}
	var ready struct{ Analytics string }
	getJSON(t, srv, "/readyz", 200, &ready)
	if ready.Analytics != "off" {
		t.Errorf("readyz analytics %q, want off", ready.Analytics)
	}
}

// The search id differs per answer, but the ETag does not: a client that
// has the answer gets a 304.
func TestAnalyticsETag(t *testing.T) {
	srv, rec := startRecording(t, filepath.Join(t.TempDir(), analytics.SQLiteFile))
	_, b1, h1 := get(t, srv, "/api/search?q=squat")
	_, b2, h2 := get(t, srv, "/api/search?q=squat")
	if b1 == b2 || h1.Get("ETag") != h2.Get("ETag") {
		t.Errorf("two answers: same body %v, ETags %q %q", b1 == b2, h1.Get("ETag"), h2.Get("ETag"))
	}
	// An answer with a search id is the visitor's: no shared cache may
	// keep it. Without analytics, answers are public.
	if cc := h1.Get("Cache-Control"); cc != "private, max-age=60" {
		t.Errorf("Cache-Control %q with analytics on, want private, max-age=60", cc)
	}
	_, off, h := get(t, startServer(t), "/api/search?q=squat")
	if h.Get("Cache-Control") != "public, max-age=60" {
		t.Errorf("Cache-Control %q with analytics off, want public, max-age=60", h.Get("Cache-Control"))
	}
	// The answer is the one without analytics, led by its id; so is the
	// ETag. (The id is written around a shared encoding: searchJSON.)
	if h.Get("ETag") != h1.Get("ETag") {
		t.Errorf("ETag %q with analytics, %q without", h1.Get("ETag"), h.Get("ETag"))
	}
	var on, plain map[string]any
	if err := json.Unmarshal([]byte(b2), &on); err != nil {
		t.Fatalf("answer with an id: %v\n%s", err, b2)
	}
	if err := json.Unmarshal([]byte(off), &plain); err != nil {
		t.Fatal(err)
	}
	if id, _ := on["search_id"].(string); len(id) != analytics.IDLength || !strings.HasPrefix(b2, `{"search_id":"`+id+`",`) {
		t.Errorf("search_id %q not first in %.80s", id, b2)
	}
	delete(on, "search_id")
	delete(on, "took_ms")
	delete(plain, "took_ms")
	if !reflect.DeepEqual(on, plain) {
		t.Errorf("answers differ beyond search_id and took_ms:\n%s\n%s", b2, off)
	}
	// A 304 leaves the client with the answer, and the id, it has: no
	// new search is recorded, as no click could ever name it.
	queued := rec.Status().Queued
	if status, _, h := get(t, srv, "/api/search?q=squat", "If-None-Match", h1.Get("ETag")); status != 304 || h.Get("Cache-Control") != "private, max-age=60" {
		t.Errorf("revalidation: %d, Cache-Control %q; want 304, private", status, h.Get("Cache-Control"))
	}
	if q := rec.Status().Queued; q != queued {
		t.Errorf("a 304 recorded a search: %d records queued, %d before it", q, queued)
	}
	if status, body, _ := get(t, srv, "/api/search?q=squat&source=robot"); status != 400 || !strings.Contains(body, `"param":"source"`) {
		t.Errorf("source=robot: %d %s", status, body)
	}
}

// TestTypingRecordsTheSettledSearch: a visitor typing "s", "sq", "squat"
// (each search naming the one before as refines=, as app.js and widget.js
// do) leaves one search in the store, "squat"; a search whose hit was
// clicked before the visitor typed on is kept. The page takes refines= as
// the API does, and keeps it out of its links; a malformed one is a 400
// naming it.
func TestTypingRecordsTheSettledSearch(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), analytics.SQLiteFile)
	srv, rec := startRecording(t, dsn)
	var res struct {
		SearchID string `json:"search_id"`
		Hits     []struct{ ID string }
	}
	prev := ""
	typed := func(path string) {
		t.Helper()
		if prev != "" {
			path += "&refines=" + prev
		}
		res.SearchID = ""
		getJSON(t, srv, path, 200, &res)
		if !analytics.ValidID(res.SearchID) {
			t.Fatalf("%s: no search id", path)
		}
		prev = res.SearchID
	}
	typed("/api/search?q=s&source=widget")
	typed("/api/search?q=sq&source=widget")
	typed("/api/search?q=squat&source=widget")

	// On the page: "lun" is shown, a hit of it is clicked, then the
	// visitor types on to "lunge".
	prev = ""
	status, page, _ := get(t, srv, "/?q=lun&ui=da", "X-Exsearch-Fragment", "results")
	m := searchIDAttr.FindStringSubmatch(page)
	if status != 200 || m == nil {
		t.Fatalf("page: %d, no search id", status)
	}
	if code, body := post(t, srv, "/api/click", "application/json", `{"search_id":"`+m[1]+`","rank":1,"id":"seeds/003_be84671168f680db"}`); code != 204 {
		t.Fatalf("click: %d %s", code, body)
	}
	status, page, _ = get(t, srv, "/?q=lunge&ui=da&refines="+m[1], "X-Exsearch-Fragment", "results")
	if status != 200 || strings.Contains(page, "refines") {
		t.Errorf("page with refines=: %d, refines in its links: %v", status, strings.Contains(page, "refines"))
	}
	waitFor(t, "6 records written", func() bool { return rec.Status().Written == 6 })

	st, err := analytics.Open(context.Background(), dsn, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r, err := st.Report(context.Background(), analytics.Period{Days: 1, Until: time.Now().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, q := range r.TopQueries {
		got[q.Query] = q.Searches
	}
	want := map[string]int{"squat": 1, "lun": 1, "lunge": 1}
	if r.Searches != 3 || len(got) != 3 || got["squat"] != 1 || got["lun"] != 1 || got["lunge"] != 1 {
		t.Errorf("stored %v (%d searches), want %v", got, r.Searches, want)
	}

	for _, path := range []string{"/api/search?q=squat&refines=nope", "/api/search?q=squat&refines=" + someID + "&refines=" + someID, "/?q=squat&refines=ABC"} {
		status, body, _ := get(t, srv, path, "Accept", "application/json")
		if status != 400 || !strings.Contains(body, "refines") {
			t.Errorf("%s: %d %s, want a 400 naming refines", path, status, body)
		}
	}
}
