package web_test

import (
	"context"
	"database/sql"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/browsertest"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// A click on a hit in a real browser comes back as a beacon, from the page
// (app.js) as the browser follows the link, and from the widget on another
// origin under the host's strict CSP; both land in the store with their
// rank and their search's source.
func TestAnalyticsBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })

	// sources reads what the store holds: each search's source and its
	// clicks' ranks.
	sources := func(t *testing.T, path string) map[string][]int {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query(`SELECT s.source, c.hit_rank FROM clicks c JOIN searches s ON s.id = c.search_id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string][]int{}
		for rows.Next() {
			var src string
			var rank int
			if err := rows.Scan(&src, &rank); err != nil {
				t.Fatal(err)
			}
			out[src] = append(out[src], rank)
		}
		return out
	}

	t.Run("page", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), analytics.SQLiteFile)
		rec := analytics.Dial(path, analytics.RecorderOptions{})
		srv := httptest.NewServer(web.New(live, web.Options{Analytics: rec}))
		defer srv.Close()
		b := newTab(t, browser, srv.URL)
		b.open("/?q=deadlift&ui=en")
		b.navigateBy("click the second hit", chromedp.Click(chromedp.CSS(`ol.hits > li:nth-child(2) a.hit-link`)))
		waitFor(t, "the click", func() bool { return rec.Status().Queued >= 2 })
		if err := rec.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := sources(t, path); len(got) != 1 || len(got["page"]) != 1 || got["page"][0] != 2 {
			t.Errorf("clicks by source and rank: %v, want page: [2]", got)
		}
	})

	t.Run("widget", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), analytics.SQLiteFile)
		rec := analytics.Dial(path, analytics.RecorderOptions{})
		var su string
		host := widgetHost(t, &su)
		srv := httptest.NewServer(web.New(live, web.Options{Analytics: rec, CORSOrigins: []string{host.URL}}))
		defer srv.Close()
		su = srv.URL
		b := newWidgetTab(t, browser, host.URL)
		b.open("/?ui=en")
		b.waitFor("the widget", `document.querySelector("[data-exsearch]").dataset.state === "ready" && `+sr+`.getElementById("xs-q") !== null`)
		b.typeQuery("deadlift")
		b.waitFor("results for deadlift", sr+`.querySelector("ol[data-search-id] a.hit-link[data-rank='1']") !== null`)
		// Hits link to their sources on the web: stay on the page.
		b.do("click the first hit", chromedp.Evaluate[chromedp.Void](sr+`.addEventListener("click", (e) => e.preventDefault());
			`+sr+`.querySelector("a.hit-link[data-rank='1']").click()`))
		waitFor(t, "the widget's click", func() bool { return rec.Status().Queued >= 2 })
		if err := rec.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := sources(t, path); len(got) != 1 || len(got["widget"]) != 1 || got["widget"][0] != 1 {
			t.Errorf("clicks by source and rank: %v, want widget: [1]", got)
		}
		if v := evalIn[[]string](b.tab, `window.xsCSP`); len(v) > 0 {
			t.Errorf("CSP violations on the host page: %v", v)
		}
	})
}

// TestTypingBrowser: a visitor typing in the page's box (app.js) or the
// widget's (widget.js), pausing after "squ", "squa" and "squat", leaves
// one search typed in the store, "squat": each search names the one shown
// before it (refines=), which the store then drops.
func TestTypingBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	queries := func(t *testing.T, path string) map[string]int {
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		rows, err := db.Query(`SELECT query_text FROM searches`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var q string
			if err := rows.Scan(&q); err != nil {
				t.Fatal(err)
			}
			out[q]++
		}
		return out
	}
	steps := []string{"squ", "a", "t"}

	t.Run("page", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), analytics.SQLiteFile)
		rec := analytics.Dial(path, analytics.RecorderOptions{})
		srv := httptest.NewServer(web.New(live, web.Options{Analytics: rec}))
		defer srv.Close()
		b := newTab(t, browser, srv.URL)
		b.open("/?ui=en")
		typed := ""
		for _, s := range steps {
			typed += s
			b.do("type "+s, chromedp.SendKeys(chromedp.CSS("#q"), s))
			b.waitFor("the results for "+typed, `new URLSearchParams(location.search).get("q") === "`+typed+`" && `+
				`!document.getElementById("results-layout").hasAttribute("aria-busy") && document.querySelector("ol[data-search-id]") !== null`)
		}
		waitFor(t, "the searches", func() bool { return rec.Status().Queued >= 4 })
		if err := rec.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		// The page the visitor landed on (everything, no query) was not
		// typed: it stays.
		if got := queries(t, path); len(got) != 2 || got["squat"] != 1 || got[""] != 1 {
			t.Errorf("stored queries %v, want squat and the landing page's empty one", got)
		}
	})

	t.Run("widget", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), analytics.SQLiteFile)
		rec := analytics.Dial(path, analytics.RecorderOptions{})
		var su string
		host := widgetHost(t, &su)
		srv := httptest.NewServer(web.New(live, web.Options{Analytics: rec, CORSOrigins: []string{host.URL}}))
		defer srv.Close()
		su = srv.URL
		b := newWidgetTab(t, browser, host.URL)
		b.open("/?ui=en")
		b.waitFor("the widget", `document.querySelector("[data-exsearch]").dataset.state === "ready" && `+sr+`.getElementById("xs-q") !== null`)
		typed := ""
		for _, s := range steps {
			typed += s
			b.typeQuery(s)
			b.waitFor("the results for "+typed, sr+`.getElementById("xs-summary") !== null && `+sr+`.getElementById("xs-summary").textContent.includes("`+typed+`") && `+
				`!`+sr+`.getElementById("xs-results").hasAttribute("aria-busy")`)
		}
		waitFor(t, "the searches", func() bool { return rec.Status().Queued >= 3 })
		if err := rec.Close(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := queries(t, path); len(got) != 1 || got["squat"] != 1 {
			t.Errorf("stored queries %v, want squat only", got)
		}
	})
}
