package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/search"
)

// The JSON API and the health endpoints. The API's parameters are checked in
// params.go and described, with its answers, in openapi.json. Its answers
// carry an ETag and may be kept for a minute (cachedJSON); errors are JSON
// too, answered by handleError in server.go.

// healthz says only that the process is up: it touches no index.
func (h *handlers) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 once an index is open, and 503 when none is. Its
// status is "degraded" when the server answers but something is wrong
// (problems says what): current names a generation that cannot be served,
// the link cannot be read, or the served generation's files faulted. It
// stays 200 then, so that a load balancer keeps a replica that still
// answers; /healthz says only that the process is up.
//
// Anyone may read it, so it shows what a visitor may know: no paths (corpus
// directories by their last element only), no taxonomy labels.
func (h *handlers) readyz(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	st, err := h.s.Status()
	if err != nil {
		return c.JSON(http.StatusServiceUnavailable, apiError{Error: "no index open"})
	}
	status, problems := "ready", st.Problems
	health, problem := h.analyticsHealth()
	if problem != "" {
		problems = append(slices.Clip(problems), problem)
	}
	if len(problems) > 0 {
		status = "degraded"
	} else {
		problems = []string{}
	}
	corpora := make([]string, len(st.Corpora))
	for i, c := range st.Corpora {
		corpora[i] = path.Base(filepath.ToSlash(c))
	}
	return c.JSON(http.StatusOK, map[string]any{
		"status":   status,
		"problems": problems,
		"index": map[string]any{
			"schema": st.Schema, "built": st.Built, "generation": st.Generation,
			"corpora": corpora, "docs": st.Docs, "total": st.Total, "skipped": st.Skipped,
		},
		"reloads":        st.Reloads,
		"cache":          st.Cache,
		"index_age_secs": int64(time.Since(st.Built).Seconds()),
		"analytics":      health,
	})
}

// apiSearch answers a search: the page's parameters, a search.Result. With
// no ui the labels are English: Accept-Language counts on the pages only,
// so that an API answer, cached by its URL, depends on its URL alone.
//
// source says who asks, for analytics: "api" (the default) or "widget"
// (widget.js); the page is "page" by its own route.
func (h *handlers) apiSearch(c echo.Context) error {
	v := c.QueryParams()
	source, err := searchSource(v)
	if err != nil {
		h.metrics.search("search", nil, err)
		return err
	}
	refines, err := searchRefines(v)
	if err != nil {
		h.metrics.search("search", nil, err)
		return err
	}
	req, err := parseRequest(v, "en")
	if err != nil {
		h.metrics.search("search", nil, err)
		return err
	}
	res, err := h.s.Search(c.Request().Context(), req)
	h.metrics.search("search", res, err)
	if err != nil {
		return err
	}
	var record func() string
	if h.records(req, res) {
		record = func() string { return h.recordSearch(source, refines, req, res) }
	}
	return searchJSON(c, record, res)
}

