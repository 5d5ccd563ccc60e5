package web

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// What a page says about itself in its <head>, for search engines and link
// previews (issue 15): a description in the interface language, the
// page's canonical URL and the same page in each interface language.
//
// A page's URL names its interface language (?ui=da) or leaves it to the
// browser's Accept-Language. The canonical URL is the page's own, its
// parameters in a fixed order, so that a page with ?ui=da is that page in
// Danish and one without is the page that picks; the alternates are the
// page with each ui, and, as x-default, the page without one. A page that
// pointed its canonical at another language's URL would tell search
// engines that the languages are one page.
//
// Search engines want these URLs absolute, and the server does not know
// its public address behind a proxy: Options.PublicURL gives it, else it
// is the address the request was made to.

// headData is what the layout's <head> says beyond the title.
type headData struct {
	Description string
	Canonical   string
	Alternates  []alternate
}

// alternate is the page in one interface language.
type alternate struct {
	Lang string // a BCP 47 tag, or x-default
	URL  string
}

// descriptionMax is how long a description gets: search engines show
// about this much.
const descriptionMax = 160

// head makes a page's head: path is the page's escaped path, q its own
// parameters with the ui parameter as requested (absent when negotiated).
func (h *handlers) head(c echo.Context, path string, q url.Values, description string) headData {
	origin := h.origin(c)
	link := func(v url.Values) string {
		s := pageURL(v)
		if path == "/" {
			return origin + s
		}
		return origin + path + strings.TrimPrefix(s, "/")
	}
	// Each language's page is this page in it: the same results page, not
	// the first.
	set := func(ui string) url.Values {
		v := with(q, "ui", ui)
		if p := q.Get("page"); p != "" {
			v.Set("page", p)
		}
		return v
	}
	d := headData{Description: clip(description, descriptionMax), Canonical: link(set(q.Get("ui")))}
	for _, l := range uiLanguages {
		d.Alternates = append(d.Alternates, alternate{Lang: htmlLang(l.Code), URL: link(set(l.Code))})
	}
	d.Alternates = append(d.Alternates, alternate{Lang: "x-default", URL: link(set(""))})
	return d
}

// htmlLang is the BCP 47 tag of a language code: exsearch's "no" is
// bokmål, "nb" (the pages' lang attributes say so too).
func htmlLang(code string) string {
	if code == "no" {
		return "nb"
	}
	return code
}

// searchDescription describes a search page: what it found, by the first
// few titles, or, with no query, what can be searched.
func searchDescription(ui string, req search.Request, res *search.Result) string {
	if req.Query == "" {
		return fmt.Sprintf(t(ui, "metasearch"), formatCount(ui, res.Total))
	}
	if len(res.Hits) == 0 {
		return fmt.Sprintf(t(ui, "noresultsfor"), req.Query)
	}
	found := t(ui, "result")
	if res.Total != 1 {
		found = fmt.Sprintf(t(ui, "results"), formatCount(ui, res.Total))
	}
	var titles []string
	for _, hit := range res.Hits[:min(3, len(res.Hits))] {
		titles = append(titles, hit.Title)
	}
	return fmt.Sprintf("%s %s %s: %s.", found, t(ui, "for"), fmt.Sprintf(t(ui, "quoted"), req.Query), strings.Join(titles, ", "))
}

// documentDescription describes a document by its excerpt, else the start
// of its text, else its title and kind.
func documentDescription(ui string, d *corpus.Document) string {
	for _, s := range []string{d.Excerpt, d.Instructions, d.Body} {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			return s
		}
	}
	return d.Title + " – " + corpus.KindName(d.Kind, ui)
}

// clip shortens s to at most n characters at a word boundary, with "…".
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > n/2 {
		return strings.TrimRight(string(r)[:i], " ,.;:–-") + "…"
	}
	return string(r) + "…"
}
