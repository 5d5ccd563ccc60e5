package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/exsearch/exsearch/internal/browsertest"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// The widget in a real browser, on a host page from another loopback
// origin, as a Jekyll site would serve it: its own layout and stylesheet,
// a strict Content-Security-Policy that names the search host and nothing
// else, and the two tags. Screenshots of the widget go to the artifacts
// directory and to /tmp/exsearch-widget-*.png.

// widgetHostCSP is the policy of the host page: only what the README tells
// a host to allow, no inline script or style.
const widgetHostCSP = "default-src 'none'; script-src 'self' %[1]s; style-src 'self' %[1]s; connect-src %[1]s; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// widgetHost serves a host page embedding the widget from search (which is
// set once the search server is up: it must know the host's origin first).
// ?ui= picks the widget's language, ?empty=1 leaves the div without its
// link to the search page.
func widgetHost(t *testing.T, search *string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/assets/site.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, `body { font-family: Georgia, serif; max-width: 46rem; margin: 0 auto; padding: 0 1rem; color: #222; background: #fffdf8; }
.site-header { border-bottom: 3px solid #8a2b06; padding: 0.75rem 0; margin-bottom: 1rem; }
.site-header a { color: #8a2b06; font-weight: bold; text-decoration: none; font-size: 1.25rem; }
[data-exsearch] { min-height: 2.75rem; margin: 1rem 0; --exsearch-accent: #8a2b06; --exsearch-background: #fffdf8; }
`)
	})
	mux.HandleFunc("/assets/icon.svg", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/svg+xml")
		fmt.Fprint(w, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" fill="#8a2b06"/></svg>`)
	})
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		ui := r.URL.Query().Get("ui")
		fallback := fmt.Sprintf(`<a href="%s/?ui=%s">Search the exercises</a>`, html.EscapeString(*search), ui)
		if r.URL.Query().Get("empty") == "1" {
			fallback = ""
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", fmt.Sprintf(widgetHostCSP, *search))
		fmt.Fprintf(w, `<!doctype html>
<html lang="%[2]s">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Motionsplan – exercises</title>
<link rel="icon" href="/assets/icon.svg">
<link rel="stylesheet" href="/assets/site.css">
<script src="%[1]s/widget.js" data-ui="%[2]s" defer></script>
</head>
<body>
<header class="site-header"><a href="/">Motionsplan</a></header>
<main>
<h1>Exercises</h1>
<div data-exsearch>%[3]s</div>
<p id="below">A Jekyll page's own text, below the widget.</p>
</main>
</body>
</html>`, html.EscapeString(*search), html.EscapeString(ui), fallback)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// widgetTab is a tab on the host page that records what a visitor would
// not see: layout shifts, CSP violations and console messages.
type widgetTab struct {
	*tab
	mu       sync.Mutex
	messages []string
}

// watch is run in the page before its own scripts.
const watch = `window.xsShifts = 0; window.xsCSP = [];
new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) window.xsShifts += e.value; })).observe({type: "layout-shift", buffered: true});
document.addEventListener("securitypolicyviolation", (e) => window.xsCSP.push(e.violatedDirective + " " + e.blockedURI));`

// sr is the widget's shadow root, in the page's JavaScript.
const sr = `document.querySelector("[data-exsearch]").shadowRoot`

func newWidgetTab(t *testing.T, browser context.Context, host string) *widgetTab {
	t.Helper()
	b := &widgetTab{tab: newTab(t, browser, host)}
	if _, err := chromedp.Call(b.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watch}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(b.ctx, func(ev any) {
		var m string
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			m = "exception: " + e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				m += " " + e.ExceptionDetails.Exception.Description
			}
		case *runtime.EventConsoleAPICalled:
			m = "console." + string(e.Type)
		case *log.EventEntryAdded:
			m = string(e.Entry.Level) + " (" + string(e.Entry.Source) + "): " + e.Entry.Text
			if e.Entry.URL != "" {
				m += fmt.Sprintf(" [%s:%d]", e.Entry.URL, e.Entry.LineNumber)
			}
		default:
			return
		}
		b.mu.Lock()
		b.messages = append(b.messages, m)
		b.mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	return b
}

// a11y runs axe-core (checkA11y). Its own checks set inline styles, which
// the host's CSP refuses and the console reports: those reports are axe's,
// not the widget's, and are dropped.
func (b *widgetTab) a11y(state string) {
	b.t.Helper()
	b.mu.Lock()
	before := len(b.messages)
	b.mu.Unlock()
	b.checkA11y(state)
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.messages[:before]
	for _, m := range b.messages[before:] {
		if !strings.Contains(m, "Applying inline style violates") {
			kept = append(kept, m)
		}
	}
	b.messages = kept
}

func (b *widgetTab) console() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.messages...)
}

