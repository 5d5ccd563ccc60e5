package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/exsearch/exsearch/internal/browsertest"
	"github.com/exsearch/exsearch/search"
)

// The API says what it read in the query, and understand=off searches the
// words as typed.
func TestAPIUnderstood(t *testing.T) {
	srv := startServer(t)
	q := "/api/search?ui=da&size=20&q=" + url.QueryEscape("uden udstyr armbøjninger")
	var res search.Result
	getJSON(t, srv, q, 200, &res)
	if len(res.Understood) != 1 {
		t.Fatalf("understood %+v, want one reading", res.Understood)
	}
	u := res.Understood[0]
	if u.Facet != "equipment" || u.Value != "bodyweight" || u.Label != "Kropsvægt" || u.From != "uden udstyr" || u.Mode != "filter" {
		t.Errorf("understood %+v", u)
	}
	for _, h := range res.Hits {
		if !strings.Contains(fmt.Sprint(h.Equipment), "bodyweight") {
			t.Errorf("%s needs %v", h.Title, h.Equipment)
		}
	}
	var lit search.Result
	getJSON(t, srv, q+"&understand=off", 200, &lit)
	if len(lit.Understood) != 0 || lit.Total == res.Total {
		t.Errorf("understand=off: understood %+v, %d hits (understood: %d)", lit.Understood, lit.Total, res.Total)
	}
	// Always a list, never absent or null.
	for _, path := range []string{"/api/search?q=squat", q + "&understand=off", "/api/search?size=0"} {
		if _, body, _ := get(t, srv, path); !strings.Contains(body, `"understood":[`) {
			t.Errorf("%s: no understood list in %.200s", path, body)
		}
	}
	status, body, _ := get(t, srv, "/api/search?q=squat&understand=maybe")
	if status != 400 || !strings.Contains(body, "understand") {
		t.Errorf("understand=maybe: %d %s", status, body)
	}
}

// The page shows each reading as a chip in the interface language, whose
// link searches the words as typed.
func TestPageUnderstoodChip(t *testing.T) {
	srv := startServer(t)
	for _, c := range []struct{ ui, q, chip string }{
		{"da", "uden udstyr armbøjninger", "Kun kropsvægt"},
		{"no", "armhevinger uten utstyr", "Bare kroppsvekt"},
		{"de", "ohne Geräte Liegestütze", "Nur Körpergewicht"},
		{"en", "no equipment push-up", "Bodyweight only"},
		{"da", "numse øvelser", "Baller først"},
		{"en", "squat at home", "At home first"},
	} {
		doc := getDoc(t, srv, "/?ui="+c.ui+"&q="+url.QueryEscape(c.q))
		chips := doc.Find("ul.chips.understood a.chip")
		if chips.Length() != 1 {
			t.Errorf("%s %q: %d understood chips", c.ui, c.q, chips.Length())
			continue
		}
		if got := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(chips.Text()), "×")); got != c.chip {
			t.Errorf("%s %q: chip %q, want %q", c.ui, c.q, got, c.chip)
		}
		if l := chips.AttrOr("aria-label", ""); !strings.Contains(l, c.chip) {
			t.Errorf("%s %q: aria-label %q does not name the chip", c.ui, c.q, l)
		}
		v := query(t, chips.AttrOr("href", ""))
		if v.Get("q") != c.q || v.Get("understand") != "off" || v.Get("ui") != c.ui {
			t.Errorf("%s %q: the chip leads to %v", c.ui, c.q, v)
		}
		lit := getDoc(t, srv, chips.AttrOr("href", ""))
		if lit.Find("ul.chips.understood").Length() != 0 {
			t.Errorf("%s %q: the literal search still shows what was understood", c.ui, c.q)
		}
		// The form keeps the literal search while the visitor refines it.
		if lit.Find(`form input[type=hidden][name=understand][value=off]`).Length() != 1 {
			t.Errorf("%s %q: the literal search's form does not keep understand=off", c.ui, c.q)
		}
	}
}

// In a browser: typing words that mean a filter shows the chip, the hits
// are filtered, and removing the chip from the keyboard searches the words
// as typed.
func TestBrowserUnderstood(t *testing.T) {
	srv := startServer(t)
	browser := browsertest.Browser(t)
	b := newTab(t, browser, srv.URL)
	b.open("/?ui=da")
	b.waitFor("the script", `document.documentElement.classList.contains("js")`)
	b.do("type", chromedp.SendKeys(chromedp.CSS("#q"), "uden udstyr armbøjninger"))
	b.waitFor("the understood chip", `document.querySelector("ul.chips.understood a.chip") !== null && new URLSearchParams(location.search).get("q") === "uden udstyr armbøjninger"`)
	if got := evalIn[string](b, `document.querySelector("ul.chips.understood a.chip").textContent.replace("×", "").trim()`); got != "Kun kropsvægt" {
		t.Errorf("chip %q, want Kun kropsvægt", got)
	}
	understood := b.total()
	if n := evalIn[int](b, `[...document.querySelectorAll("li.hit")].filter(h => ![...h.querySelectorAll("a.chip-equipment")].some(a => a.textContent === "Kropsvægt")).length`); n != 0 || understood == 0 {
		t.Errorf("%d of %d hits need more than bodyweight", n, understood)
	}
	b.screenshot("da-understood")
	b.checkA11y("understood chip (da)")

	b.do("remove the chip with the keyboard", chromedp.Focus(chromedp.CSS("ul.chips.understood a.chip")), chromedp.KeyEvent(kb.Enter))
	b.waitFor("the literal search", `new URLSearchParams(location.search).get("understand") === "off" && document.querySelector("ul.chips.understood") === null`)
	if got := evalIn[string](b, `new URLSearchParams(location.search).get("q")`); got != "uden udstyr armbøjninger" {
		t.Errorf("the literal search is for %q", got)
	}
	if b.total() == understood {
		t.Errorf("the literal search finds the same %d documents", understood)
	}
}
