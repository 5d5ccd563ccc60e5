package web

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// The search parameters are the same for the API and the page, so a page URL
// and an API URL for the same search differ only in their path:
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
//
// Any other parameter is an error, so a misspelt filter ("muscles=") is
// reported instead of silently returning everything.

var singleParams = []string{"q", "page", "size", "ui", "prefer_lang", "equipment_mode"}

// parseRequest reads a search.Request from query parameters.
func parseRequest(v url.Values, defaultUI string) (search.Request, error) {
	req := search.Request{Size: search.DefaultSize, UILang: defaultUI, Filters: map[string][]string{}}
	for name, values := range v {
		switch {
		case isSingle(name):
			if len(values) > 1 {
				return req, &search.RequestError{Param: name, Msg: "given more than once"}
			}
		case isFacet(name):
			var kept []string
			for _, val := range values {
				if val = strings.TrimSpace(val); val != "" && !contains(kept, val) {
					kept = append(kept, val)
				}
			}
			if len(kept) > 0 {
				req.Filters[name] = kept
			}
		case strings.HasPrefix(name, "_") || strings.HasPrefix(name, "utm_"):
			// Cache busters and campaign tags are not ours to judge.
		default:
			return req, &search.RequestError{Param: name, Msg: "unknown parameter (known: " + strings.Join(singleParams, ", ") + ", " + strings.Join(search.Facets, ", ") + ")"}
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
	return req, nil
}

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

func isSingle(name string) bool { return contains(singleParams, name) }
func isFacet(name string) bool  { return contains(search.Facets, name) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return corpus.Summary(s, n)
}