// shot saves a screenshot of the viewport to the artifacts and to /tmp.
func (b *widgetTab) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	for _, dir := range []string{browsertest.Artifacts(b.t), os.TempDir()} {
		path := filepath.Join(dir, "exsearch-widget-"+name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			b.t.Fatal(err)
		}
		b.t.Logf("screenshot: %s", path)
	}
}

func (b *widgetTab) widgetTotal() int {
	b.t.Helper()
	return evalIn[int](b.tab, `Number(`+sr+`.getElementById("xs-summary").dataset.total)`)
}

// typeQuery types into the widget's search box.
func (b *widgetTab) typeQuery(q string) {
	b.t.Helper()
	b.do("focus the box", chromedp.Evaluate[chromedp.Void](sr+`.getElementById("xs-q").focus()`))
	b.do("type "+q, chromedp.KeyEvent(q))
}

// startWidgetServers starts the search server, allowing the host page's
// origin when cors is true, and the host page.
func startWidgetServers(t *testing.T, live *search.Live, cors bool) (searchURL, hostURL string) {
	t.Helper()
	var su string
	host := widgetHost(t, &su)
	opts := web.Options{}
	if cors {
		opts.CORSOrigins = []string{host.URL}
	}
	srv := httptest.NewServer(web.New(live, opts))
	t.Cleanup(srv.Close)
	su = srv.URL
	if su == host.URL {
		t.Fatal("the host page and the search server share an origin")
	}
	return srv.URL, host.URL
}

