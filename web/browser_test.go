package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/exsearch/exsearch/internal/browsertest"
)

// The search page in a real browser (headless Chromium), against a real
// server on the shared corpora: instant search, facets, history, language,
// documents, keyboard, the page without JavaScript, a phone-sized screen,
// page weight and an automated accessibility check (axe-core). Screenshots
// of the main states go to the artifacts directory.

// tab is one browser tab of a test, with its server.
type tab struct {
	t   *testing.T
	ctx context.Context
	srv string
	axe string
}

func newTab(t *testing.T, browser context.Context, srv string) *tab {
	return &tab{t: t, ctx: browsertest.Tab(t, browser), srv: srv}
}

// do runs steps, each bounded by browsertest.StepTimeout.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	for _, s := range steps {
		ctx, cancel := context.WithTimeout(b.ctx, browsertest.StepTimeout)
		err := chromedp.Do(ctx, s)
		cancel()
		if err != nil {
			b.t.Fatalf("%s: %v", what, err)
		}
	}
}

func evalIn[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browsertest.StepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitFor waits until the JavaScript condition holds.
func (b *tab) waitFor(what, cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browsertest.StepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		b.t.Fatalf("waiting for %s (%s): %v; the page is at %s", what, cond, err, evalIn[string](b, "location.href"))
	}
}

// open loads a page and waits for it to be ready (its script run).
func (b *tab) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.srv+path))
	b.waitFor("the page", `document.readyState === "complete"`)
}

// navigateBy runs an action that leaves the page (a click on a link to
// another page) and waits for the next one to load.
func (b *tab) navigateBy(what string, action chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browsertest.StepTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, action)); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

func (b *tab) total() int {
	b.t.Helper()
	return evalIn[int](b, `Number(document.getElementById("summary").dataset.total)`)
}