// searchJSON answers a search.Result as JSON, led by the id analytics gave
// the search (for the clicks on its hits) unless that is "", with an ETag
// and a short Cache-Control, or 304 when the client has it already. The id
// and took_ms differ from one answer to the next; the ETag vouches for
// the rest (Result.EncodedHead), so a revalidated answer keeps the id the
// client has, and record, which hands the search to analytics and returns
// its id (nil when analytics does not record it), is called only when a
// body is sent. A cached result's JSON is encoded once: the answer is
// written around it.
func searchJSON(c echo.Context, record func() string, res *search.Result) error {
	head, tag, err := res.EncodedHead()
	if err != nil {
		return err
	}
	// An answer with an id is the visitor's own: a shared cache (a CDN, a
	// proxy_cache) must not hand its id to other visitors, whose searches
	// it would also hide from the owner's analytics.
	cacheControl := "public, max-age=60"
	if record != nil {
		cacheControl = "private, max-age=60"
	}
	etag := `"` + tag + `"`
	hdr := c.Response().Header()
	hdr.Set("ETag", etag)
	hdr.Set("Cache-Control", cacheControl)
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	id := ""
	if record != nil {
		id = record()
	}
	hdr.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	w := c.Response()
	w.WriteHeader(http.StatusOK)
	// `{"search_id":"…",` then the head without its brace; an id is hex
	// digits (analytics.NewID), nothing to escape. The small parts share
	// one buffer; the head is written as it is.
	buf := make([]byte, 0, 64)
	if id != "" {
		if _, err := w.Write(append(append(append(buf, `{"search_id":"`...), id...), `",`...)); err != nil {
			return err
		}
		head = head[1:]
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	// As encoding/json writes it: took_ms is 0 or at least 0.001.
	buf = append(strconv.AppendFloat(append(buf[:0], `,"took_ms":`...), res.TookMS, 'f', -1, 64), '}')
	_, err = w.Write(buf)
	return err
}

// searchSource reads and removes /api/search's source parameter.
func searchSource(v url.Values) (string, error) {
	s, ok := v["source"]
	if !ok {
		return "api", nil
	}
	delete(v, "source")
	switch {
	case len(s) > 1:
		return "", &search.RequestError{Param: "source", Msg: "given more than once"}
	case s[0] == "" || s[0] == "api":
		return "api", nil
	case s[0] == "widget":
		return "widget", nil
	}
	return "", &search.RequestError{Param: "source", Msg: `want "api" or "widget", got ` + strconv.Quote(truncate(s[0], 40))}
}

// searchRefines reads and removes the refines parameter of /api/search and
// the page: the id of the search the visitor made just before this one
// while typing, which this one may settle (analytics/refine.go). "" when
// absent.
func searchRefines(v url.Values) (string, error) {
	s, ok := v["refines"]
	if !ok {
		return "", nil
	}
	delete(v, "refines")
	switch {
	case len(s) > 1:
		return "", &search.RequestError{Param: "refines", Msg: "given more than once"}
	case !analytics.ValidID(s[0]):
		return "", &search.RequestError{Param: "refines", Msg: "want a search_id (32 lowercase hex digits), got " + strconv.Quote(truncate(s[0], 40))}
	}
	return s[0], nil
}

// apiDocument answers a document as it was indexed, or, at
// /api/documents/{id}/alternatives, the exercises that can replace it.
func (h *handlers) apiDocument(c echo.Context) error {
	id, alternatives, err := documentOrAlternatives(c, "/api/documents/")
	if err != nil {
		return err
	}
	if alternatives {
		return h.apiAlternatives(c, id)
	}
	d, err := h.s.Document(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return cachedJSON(c, d, "")
}

// apiAlternatives answers the alternatives to an exercise: an unknown id is
// a 404, an article a 422 naming it; labels are English without ui, as for
// searches.
func (h *handlers) apiAlternatives(c echo.Context, id string) error {
	req, err := parseAlternatives(id, c.QueryParams(), "en")
	if err != nil {
		return err
	}
	res, err := h.s.Alternatives(c.Request().Context(), req)
	h.metrics.search("alternatives", nil, err)
	if err != nil {
		return err
	}
	return cachedJSON(c, res, "took_ms")
}

// apiSuggest completes what a visitor is typing: q, and optionally ui (the
// labels' language) and prefer_lang.
func (h *handlers) apiSuggest(c echo.Context) error {
	v := c.QueryParams()
	if err := suggestParams.check(v); err != nil {
		return err
	}
	res, err := h.s.Suggest(c.Request().Context(), v.Get("q"), v.Get("ui"), v.Get("prefer_lang"))
	h.metrics.search("suggest", nil, err)
	if err != nil {
		return err
	}
	return cachedJSON(c, res, "")
}

// apiFacets returns the taxonomy of the served index: every facet value
// with its label in ui and in all four languages, its parent and its count.
func (h *handlers) apiFacets(c echo.Context) error {
	if err := facetsParams.check(c.QueryParams()); err != nil {
		return err
	}
	o, err := h.s.Overview(c.Request().Context(), c.QueryParam("ui"))
	if err != nil {
		return err
	}
	return cachedJSON(c, o, "")
}

// cachedJSON answers v as JSON with an ETag and a short Cache-Control, or
// 304 when the client has it already. The ETag is the hash of the JSON; when
// volatile names a field, which must be v's last, the hash leaves it out:
// it differs between equal answers. A search's answer has its own
// (searchJSON).
func cachedJSON(c echo.Context, v any, volatile string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	vouched := b
	if volatile != "" {
		if i := bytes.LastIndex(b, []byte(`,"`+volatile+`":`)); i >= 0 {
			vouched = b[:i]
		}
	}
	sum := sha256.Sum256(vouched)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	hdr := c.Response().Header()
	hdr.Set("ETag", etag)
	hdr.Set("Cache-Control", "public, max-age=60")
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.JSONBlob(http.StatusOK, b)
}