func TestWidgetBrowser(t *testing.T) {
	browser := browsertest.Browser(t)
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })

	t.Run("on a host page with a strict CSP", func(t *testing.T) {
		searchURL, hostURL := startWidgetServers(t, live, true)
		b := newWidgetTab(t, browser, hostURL)
		b.open("/?ui=en")
		b.waitFor("the widget", `document.querySelector("[data-exsearch]").dataset.state === "ready" && `+sr+`.getElementById("xs-q") !== null`)
		if shifts := evalIn[float64](b.tab, `window.xsShifts`); shifts != 0 {
			t.Errorf("the widget shifted the layout by %v on load", shifts)
		}
		if v := evalIn[[]string](b.tab, `window.xsCSP`); len(v) > 0 {
			t.Errorf("CSP violations on the host page: %v", v)
		}
		// The host's custom property reaches into the shadow root.
		if got := evalIn[string](b.tab, `getComputedStyle(`+sr+`.querySelector(".box button")).backgroundColor`); got != "rgb(138, 43, 6)" {
			t.Errorf("the search button is %s, not the host's --exsearch-accent", got)
		}

		b.a11y("host page with the widget before a search (en)")

		b.typeQuery("deadlift")
		b.waitFor("results for deadlift", `new URLSearchParams(location.search).get("xs-q") === "deadlift" && `+sr+`.querySelector("a.hit-link") !== null`)
		found := b.widgetTotal()
		if titles := evalIn[string](b.tab, `[...`+sr+`.querySelectorAll("a.hit-link")].slice(0, 5).map((a) => a.textContent).join(" | ")`); !strings.Contains(strings.ToLower(titles), "deadlift") {
			t.Errorf("no deadlift in the first hits: %s", titles)
		}
		searches := evalIn[int](b.tab, `performance.getEntriesByType("resource").filter((e) => e.name.includes("/api/search") && e.name.includes("q=dead")).length`)
		if searches < 1 || searches > 3 {
			t.Errorf("8 keystrokes made %d searches; want them debounced into 1–3", searches)
		}
		if got, want := evalIn[string](b.tab, sr+`.querySelector("[aria-live]").textContent`), evalIn[string](b.tab, sr+`.getElementById("xs-summary").textContent`); got != want || got == "" {
			t.Errorf("announced %q, want %q", got, want)
		}
		// Highlights are text and <mark>, nothing else; links are http(s).
		if !evalIn[bool](b.tab, `[...`+sr+`.querySelectorAll(".hits *")].every((e) => ["li", "a", "p", "mark"].includes(e.localName)) && `+sr+`.querySelector(".hits mark") !== null`) {
			t.Error("the hits hold elements other than li, a, p and mark, or no mark")
		}
		if bad := evalIn[[]string](b.tab, `[...`+sr+`.querySelectorAll("a")].map((a) => a.href).filter((h) => !/^https?:/.test(h))`); len(bad) > 0 {
			t.Errorf("links that are not http(s): %v", bad)
		}
		if href := evalIn[string](b.tab, sr+`.querySelector("p.all a").href`); !strings.HasPrefix(href, searchURL+"/?") || !strings.Contains(href, "q=deadlift") {
			t.Errorf("the link to all results is %s", href)
		}
		b.shot("en-deadlift")
		b.a11y("host page with the widget's results (en)")

		// The keyboard goes from the box down the results and back.
		b.do("arrow down", chromedp.Evaluate[chromedp.Void](sr+`.getElementById("xs-q").focus()`), chromedp.KeyEvent(kb.ArrowDown))
		if !evalIn[bool](b.tab, sr+`.activeElement === `+sr+`.querySelector("a.hit-link")`) {
			t.Error("ArrowDown in the box does not reach the first result")
		}
		b.do("arrow up", chromedp.KeyEvent(kb.ArrowUp))
		if !evalIn[bool](b.tab, sr+`.activeElement.id === "xs-q"`) {
			t.Error("ArrowUp from the first result does not return to the box")
		}

		// A facet chip filters, from the keyboard, and keeps focus.
		value := evalIn[string](b.tab, `(() => { const c = `+sr+`.querySelector('button[data-facet="equipment"][data-value="barbell"]') || `+sr+`.querySelector('button[data-facet="equipment"]'); return c.dataset.value })()`)
		chip := fmt.Sprintf(sr+`.querySelector('button[data-facet="equipment"][data-value=%q]')`, value)
		b.do("press the chip", chromedp.Evaluate[chromedp.Void](chip+`.focus()`), chromedp.KeyEvent(" "))
		b.waitFor("the filter", fmt.Sprintf(`new URLSearchParams(location.search).get("xs-equipment") === %q && %s.getAttribute("aria-pressed") === "true"`, value, chip))
		filtered := b.widgetTotal()
		if filtered == 0 || filtered >= found {
			t.Errorf("deadlift with %s: %d of %d", value, filtered, found)
		}
		if !evalIn[bool](b.tab, sr+`.activeElement === `+chip) {
			t.Error("the pressed chip lost focus when the results were replaced")
		}
		b.shot("en-deadlift-" + value)

		// "Equipment I have" asks the API for equipment_mode=have.
		b.do("tick equipment I have", chromedp.Evaluate[chromedp.Void](sr+`.getElementById("xs-have").click()`))
		b.waitFor("equipment I have", `location.search.includes("xs-have=1") && performance.getEntriesByType("resource").some((e) => e.name.includes("equipment_mode=have")) && !`+sr+`.getElementById("xs-results").hasAttribute("aria-busy")`)
		if !evalIn[bool](b.tab, sr+`.getElementById("xs-have").checked`) {
			t.Error("equipment I have is not ticked after its search")
		}

		// Back undoes, Forward redoes, within the page.
		b.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))
		b.do("back", chromedp.Evaluate[chromedp.Void](`history.back()`))
		b.waitFor("without equipment I have", `!location.search.includes("xs-have") && `+sr+`.getElementById("xs-have") && !`+sr+`.getElementById("xs-have").checked && !`+sr+`.getElementById("xs-results").hasAttribute("aria-busy")`)
		b.do("back", chromedp.Evaluate[chromedp.Void](`history.back()`))
		b.waitFor("the search before the filter", fmt.Sprintf(`!location.search.includes("xs-equipment") && Number(%s.getElementById("xs-summary").dataset.total) === %d`, sr, found))
		if evalIn[string](b.tab, chip+`.getAttribute("aria-pressed")`) != "false" {
			t.Error("the chip is still pressed after Back")
		}
		b.do("forward", chromedp.Evaluate[chromedp.Void](`history.forward()`))
		b.waitFor("the filter again", fmt.Sprintf(`new URLSearchParams(location.search).get("xs-equipment") === %q && Number(%s.getElementById("xs-summary").dataset.total) === %d`, value, sr, filtered))
		if !evalIn[bool](b.tab, `window.sameDocument === true`) {
			t.Error("Back and Forward reloaded the host page")
		}
		// A shared URL opens on its search.
		b.open("/?ui=en&xs-q=deadlift&xs-equipment=" + value)
		b.waitFor("the search from the URL", fmt.Sprintf(`Number(%s.getElementById("xs-summary")?.dataset.total) === %d && %s.getElementById("xs-q").value === "deadlift"`, sr, filtered, sr))

		if v := evalIn[[]string](b.tab, `window.xsCSP`); len(v) > 0 {
			t.Errorf("CSP violations on the host page: %v", v)
		}
		if msgs := b.console(); len(msgs) > 0 {
			t.Errorf("the console has: %s", strings.Join(msgs, "; "))
		}
	})

	t.Run("in Danish, Norwegian and German", func(t *testing.T) {
		_, hostURL := startWidgetServers(t, live, true)
		for _, c := range []struct{ ui, placeholder, query, legend string }{
			{"da", "Søg efter øvelser og artikler", "bænkpres", "Udstyr"},
			{"no", "Søk etter øvelser og artikler", "knebøy", "Utstyr"},
			{"de", "Übungen und Artikel suchen", "Kniebeuge", "Ausrüstung"},
		} {
			b := newWidgetTab(t, browser, hostURL)
			b.open("/?ui=" + c.ui)
			b.waitFor("the widget", sr+`?.getElementById("xs-q") != null`)
			if got := evalIn[string](b.tab, sr+`.getElementById("xs-q").placeholder`); got != c.placeholder {
				t.Errorf("%s: placeholder %q, want %q", c.ui, got, c.placeholder)
			}
			b.typeQuery(c.query)
			b.waitFor(c.ui+" results", sr+`.querySelector("a.hit-link") !== null`)
			if got := evalIn[string](b.tab, sr+`.getElementById("xs-f-equipment").textContent`); got != c.legend {
				t.Errorf("%s: equipment legend %q, want %q", c.ui, got, c.legend)
			}
			b.shot(c.ui + "-" + browsertest.Name(c.query))
			b.a11y("host page with the widget's results (" + c.ui + ")")
			if msgs := b.console(); len(msgs) > 0 {
				t.Errorf("%s: the console has: %s", c.ui, strings.Join(msgs, "; "))
			}
		}
	})

	t.Run("a refused search", func(t *testing.T) {
		searchURL, hostURL := startWidgetServers(t, live, true)
		b := newWidgetTab(t, browser, hostURL)
		b.open("/?ui=en")
		b.waitFor("the widget", sr+`?.getElementById("xs-q") != null`)
		// Over search.MaxQueryWords words: the API answers 400.
		b.do("a very long query", chromedp.Evaluate[chromedp.Void](`(() => { const q = `+sr+`.getElementById("xs-q"); q.value = "squat ".repeat(40).trim(); q.dispatchEvent(new Event("input")); })()`))
		b.waitFor("the link to the search page", sr+`.querySelector("#xs-results p.empty a") !== null`)
		if href := evalIn[string](b.tab, sr+`.querySelector("#xs-results p.empty a").href`); !strings.HasPrefix(href, searchURL+"/?q=squat") {
			t.Errorf("the refused search links %s", href)
		}
		// The box stays and searches again.
		b.do("clear", chromedp.Evaluate[chromedp.Void](`(() => { const q = `+sr+`.getElementById("xs-q"); q.value = ""; q.focus(); })()`))
		b.do("type", chromedp.KeyEvent("lunge"))
		b.waitFor("results for lunge", sr+`.querySelector("a.hit-link") !== null && document.querySelector("[data-exsearch]").dataset.state === "ready"`)
	})

	t.Run("phone", func(t *testing.T) {
		_, hostURL := startWidgetServers(t, live, true)
		b := newWidgetTab(t, browser, hostURL)
		b.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		b.open("/?ui=da&xs-q=squat&xs-have=1&xs-equipment=dumbbell")
		b.waitFor("results", sr+`?.querySelector("a.hit-link") != null`)
		if w := evalIn[int](b.tab, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the host page is %d px wide at 360 with the widget: it scrolls sideways", w)
		}
		b.shot("da-phone")
		b.a11y("host page on a phone (da)")
	})

	t.Run("without --cors-origins", func(t *testing.T) {
		searchURL, hostURL := startWidgetServers(t, live, false)
		b := newWidgetTab(t, browser, hostURL)
		b.open("/?ui=da")
		b.waitFor("the widget to give up", `document.querySelector("[data-exsearch]").dataset.state === "down"`)
		// The host's own link shows, where the widget would have been.
		if !evalIn[bool](b.tab, `(() => { const a = document.querySelector("[data-exsearch] a"); return a.assignedSlot !== null && a.getBoundingClientRect().height > 0 })()`) {
			t.Error("the host's link to the search page does not show")
		}
		if evalIn[bool](b.tab, sr+`.getElementById("xs-q")?.isConnected === true`) {
			t.Error("the search box shows though it cannot search")
		}
		if shifts := evalIn[float64](b.tab, `window.xsShifts`); shifts != 0 {
			t.Errorf("failing shifted the layout by %v", shifts)
		}
		b.shot("da-no-cors")
		b.a11y("host page, widget down (da)")

		// Without a link of the host's, the widget makes one.
		b.open("/?ui=da&empty=1")
		b.waitFor("the widget's own link", sr+`.querySelector("p.down a") !== null`)
		if href := evalIn[string](b.tab, sr+`.querySelector("p.down a").href`); !strings.HasPrefix(href, searchURL+"/?") || !strings.Contains(href, "ui=da") {
			t.Errorf("the widget's link is %s", href)
		}
		if got := evalIn[string](b.tab, sr+`.querySelector("p.down a").textContent`); got != "Søg i øvelser og artikler på søgesiden" {
			t.Errorf("the widget's link says %q", got)
		}
		// The browser reports the refused request (an error or two per
		// page); the widget itself logs and throws nothing, and asks once.
		var ours []string
		for _, m := range b.console() {
			if !strings.Contains(m, "(network)") && !strings.Contains(m, "CORS") {
				ours = append(ours, m)
			}
		}
		if len(ours) > 0 || len(b.console()) > 4 {
			t.Errorf("the console has: %s", strings.Join(b.console(), "; "))
		}
		t.Logf("console of two page views: %s", strings.Join(b.console(), "; "))
	})
}