func (b *tab) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browsertest.StepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(browsertest.Artifacts(b.t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

// checkA11y runs axe-core on the page and fails on serious and critical
// violations (contrast, names, labels, landmarks, ARIA, …).
func (b *tab) checkA11y(state string) {
	b.t.Helper()
	if b.axe == "" {
		b.axe = browsertest.Axe(b.t)
	}
	if !evalIn[bool](b, `typeof window.axe === "object"`) {
		b.do("inject axe-core", chromedp.Evaluate[chromedp.Void](b.axe))
	}
	type violation struct {
		ID, Impact, Help string
		Nodes            []struct{ Target []any }
	}
	ctx, cancel := context.WithTimeout(b.ctx, browsertest.StepTimeout)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("axe on %s: %v", state, err)
	}
	var vs []violation
	if err := json.Unmarshal(raw, &vs); err != nil {
		b.t.Fatal(err)
	}
	for _, v := range vs {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %s", state, v.ID, v.Impact, v.Help, strings.Join(where, ", "))
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
}

func TestBrowser(t *testing.T) {
	srv := startServer(t)
	browser := browsertest.Browser(t)

	// First, while the browser's cache is empty: what a first visit costs.
	t.Run("page weight", func(t *testing.T) {
		b := newTab(t, browser, srv.URL)
		b.open("/?ui=en")
		type entry struct {
			Name     string
			Transfer int
		}
		entries := evalIn[[]entry](b, `[performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")]
			.map(e => ({Name: e.name, Transfer: e.transferSize}))`)
		total := 0
		var parts []string
		for _, e := range entries {
			if strings.Contains(e.Name, "favicon.ico") {
				t.Errorf("the browser looked for %s: the page names no icon", e.Name)
			}
			if e.Transfer == 0 {
				t.Errorf("%s came from a cache on a first visit", e.Name)
			}
			total += e.Transfer
			parts = append(parts, fmt.Sprintf("%s %d B", strings.TrimPrefix(e.Name, srv.URL), e.Transfer))
		}
		t.Logf("first view of / (all documents, all facets): %d bytes: %s", total, strings.Join(parts, ", "))
		if total > 100*1024 || len(entries) < 3 {
			t.Errorf("first view: %d requests, %d bytes; want the page, its stylesheet and script within 100 KB", len(entries), total)
		}
		// A second view takes the assets from the cache.
		b.open("/?ui=en&q=squat")
		if n := evalIn[int](b, `performance.getEntriesByType("resource").filter(e => e.transferSize > 0).length`); n != 0 {
			t.Errorf("second view fetched %d assets again", n)
		}
	})

	t.Run("instant search, facets, history, language, document", func(t *testing.T) {
		b := newTab(t, browser, srv.URL)
		b.open("/?ui=en")
		b.waitFor("the script", `document.documentElement.classList.contains("js")`)
		all := b.total()
		b.do("mark the page", chromedp.Evaluate[chromedp.Void](`window.sameDocument = true`))

		// Typing updates results and URL in place, debounced.
		b.do("type", chromedp.SendKeys(chromedp.CSS("#q"), "deadlift"))
		b.waitFor("results for deadlift", `document.getElementById("summary").textContent.includes("“deadlift”") && location.search.includes("q=deadlift")`)
		if !evalIn[bool](b, `window.sameDocument === true`) {
			t.Fatal("typing reloaded the page")
		}
		fetches := evalIn[int](b, `performance.getEntriesByType("resource").filter(e => e.initiatorType === "fetch").length`)
		if fetches < 1 || fetches > 3 {
			t.Errorf("8 keystrokes made %d requests; want them debounced into 1–3", fetches)
		}
		found := b.total()
		if found == 0 || found >= all {
			t.Fatalf("deadlift: %d of %d", found, all)
		}
		if titles := evalIn[string](b, `[...document.querySelectorAll("a.hit-link")].slice(0, 5).map(a => a.textContent).join(" | ")`); !strings.Contains(strings.ToLower(titles), "deadlift") {
			t.Errorf("no deadlift in the first hits: %s", titles)
		}
		if got, want := evalIn[string](b, `document.getElementById("announce").textContent`), evalIn[string](b, `document.getElementById("summary").textContent.replace(/\s+/g, " ").trim()`); got != want {
			t.Errorf("announced %q, want %q", got, want)
		}

		// Ticking a facet narrows results, changes other facets' counts and the URL.
		muscles := evalIn[string](b, `document.querySelector("fieldset.facet-muscle").textContent`)
		b.do("tick barbell", chromedp.Click(chromedp.CSS(`fieldset.facet-equipment input[value="barbell"]`)))
		b.waitFor("the barbell filter", `location.search.includes("equipment=barbell") && document.querySelector("ul.chips a.chip.selected") !== null`)
		withBarbell := b.total()
		if withBarbell == 0 || withBarbell >= found {
			t.Errorf("deadlift with barbell: %d of %d", withBarbell, found)
		}
		if evalIn[string](b, `document.querySelector("fieldset.facet-muscle").textContent`) == muscles {
			t.Error("muscle counts did not change with the equipment filter")
		}
		if !evalIn[bool](b, `document.activeElement.matches('input[value="barbell"]')`) {
			t.Error("the ticked checkbox lost focus when the results were replaced")
		}
		b.screenshot("en-deadlift-barbell")
		b.checkA11y("results with a filter (en)")

		// Back undoes the filter; Forward brings it back.
		b.do("back", chromedp.Evaluate[chromedp.Void](`history.back()`))
		b.waitFor("the search before the filter", fmt.Sprintf(`!location.search.includes("equipment") && Number(document.getElementById("summary").dataset.total) === %d`, found))
		if evalIn[bool](b, `document.querySelector('input[value="barbell"]').checked`) {
			t.Error("barbell still ticked after Back")
		}
		b.do("forward", chromedp.Evaluate[chromedp.Void](`history.forward()`))
		b.waitFor("the filter again", fmt.Sprintf(`location.search.includes("equipment=barbell") && Number(document.getElementById("summary").dataset.total) === %d`, withBarbell))
		if !evalIn[bool](b, `window.sameDocument === true`) {
			t.Fatal("Back and Forward reloaded the page")
		}

		// A hit's facet chip applies its filter.
		chip := evalIn[string](b, `document.querySelector("li.hit a.chip-muscle").getAttribute("href")`)
		b.do("click a hit's muscle", chromedp.Click(chromedp.CSS("li.hit a.chip-muscle")))
		b.waitFor("the muscle filter", fmt.Sprintf(`location.pathname + location.search === %q`, chip))

		// Switching the language keeps the search and its filters.
		b.navigateBy("switch to German", chromedp.Click(chromedp.CSS(`.ui-langs a[data-ui="de"]`)))
		b.waitFor("German", `document.documentElement.lang === "de"`)
		if evalIn[string](b, `document.querySelector("fieldset.facet-equipment legend").textContent`) != "Ausrüstung" ||
			evalIn[string](b, `document.getElementById("q").value`) != "deadlift" ||
			!evalIn[bool](b, `document.querySelector('input[value="barbell"]').checked`) {
			t.Error("the language switch lost the search or left labels untranslated")
		}

		// A document opens on its own page.
		b.navigateBy("open a document", chromedp.Click(chromedp.CSS("a.hit-link")))
		b.waitFor("the document page", `location.pathname.startsWith("/d/") && document.querySelector("article h1") !== null`)
		b.screenshot("de-document")
		b.checkA11y("document page (de)")
	})

	t.Run("facet selected, in Danish and German", func(t *testing.T) {
		for _, c := range []struct {
			ui, query, facet, value, legend string
		}{
			{"da", "bænkpres", "equipment", "dumbbell", "Udstyr"},
			{"de", "Kniebeuge", "muscle", "quadriceps", "Muskelgruppe"},
		} {
			b := newTab(t, browser, srv.URL)
			b.open("/?ui=" + c.ui)
			b.waitFor("the script", `document.documentElement.classList.contains("js")`)
			b.do("type", chromedp.SendKeys(chromedp.CSS("#q"), c.query))
			b.waitFor("results", fmt.Sprintf(`new URLSearchParams(location.search).get("q") === %q && document.querySelector("a.hit-link") !== null`, c.query))
			b.do("tick", chromedp.Click(chromedp.CSS(fmt.Sprintf(`fieldset.facet-%s input[value=%q]`, c.facet, c.value))))
			b.waitFor("the filter", fmt.Sprintf(`location.search.includes(%q) && document.querySelector("ul.chips") !== null`, c.facet+"="+c.value))
			if got := evalIn[string](b, fmt.Sprintf(`document.querySelector("fieldset.facet-%s legend").textContent`, c.facet)); got != c.legend {
				t.Errorf("%s: legend %q", c.ui, got)
			}
			b.screenshot(c.ui + "-" + browsertest.Name(c.query) + "-" + c.value)
			b.checkA11y("results with a filter (" + c.ui + ")")
		}
	})

	t.Run("alternatives, in four languages", func(t *testing.T) {
		const id = "corpus/motionsplan/_exercises/bulgarian-split-squat-39"
		for _, c := range []struct{ ui, heading string }{{"da", "Alternativer"}, {"no", "Alternativer"}, {"de", "Alternativen"}, {"en", "Alternatives"}} {
			b := newTab(t, browser, srv.URL)
			b.open("/d/" + id + "?ui=" + c.ui)
			if got := evalIn[string](b, `document.getElementById("alternatives").textContent`); got != c.heading {
				t.Errorf("%s: heading %q", c.ui, got)
			}
			if evalIn[int](b, `document.querySelectorAll(".alternatives-list li .because span").length`) == 0 {
				t.Errorf("%s: no reasons", c.ui)
			}
			if c.ui != "da" {
				continue
			}
			// Tick "I have: dumbbells" and submit: the choice is in the URL,
			// checked again on the page it leads to, and the list changes.
			before := evalIn[string](b, `[...document.querySelectorAll(".alternatives-list li > a")].map(a => a.textContent).join("|")`)
			b.do("tick dumbbells", chromedp.Click(chromedp.CSS(`form.have input[value="dumbbell"]`)))
			b.navigateBy("show alternatives", chromedp.Click(chromedp.CSS(`form.have button`)))
			b.waitFor("the choice in the URL", `new URLSearchParams(location.search).getAll("equipment").join() === "dumbbell" && location.hash === "#alternatives"`)
			if !evalIn[bool](b, `document.querySelector('form.have input[value="dumbbell"]').checked`) {
				t.Error("the choice is not checked after submitting")
			}
			after := evalIn[string](b, `[...document.querySelectorAll(".alternatives-list li > a")].map(a => a.textContent).join("|")`)
			if after == before {
				t.Error("the alternatives did not change with the equipment")
			}
			b.screenshot("da-alternatives-dumbbell")
			b.checkA11y("alternatives (da)")
		}
	})

	t.Run("no results", func(t *testing.T) {
		b := newTab(t, browser, srv.URL)
		b.open("/?ui=en&q=romanian+dedlift&muscle=chest")
		if got := evalIn[string](b, `document.querySelector("p.didyoumean a").textContent`); got != "romanian deadlift" {
			t.Errorf("did you mean %q", got)
		}
		b.screenshot("en-no-results")
		b.checkA11y("no results (en)")
		b.do("take the correction", chromedp.Click(chromedp.CSS("p.didyoumean a")))
		b.waitFor("the corrected search", `new URLSearchParams(location.search).get("q") === "romanian deadlift" && document.getElementById("q").value === "romanian deadlift"`)
		b.do("drop the filters", chromedp.Click(chromedp.CSS("ul.chips a.clearall")))
		b.waitFor("results", `!location.search.includes("muscle") && Number(document.getElementById("summary").dataset.total) > 0`)
	})

	t.Run("keyboard", func(t *testing.T) {
		b := newTab(t, browser, srv.URL)
		b.open("/?ui=en&q=squat")
		b.waitFor("the script", `document.documentElement.classList.contains("js")`)
		b.do("tab into the page", chromedp.KeyEvent(kb.Tab))
		if !evalIn[bool](b, `document.activeElement.classList.contains("skip") && getComputedStyle(document.activeElement).top !== "-48px"`) {
			t.Error("the first Tab does not reach a visible skip link")
		}
		b.do("arrow down from the search box", chromedp.Focus(chromedp.CSS("#q")), chromedp.KeyEvent(kb.ArrowDown))
		if !evalIn[bool](b, `document.activeElement === document.querySelectorAll("a.hit-link")[0]`) {
			t.Error("ArrowDown in the search box does not reach the first result")
		}
		b.do("next result", chromedp.KeyEvent(kb.ArrowDown))
		if !evalIn[bool](b, `document.activeElement === document.querySelectorAll("a.hit-link")[1]`) {
			t.Error("ArrowDown does not move to the next result")
		}
		b.do("back up", chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
		if !evalIn[bool](b, `document.activeElement.id === "q"`) {
			t.Error("ArrowUp from the first result does not return to the search box")
		}
		if evalIn[string](b, `(() => { const q = document.getElementById("q"); q.focus(); return getComputedStyle(q).outlineStyle })()`) == "none" {
			t.Error("the focused search box shows no focus outline")
		}
		// A checkbox toggled with the space bar filters, and keeps focus.
		value := evalIn[string](b, `document.querySelector("fieldset.facet-focus input").value`)
		b.do("space on a facet", chromedp.Focus(chromedp.CSS("fieldset.facet-focus input")), chromedp.KeyEvent(" "))
		b.waitFor("the focus filter", fmt.Sprintf(`location.search.includes("focus=%s")`, value))
		if !evalIn[bool](b, fmt.Sprintf(`document.activeElement.matches('input[name="focus"][value=%q]')`, value)) {
			t.Error("focus lost after filtering from the keyboard")
		}
	})

	t.Run("without JavaScript", func(t *testing.T) {
		b := newTab(t, browser, srv.URL)
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		b.open("/?ui=en")
		if evalIn[bool](b, `document.documentElement.classList.contains("js")`) {
			t.Fatal("scripts ran")
		}
		b.do("type", chromedp.SendKeys(chromedp.CSS("#q"), "lunge"))
		b.navigateBy("submit", chromedp.Click(chromedp.CSS(".querybox button[type=submit]")))
		b.waitFor("results for lunge", `location.search.includes("q=lunge") && Number(document.getElementById("summary").dataset.total) > 0`)
		b.do("tick", chromedp.Click(chromedp.CSS(`fieldset.facet-lang input[value="en"]`)))
		b.navigateBy("apply the filters", chromedp.Click(chromedp.CSS("button.apply")))
		b.waitFor("the filter", `location.search.includes("lang=en") && location.search.includes("q=lunge")`)
		b.screenshot("en-no-javascript")
	})

	t.Run("phone", func(t *testing.T) {
		b := newTab(t, browser, srv.URL)
		b.do("phone screen", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		b.open("/?ui=da&q=squat&equipment=barbell")
		b.waitFor("the script", `document.documentElement.classList.contains("js")`)
		if w := evalIn[int](b, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360: it scrolls sideways", w)
		}
		if evalIn[bool](b, `document.querySelector(".filterbox").open`) {
			t.Error("the filters are not folded on a phone")
		}
		if top := evalIn[float64](b, `document.querySelector("a.hit-link").getBoundingClientRect().top`); top > 740 {
			t.Errorf("the first result starts %v px down, below the first screen", top)
		}
		b.screenshot("da-phone")
		b.checkA11y("phone (da)")
		b.do("open the filters", chromedp.Click(chromedp.CSS(".filterbox > summary")))
		b.waitFor("open filters", `document.querySelector(".filterbox").open`)
		b.screenshot("da-phone-filters")
	})
}
