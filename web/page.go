package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// The page is rendered on the server from the same Request the API takes:
// the search form is a plain GET form, facet checkboxes are fields of that
// form and pages are links, so every state of the page is a URL that can be
// bookmarked, shared and used without JavaScript.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

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
}).ParseFS(templateFS, "templates/*.html"))

// pageData is what the search template renders.
type pageData struct {
	UI       string
	Langs    []struct{ Code, Name string }
	Req      search.Request
	Res      *search.Result
	Facets   []facetGroup
	Chips    []chip // the visitor's selections, each removable
	Pages    []pageLink
	Prev     string
	Next     string
	LastPage int
	Filtered bool
	ClearURL string
	LangURL  map[string]string
	// CorrectedURL searches for Res.Corrected.
	CorrectedURL string
	// Unfiltered is how many documents the query finds without the
	// filters, when with them it finds none; UnfilteredURL searches so.
	Unfiltered    uint64
	UnfilteredURL string
	Error         string

	params url.Values // the page's own parameters, for links that change one
}

// FilterURL is the page with value added to facet's filter: the facet
// chips of a hit link there.
func (d pageData) FilterURL(facet, value string) string {
	v := with(d.params, "page", "")
	if !slices.Contains(v[facet], value) {
		v[facet] = append(v[facet], value)
	}
	return pageURL(v)
}

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

type pageLink struct {
	N       int
	URL     string
	Current bool
}

// fragmentHeader asks for the results and facets of the page only: the
// page's script swaps them in as the visitor types.
const fragmentHeader = "X-Exsearch-Fragment"

func (h *handlers) page(c echo.Context) error {
	ui := uiFor(c)
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
	return render(c, http.StatusOK, "search.html", data)
}

type docData struct {
	UI                       string
	Langs                    []struct{ Code, Name string }
	LangURL                  map[string]string
	Doc                      *corpus.Document
	Muscle, Equipment, Focus []search.Value
	Back                     string
}

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
		LangURL: langURLs("/d/"+escapeID(id), c.QueryParams())}
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
	return render(c, http.StatusOK, "document.html", data)
}

func (h *handlers) errorPage(c echo.Context, status int, msg string) {
	ui := uiFor(c)
	data := map[string]any{"UI": ui, "Langs": uiLanguages, "Status": status, "Message": msg, "Back": pageURL(url.Values{"ui": {ui}}),
		"LangURL": langURLs("/", nil)}
	if err := render(c, status, "error.html", data); err != nil {
		h.log.Error("render error page", "err", err)
	}
}

// Assets are served with a fingerprint in their URL (asset "app.js" is
// /static/app.js?v=<hash>), so that browsers may keep them for a year and
// still get a new version the moment the server has one. The hash is also
// the ETag, for a request without the fingerprint.
type staticAsset struct {
	body  []byte
	ctype string
	hash  string
}

var assets = func() map[string]staticAsset {
	out := map[string]staticAsset{}
	sub, _ := fs.Sub(staticFS, "static")
	entries, _ := fs.ReadDir(sub, ".")
	for _, e := range entries {
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		// Not mime.TypeByExtension: it reads the machine's mime.types,
		// which differ between machines.
		ctype, ok := assetTypes[path.Ext(e.Name())]
		if !ok {
			panic("web: no content type for static file " + e.Name())
		}
		out[e.Name()] = staticAsset{body: b, ctype: ctype, hash: hex.EncodeToString(sum[:8])}
	}
	return out
}()

var assetTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

// assetURL is the fingerprinted URL of a static file.
func assetURL(name string) string {
	a, ok := assets[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + name + "?v=" + a.hash
}

func (h *handlers) static(c echo.Context) error {
	a, ok := assets[strings.TrimPrefix(c.Param("*"), "/")]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "not found")
	}
	hdr := c.Response().Header()
	etag := `"` + a.hash + `"`
	hdr.Set("ETag", etag)
	if c.QueryParam("v") == a.hash {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "public, max-age=300")
	}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, a.ctype, a.body)
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

// uiFor is the interface language: the ui parameter if valid, else the
// browser's Accept-Language.
func uiFor(c echo.Context) string {
	if v := c.QueryParam("ui"); corpus.IsLanguage(v) {
		return v
	}
	return negotiateUI(c.Request().Header.Get("Accept-Language"))
}

// langURLs links the current page in each interface language. path is
// escaped already: a decoded one breaks at the first "#" or "?" in an id.
func langURLs(path string, q url.Values) map[string]string {
	out := map[string]string{}
	for _, l := range uiLanguages {
		v := with(q, "ui", l.Code)
		if path == "/" {
			out[l.Code] = pageURL(v)
		} else {
			out[l.Code] = path + "?" + v.Encode()
		}
	}
	return out
}

func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(key, value)
	if key != "page" {
		out.Del("page")
	}
	return out
}

// without returns v with one value of key removed, back on the first page.
func without(v url.Values, key, value string) url.Values {
	out := with(v, "page", "")
	out[key] = slices.DeleteFunc(out[key], func(s string) bool { return s == value })
	return out
}

func pageURL(v url.Values) string {
	for k, vs := range v {
		if len(vs) == 1 && vs[0] == "" {
			delete(v, k)
		}
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// highlight turns a highlight fragment into HTML. The fragment is escaped
// text with <mark> tags; it is re-escaped here piece by piece anyway, so that
// nothing but <mark> can ever reach the page as markup.
func highlight(fragment string) template.HTML {
	var b strings.Builder
	rest := fragment
	for rest != "" {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(rest)))
			break
		}
		b.WriteString(html.EscapeString(html.UnescapeString(rest[:i])))
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			j = len(rest)
		}
		b.WriteString("<mark>" + html.EscapeString(html.UnescapeString(rest[:j])) + "</mark>")
		rest = strings.TrimPrefix(rest[j:], "</mark>")
	}
	return template.HTML(b.String())
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// imageURL returns an image address the page can show: only absolute http(s)
// URLs; a site-relative path belongs to a site this server is not (index
// with --base-url to make them absolute).
func imageURL(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return s
	}
	return ""
}

// linkURL returns a link the page may use for a document's url: absolute
// http(s) URLs only. A site-relative path would lead into this server, and
// javascript: or data: URLs are never links.
func linkURL(s string) string { return imageURL(s) }

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
