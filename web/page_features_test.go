package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func getDoc(t *testing.T, srv *httptest.Server, path string, header ...string) *goquery.Document {
	t.Helper()
	status, body, _ := get(t, srv, path, header...)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d", path, status)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func query(t *testing.T, href string) url.Values {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// The visitor's selections are chips that each remove one, with "clear
// all"; a hit's facet values are links that add that filter.
func TestPageChipsAndFilterLinks(t *testing.T) {
	srv := startServer(t)
	doc := getDoc(t, srv, "/?q=squat&muscle=legs&equipment=barbell&ui=da&page=2")
	chips := doc.Find("ul.chips a.chip.selected")
	if chips.Length() != 2 {
		t.Fatalf("want 2 selected chips, got %d", chips.Length())
	}
	for i, want := range []struct{ label, keeps, drops string }{
		{"Ben", "equipment", "muscle"}, {"Vægtstang", "muscle", "equipment"},
	} {
		c := chips.Eq(i)
		if !strings.HasPrefix(c.Text(), want.label) {
			t.Errorf("chip %d: %q, want %s", i, c.Text(), want.label)
		}
		if l, _ := c.Attr("aria-label"); l != "Fjern filteret "+want.label {
			t.Errorf("chip %d: aria-label %q", i, l)
		}
		v := query(t, c.AttrOr("href", ""))
		if v.Get("q") != "squat" || v.Get("ui") != "da" || v.Get(want.keeps) == "" || v.Has(want.drops) || v.Has("page") {
			t.Errorf("chip %s removes wrongly: %v", want.label, v)
		}
	}
	if v := query(t, doc.Find("ul.chips a.clearall").AttrOr("href", "")); v.Get("q") != "squat" || v.Has("muscle") || v.Has("equipment") {
		t.Errorf("clear all: %v", v)
	}
	// Facet chips of a hit add their value to the filters.
	link := doc.Find("li.hit a.chip-equipment").First()
	v := query(t, link.AttrOr("href", ""))
	if len(v["equipment"]) < 1 || v.Get("muscle") != "legs" || v.Has("page") || link.AttrOr("data-nav", "x") != "" {
		t.Errorf("hit chip %q → %v", link.Text(), v)
	}
	// Nothing selected, no chips.
	if getDoc(t, srv, "/?q=squat").Find("ul.chips").Length() != 0 {
		t.Error("chips without a selection")
	}
}

// Long facet lists show their first values and keep the rest behind "show
// more", which is open when a value behind it is selected.
func TestPageShowMore(t *testing.T) {
	srv := startServer(t)
	doc := getDoc(t, srv, "/?ui=en")
	eq := doc.Find("fieldset.facet-equipment")
	shown := eq.Children().Filter("label").Not(".mode").Length()
	more := eq.Find("details.more label").Length()
	if shown != 8 || more == 0 {
		t.Fatalf("equipment: %d shown, %d more", shown, more)
	}
	if s := eq.Find("details.more > summary").Text(); s != "Show "+strconv.Itoa(more)+" more" {
		t.Errorf("summary %q", s)
	}
	if _, open := eq.Find("details.more").Attr("open"); open {
		t.Error("show more open without a selection behind it")
	}
	hidden := eq.Find("details.more input").First().AttrOr("value", "")
	doc = getDoc(t, srv, "/?ui=en&equipment="+hidden)
	if _, open := doc.Find("fieldset.facet-equipment details.more").Attr("open"); !open {
		t.Errorf("show more closed while %s behind it is selected", hidden)
	}
	// Hierarchy: children follow their parent, indented.
	doc = getDoc(t, srv, "/?ui=en")
	legs := doc.Find(`fieldset.facet-muscle input[value="legs"]`).Parent()
	if !legs.Next().HasClass("child") {
		t.Error("muscle children do not follow their parent")
	}
}

// No results: a spelling correction, and how many the query finds without
// the filters.
func TestPageNoResults(t *testing.T) {
	srv := startServer(t)
	doc := getDoc(t, srv, "/?q=romanian+dedlift&muscle=chest&ui=de")
	dym := doc.Find("p.didyoumean a")
	if dym.Text() != "romanian deadlift" {
		t.Errorf("did you mean %q", dym.Text())
	}
	if v := query(t, dym.AttrOr("href", "")); v.Get("q") != "romanian deadlift" || v.Get("muscle") != "chest" || v.Get("ui") != "de" {
		t.Errorf("did you mean link %v", v)
	}
	empty := doc.Find("div.empty")
	if !strings.Contains(empty.Text(), "Keine Ergebnisse für „romanian dedlift“") {
		t.Errorf("empty state %q", empty.Text())
	}
	without := empty.Find("a")
	if !strings.Contains(without.Text(), "Ergebnisse ohne Filter anzeigen") {
		t.Errorf("no offer to drop the filters: %q", without.Text())
	}
	if v := query(t, without.AttrOr("href", "")); v.Has("muscle") || v.Get("q") != "romanian dedlift" {
		t.Errorf("without filters link %v", v)
	}
	// A known word has nothing to correct.
	if getDoc(t, srv, "/?q=deadlift").Find("p.didyoumean").Length() != 0 {
		t.Error("a correction for a known word")
	}
}

// The script asks for the results fragment only; it is the same markup as
// the page's, without the page around it.
func TestPageFragment(t *testing.T) {
	srv := startServer(t)
	_, full, h := get(t, srv, "/?q=squat&ui=no")
	_, frag, _ := get(t, srv, "/?q=squat&ui=no", "X-Exsearch-Fragment", "results")
	if strings.Contains(frag, "<html") || strings.Contains(frag, "<header") || !strings.Contains(frag, `id="summary"`) {
		t.Fatalf("fragment is not the results part: %.200s", frag)
	}
	if !strings.Contains(full, strings.TrimSpace(frag)) {
		t.Error("the fragment differs from the page's results")
	}
	if vary := strings.Join(h.Values("Vary"), ","); !strings.Contains(vary, "X-Exsearch-Fragment") {
		t.Errorf("Vary %q", vary)
	}
}

// Assets have fingerprinted URLs that may be cached for a year; the
// fingerprint is their ETag.
func TestAssets(t *testing.T) {
	srv := startServer(t)
	doc := getDoc(t, srv, "/")
	for _, sel := range []string{`link[rel=stylesheet]`, `script[src]`} {
		el := doc.Find(sel)
		href := el.AttrOr("href", el.AttrOr("src", ""))
		v := query(t, href)
		if v.Get("v") == "" {
			t.Fatalf("%s: no fingerprint in %q", sel, href)
		}
		if _, defer_ := el.Attr("defer"); sel == `script[src]` && !defer_ {
			t.Error("script blocks rendering")
		}
		status, _, h := get(t, srv, href)
		if status != 200 || h.Get("Cache-Control") != "public, max-age=31536000, immutable" || h.Get("ETag") != `"`+v.Get("v")+`"` {
			t.Errorf("%s: %d %v", href, status, h)
		}
		path := strings.SplitN(href, "?", 2)[0]
		if _, _, h := get(t, srv, path); !strings.Contains(h.Get("Cache-Control"), "max-age=300") {
			t.Errorf("%s without a fingerprint: %q", path, h.Get("Cache-Control"))
		}
		if status, body, _ := get(t, srv, path, "If-None-Match", h.Get("ETag")); status != http.StatusNotModified || body != "" {
			t.Errorf("%s If-None-Match: %d", path, status)
		}
	}
	if status, _, _ := get(t, srv, "/static/../page.go"); status != http.StatusNotFound {
		t.Errorf("path escape: %d", status)
	}
	if status, _, _ := get(t, srv, "/static/nope.js"); status != http.StatusNotFound {
		t.Errorf("missing asset: %d", status)
	}
}

// Every page starts with a link past the header to its main content.
func TestPageSkipLink(t *testing.T) {
	srv := startServer(t)
	for _, path := range []string{"/?q=squat", "/d/seeds/004_c9a4d7fabb4b82ba"} {
		doc := getDoc(t, srv, path)
		skip := doc.Find("a.skip")
		if skip.AttrOr("href", "") != "#main" || doc.Find("#main").Length() != 1 {
			t.Errorf("%s: skip link %q, %d targets", path, skip.AttrOr("href", ""), doc.Find("#main").Length())
		}
	}
}
