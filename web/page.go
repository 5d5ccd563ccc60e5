package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"unicode"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// The pages: the search page (/), a document's page (/d/{id}) and the error
// page, rendered on the server from the templates in templates/, embedded
// in the binary.
//
// The search page is rendered from the same Request the API takes: the
// search form is a plain GET form, facet checkboxes are fields of that form
// and pages are links, so every state of the page is a URL that can be
// bookmarked, shared and used without JavaScript. The page's script
// (static/app.js) asks for the results fragment alone (fragmentHeader) and
// swaps it in: one template serves both.
//
// Around the handlers: links are built in urls.go, document text is made
// safe in highlight.go, the interface language and its words are in
// i18n.go, the script and styles in assets.go.

//go:embed templates/*.html
var templateFS embed.FS

// templates are parsed once, when the program starts: a template that does
// not parse stops it before it serves.
var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"t":         t,
	"tf":        func(ui, key string, args ...any) string { return fmt.Sprintf(t(ui, key), args...) },
	"highlight": highlight,
	"paras":     paragraphs,
	"count":     formatCount,
	"dict":      dict,
	"langname":  func(code, ui string) string { return corpus.LanguageName(code, ui) },
	"kindname":  func(k, ui string) string { return corpus.KindName(corpus.Kind(k), ui) },
	"imageURL":  imageURL,
	"asset":     assetURL,
	"linkURL":   linkURL,
	"docURL":    docURL,
	"inferred":  func(inferred []string, facet string) bool { return slices.Contains(inferred, facet) },
	"has":       func(list []string, v string) bool { return slices.Contains(list, v) },
}).ParseFS(templateFS, "templates/*.html"))

// pageData is what the search template renders.
type pageData struct {
	UI     string
	Langs  []struct{ Code, Name string }
	Req    search.Request
	Res    *search.Result
	Facets []facetGroup
	Chips  []chip // the visitor's selections, each removable
	// Understood is what the search read in the query, each removable.
	Understood []understoodChip
	Pages      []pageLink
	Prev       string
	Next       string
	LastPage   int
	Filtered   bool
	ClearURL   string
	LangURL    map[string]string
	// CorrectedURL searches for Res.Corrected.
	CorrectedURL string
	// Unfiltered is how many documents the query finds without the
	// filters, when with them it finds none; UnfilteredURL searches so.
	Unfiltered    uint64
	UnfilteredURL string
	Head          headData
	// SearchID is the id analytics gave this search ("" when off): the
	// page's script sends it back with the rank of a clicked hit.
	SearchID string

	params url.Values // the page's own parameters, for links that change one
}

// Rank is the position of the page's i-th hit (from 0) in the whole result
// list, from 1.
func (d pageData) Rank(i int) int { return (d.Req.Page-1)*d.Req.Size + i + 1 }

// FilterURL is the page with value added to facet's filter: the facet
// chips of a hit link there.
func (d pageData) FilterURL(facet, value string) string {
	v := with(d.params, "page", "")
	if !slices.Contains(v[facet], value) {
		v[facet] = append(v[facet], value)
	}
	return pageURL(v)
}

// facetGroup is one facet's values as the page lists them.
type facetGroup struct {
	Name   string
	Values []facetItem // shown at once
	More   []facetItem // behind "show more"
	// Open keeps "show more" open when a value behind it is selected.
	Open bool
}

// facetItem is a facet value as the page lists it: children of a value
// (hamstrings under legs) follow it, indented.
type facetItem struct {
	search.FacetValue
	Child bool
}

// chip is one selected filter value.
type chip struct {
	Facet, Label, RemoveURL string
}

// understoodChip is what the search read in the query (search.Understood),
// removable: its link searches the words as typed (understand=off).
type understoodChip struct {
	Label, From, Mode, RemoveURL string
}

// understoodChips names each reading the way the page says it: "Kun
// kropsvægt" for a filter, "Baller først" for a boost.
func understoodChips(ui string, us []search.Understood, q url.Values) []understoodChip {
	var out []understoodChip
	off := pageURL(with(q, "understand", "off"))
	for _, u := range us {
		key, label := "understoodboost", u.Label
		if u.Mode == "filter" {
			key = "understoodfilter"
			if ui == "da" || ui == "no" {
				label = lowerFirst(label)
			}
		}
		out = append(out, understoodChip{Label: fmt.Sprintf(t(ui, key), label), From: u.From, Mode: u.Mode, RemoveURL: off})
	}
	return out
}

