package web

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// Query parameters. The search parameters are the same for the API and the
// page, so a page URL and an API URL for the same search differ only in
// their path:
//
//	q       the query text (may be empty: browse everything)
//	muscle, equipment, focus, lang, kind
//	        facet filters; repeat a parameter to select several values
//	page    1-based page number
//	size    hits per page, 0..100 (0: counts only)
//	ui      the interface language for labels: da, no, de or en
//	prefer_lang
//	        lift documents in this language (default: none for the API,
//	        the interface language for the page)
//	equipment_mode
//	        "any" (default): documents with any selected equipment;
//	        "have": exercises that need nothing but the selected equipment
//	understand
//	        "on" (default): words of q that name a filter or a boost
//	        ("uden udstyr", "numse") are read so, and the answer's
//	        "understood" lists them; "off": q is searched as typed
//
// /api/suggest takes q, ui and prefer_lang; /api/facets takes ui;
// /api/documents/{id}/alternatives takes equipment (repeated: what the
// visitor has), equipment_mode ("have", the default there, or "any"), ui,
// prefer_lang and size (0..100, default 10).
//
// Any other parameter is an error, and so is one of the single-valued ones
// given twice, so that a misspelt filter ("muscles=") is reported instead of
// silently returning everything. Besides these, names beginning with "_"
// (cache busters) pass everywhere, and utm_ campaign tags on searches (the
// page and /api/search): they are not ours to judge.

// params are the parameters an endpoint takes.
type params struct {
	single []string // each given at most once
	multi  []string // may be repeated: the facet filters
	tags   bool     // utm_ campaign tags pass
}

var (
	searchParams  = params{single: []string{"q", "page", "size", "ui", "prefer_lang", "equipment_mode", "understand"}, multi: search.Facets, tags: true}
	suggestParams = params{single: []string{"q", "ui", "prefer_lang"}}
	facetsParams  = params{single: []string{"ui"}}
	altParams     = params{single: []string{"ui", "prefer_lang", "size", "equipment_mode"}, multi: []string{"equipment"}}
)

// check refuses a parameter p does not take and a single-valued one given
// more than once, naming it.
func (p params) check(v url.Values) error {
	for name, values := range v {
		switch {
		case slices.Contains(p.single, name):
			if len(values) > 1 {
				return &search.RequestError{Param: name, Msg: "given more than once"}
			}
		case slices.Contains(p.multi, name):
		case strings.HasPrefix(name, "_") || p.tags && strings.HasPrefix(name, "utm_"):
		default:
			known := strings.Join(slices.Concat(p.single, p.multi), ", ")
			return &search.RequestError{Param: name, Msg: "unknown parameter (known: " + known + ")"}
		}
	}
	return nil
}

// parseRequest reads a search.Request from query parameters.
func parseRequest(v url.Values, defaultUI string) (search.Request, error) {
	req := search.Request{Size: search.DefaultSize, UILang: defaultUI, Filters: map[string][]string{}}
	if err := searchParams.check(v); err != nil {
		return req, err
	}
	for _, name := range search.Facets {
		var kept []string
		for _, val := range v[name] {
			if val = strings.TrimSpace(val); val != "" && !slices.Contains(kept, val) {
				kept = append(kept, val)
			}
		}
		if len(kept) > 0 {
			req.Filters[name] = kept
		}
	}
	req.Query = v.Get("q")
	var err error
	if req.Page, err = intParam(v, "page", 1); err != nil {
		return req, err
	}
	if req.Size, err = intParam(v, "size", search.DefaultSize); err != nil {
		return req, err
	}
	if ui := v.Get("ui"); ui != "" {
		req.UILang = ui
	}
	req.PreferLang = v.Get("prefer_lang")
	req.EquipmentMode = v.Get("equipment_mode")
	switch u := v.Get("understand"); u {
	case "", "on":
	case "off":
		req.Literal = true
	default:
		return req, &search.RequestError{Param: "understand", Msg: `want "on" or "off", got ` + strconv.Quote(truncate(u, 40))}
	}
	return req, nil
}

// parseAlternatives reads a search.AlternativesRequest for id from query
// parameters.
func parseAlternatives(id string, v url.Values, defaultUI string) (search.AlternativesRequest, error) {
	req := search.AlternativesRequest{ID: id, UILang: defaultUI}
	if err := altParams.check(v); err != nil {
		return req, err
	}
	for _, val := range v["equipment"] {
		if val = strings.TrimSpace(val); val != "" && !slices.Contains(req.Equipment, val) {
			req.Equipment = append(req.Equipment, val)
		}
	}
	var err error
	if req.Size, err = intParam(v, "size", search.DefaultAlternatives); err != nil {
		return req, err
	}
	if req.Size == 0 && strings.TrimSpace(v.Get("size")) != "" {
		return req, &search.RequestError{Param: "size", Msg: "want 1..100 alternatives"}
	}
	if ui := v.Get("ui"); ui != "" {
		req.UILang = ui
	}
	req.PreferLang = v.Get("prefer_lang")
	req.EquipmentMode = v.Get("equipment_mode")
	return req, nil
}

// intParam reads a whole number, def when the parameter is absent or blank.
// An error quotes the value cut short: it goes back to the client, who sent
// it and needs only to recognise it.
func intParam(v url.Values, name string, def int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if errors.Is(err, strconv.ErrRange) {
		return 0, &search.RequestError{Param: name, Msg: "out of range: " + strconv.Quote(truncate(s, 40))}
	}
	if err != nil {
		return 0, &search.RequestError{Param: name, Msg: "not a whole number: " + strconv.Quote(truncate(s, 40))}
	}
	return n, nil
}

// truncate cuts s to at most n bytes, at a word, for an error message.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return corpus.Summary(s, n)
}