// The widget's files through the real server: loadable from other origins,
// cached as widget.go says, compressed, and revalidated by ETag.
func TestWidgetRoutes(t *testing.T) {
	srv := startServer(t)
	status, body, h := get(t, srv, "/widget.js")
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/javascript") {
		t.Fatalf("/widget.js: %d %s", status, h.Get("Content-Type"))
	}
	if got := h.Get("Cross-Origin-Resource-Policy"); got != "cross-origin" {
		t.Errorf("/widget.js: Cross-Origin-Resource-Policy %q", got)
	}
	if got := h.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("/widget.js: Cache-Control %q", got)
	}
	if !strings.Contains(body, `"placeholder":"Søg efter øvelser og artikler"`) {
		t.Error("/widget.js lacks its Danish messages")
	}
	if status, _, _ := get(t, srv, "/widget.js", "If-None-Match", h.Get("ETag")); status != http.StatusNotModified {
		t.Errorf("/widget.js with its ETag: %d, want 304", status)
	}
	_, gz, h := get(t, srv, "/widget.js", "Accept-Encoding", "gzip")
	if h.Get("Content-Encoding") != "gzip" {
		t.Errorf("/widget.js is not compressed: Content-Encoding %q", h.Get("Content-Encoding"))
	}
	t.Logf("/widget.js sent gzipped: %d B", len(gz))
	css := regexp.MustCompile(`"(/widget\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("/widget.js links no stylesheet")
	}
	status, _, h = get(t, srv, css[1])
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/css") ||
		h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Errorf("%s: %d, %s, Cache-Control %q, CORP %q", css[1], status, h.Get("Content-Type"), h.Get("Cache-Control"), h.Get("Cross-Origin-Resource-Policy"))
	}
	if _, _, h := get(t, srv, "/widget.css?v=old"); h.Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("/widget.css with an old fingerprint: Cache-Control %q", h.Get("Cache-Control"))
	}
}