// lowerFirst writes a label inside a sentence ("Kun kropsvægt"), unless it
// is an abbreviation ("TRX").
func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) < 2 || unicode.IsUpper(r[1]) {
		return s
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// facetShown is how many values of a facet are listed before "show more"
// (a parent counts with its children).
const facetShown = 8

// nest orders values so that each child follows its parent; a child whose
// parent is not listed stands on its own.
func nest(values []search.FacetValue) []facetItem {
	listed := map[string]bool{}
	for _, v := range values {
		listed[v.Value] = true
	}
	var out []facetItem
	for _, v := range values {
		if v.Parent != "" && listed[v.Parent] {
			continue
		}
		out = append(out, facetItem{FacetValue: v})
		for _, c := range values {
			if c.Parent == v.Value {
				out = append(out, facetItem{FacetValue: c, Child: true})
			}
		}
	}
	return out
}

// group splits a facet's nested values into those shown at once (the first
// facetShown top-level values with their children) and the rest.
func group(name string, values []search.FacetValue) facetGroup {
	g := facetGroup{Name: name}
	top := 0
	for _, item := range nest(values) {
		if !item.Child {
			top++
		}
		if top <= facetShown {
			g.Values = append(g.Values, item)
			continue
		}
		g.More = append(g.More, item)
		if item.Selected {
			g.Open = true
		}
	}
	if len(g.More) <= 2 {
		// "Show 1 more" would take as much room as the value itself.
		g.Values, g.More, g.Open = append(g.Values, g.More...), nil, false
	}
	return g
}

// pageLink is one numbered link of the pagination.
type pageLink struct {
	N       int
	URL     string
	Current bool
}

// fragmentHeader asks for the results and facets of the page only: the
// page's script swaps them in as the visitor types.
const fragmentHeader = "X-Exsearch-Fragment"

// page answers the search page, or its results fragment when the script asks
// for it.
func (h *handlers) page(c echo.Context) error {
	ui := uiFor(c)
	// refines is the script's (app.js), never in the page's own links:
	// it is removed from the parameters they are made of.
	refines, err := searchRefines(c.QueryParams())
	if err != nil {
		h.metrics.search("page", nil, err)
		return err
	}
	req, err := parseRequest(c.QueryParams(), ui)
	data := pageData{UI: ui, Langs: uiLanguages, Req: req}
	if err != nil {
		h.metrics.search("page", nil, err)
		return err
	}
	if req.PreferLang == "" {
		// A visitor reading the page in a language prefers documents in it.
		req.PreferLang = req.UILang
	}
	ctx := c.Request().Context()
	res, err := h.s.Search(ctx, req)
	h.metrics.search("page", res, err)
	if err != nil {
		return err
	}
	data.SearchID = h.recordSearch("page", refines, req, res)
	data.UI = req.UILang
	data.Res = res
	// Every link keeps the interface language, even one that came from
	// Accept-Language, so that a shared link shows what its sender saw.
	q := with(c.QueryParams(), "ui", data.UI)
	q.Del("page")
	if p := c.QueryParams().Get("page"); p != "" {
		q.Set("page", p)
	}
	data.params = q
	for _, f := range search.Facets {
		data.Facets = append(data.Facets, group(f, res.Facets[f]))
		for _, v := range res.Facets[f] {
			if v.Selected {
				data.Filtered = true
				data.Chips = append(data.Chips, chip{Facet: f, Label: v.Label, RemoveURL: pageURL(without(q, f, v.Value))})
			}
		}
	}
	data.Understood = understoodChips(data.UI, res.Understood, q)
	if req.EquipmentMode == "have" {
		data.Chips = append(data.Chips, chip{Facet: "equipment", Label: t(data.UI, "have"), RemoveURL: pageURL(without(q, "equipment_mode", "have"))})
	}
	data.ClearURL = pageURL(url.Values{"q": {req.Query}, "ui": {data.UI}})
	data.LangURL = langURLs(c.Request().URL.Path, q)
	if res.Corrected != "" {
		data.CorrectedURL = pageURL(with(q, "q", res.Corrected))
	}
	if res.Total == 0 && data.Filtered {
		// Say what the filters hid, so that the visitor knows removing
		// them helps.
		all := req
		all.Filters, all.EquipmentMode, all.Size = nil, "", 0
		if r, err := h.s.Search(ctx, all); err == nil && r.Total > 0 {
			data.Unfiltered, data.UnfilteredURL = r.Total, data.ClearURL
		}
	}
	if req.Size > 0 {
		last := int((res.Total + uint64(req.Size) - 1) / uint64(req.Size))
		if maxPage := search.MaxDepth / req.Size; last > maxPage {
			last = maxPage
		}
		data.LastPage = last
		for n := max(1, req.Page-3); n <= min(last, req.Page+3); n++ {
			data.Pages = append(data.Pages, pageLink{N: n, URL: pageURL(with(q, "page", strconv.Itoa(n))), Current: n == req.Page})
		}
		if req.Page > 1 {
			data.Prev = pageURL(with(q, "page", strconv.Itoa(req.Page-1)))
		}
		if req.Page < last {
			data.Next = pageURL(with(q, "page", strconv.Itoa(req.Page+1)))
		}
	}
	c.Response().Header().Add("Vary", fragmentHeader)
	if c.Request().Header.Get(fragmentHeader) == "results" {
		return render(c, http.StatusOK, "results", data)
	}
	own := with(q, "ui", requestedUI(c))
	if p := q.Get("page"); p != "" {
		own.Set("page", p)
	}
	data.Head = h.head(c, "/", own, searchDescription(data.UI, req, res))
	return render(c, http.StatusOK, "search.html", data)
}

// docData is what the document template renders.
type docData struct {
	UI                       string
	Langs                    []struct{ Code, Name string }
	LangURL                  map[string]string
	Doc                      *corpus.Document
	Muscle, Equipment, Focus []search.Value
	Back                     string
	Head                     headData
	// Alternatives are an exercise's (nil for an article), for the
	// equipment in Have ("I have: …", from the URL); Kit is what the
	// picker offers.
	Alternatives *search.Alternatives
	Have         []string
	Kit          []search.OverviewValue
	Self         string // the page's path, escaped
}

// documentPage answers a document's page, its facet values labelled in the
// interface language.
func (h *handlers) documentPage(c echo.Context) error {
	ui := uiFor(c)
	id, err := documentID(c, "/d/")
	if err != nil {
		return err
	}
	d, err := h.s.Document(c.Request().Context(), id)
	if err != nil {
		return err
	}
	data := docData{UI: ui, Langs: uiLanguages, Doc: d, Back: pageURL(url.Values{"ui": {ui}}),
		LangURL: langURLs("/d/"+escapeID(id), c.QueryParams()), Self: "/d/" + escapeID(id)}
	label := func(facet string, ids []string) []search.Value {
		var out []search.Value
		for _, id := range ids {
			out = append(out, search.Value{Value: id, Label: h.s.Label(facet, id, ui)})
		}
		return out
	}
	data.Muscle = label("muscle", d.Muscle)
	data.Equipment = label("equipment", d.Equipment)
	data.Focus = label("focus", d.Focus)
	data.Head = h.head(c, "/d/"+escapeID(id), url.Values{"ui": {requestedUI(c)}}, documentDescription(ui, d))
	if d.Kind == corpus.KindExercise {
		if err := h.alternativesSection(c, &data, id, ui); err != nil {
			return err
		}
	}
	return render(c, http.StatusOK, "document.html", data)
}

// alternativesSection fills in an exercise page's alternatives: in any
// language, the page's own first among equals, for the equipment the
// visitor has (equipment= in the URL, so that the choice is a link), and the
// equipment the picker offers: every value some exercise needs, most used
// first, bodyweight left out (it always qualifies).
func (h *handlers) alternativesSection(c echo.Context, data *docData, id, ui string) error {
	req, err := parseAlternatives(id, url.Values{"equipment": c.QueryParams()["equipment"]}, ui)
	if err != nil {
		return err
	}
	req.PreferLang = ui
	if data.Alternatives, err = h.s.Alternatives(c.Request().Context(), req); err != nil {
		return err
	}
	data.Have = req.Equipment
	o, err := h.s.Overview(c.Request().Context(), ui)
	if err != nil {
		return err
	}
	for _, v := range o.Facets["equipment"] {
		if v.Value != "bodyweight" && v.Value != corpus.Unspecified && v.Count > 0 {
			data.Kit = append(data.Kit, v)
		}
	}
	slices.SortStableFunc(data.Kit, func(a, b search.OverviewValue) int { return b.Count - a.Count })
	return nil
}

// errorPage answers an error on the pages' paths (see handleError) as a page.
// Its language links lead to the search page rather than back to the URL
// that failed.
func (h *handlers) errorPage(c echo.Context, status int, msg string) {
	ui := uiFor(c)
	data := map[string]any{"UI": ui, "Langs": uiLanguages, "Status": status, "Message": msg, "Back": pageURL(url.Values{"ui": {ui}}),
		"LangURL": langURLs("/", nil), "Head": headData{Description: msg}}
	if err := render(c, status, "error.html", data); err != nil {
		h.log.Error("render error page", "err", err)
	}
}

// render executes a template into a buffer first, so a template error
// becomes a clean error response instead of half a page.
func render(c echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// dict builds a map from alternating keys and values, for passing several
// values to a template.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		k, _ := kv[i].(string)
		m[k] = kv[i+1]
	}
	return m
}
