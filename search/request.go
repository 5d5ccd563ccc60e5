// Package search answers queries against a published index. It opens an
// index generation read-only (index.go) and, serving, follows the index
// directory, so that a newly published generation is served without a
// restart once its files and a probe have checked it (live.go, verify.go).
//
// A search goes through one file per step. The Request (request.go) is
// planned as a tree of bleve queries: words of its text that mean a filter
// or a boost are read as such (understand.go), and the rest is analysed
// once per language and looked up in that language's dictionaries
// (plan_words.go), and fanned out over that language's fields (plan.go). The package evaluates the plan
// itself, over the postings of scorch's segments, not through bleve's
// searchers (evaluate.go, with postings.go, dense.go, expand.go and scratch.go). Its matches are
// counted for the facets from tables in memory and filtered (facets.go) as
// the page is collected (collect.go, with ties broken by title, order.go);
// the hits shown are read from their stored fields (stored.go) and
// highlighted (highlight.go), and words known nowhere get a spelling
// correction (spelling.go). The Result (result.go) is cached per generation
// (cache.go). Suggestions (suggest.go) and the facet overview (overview.go)
// come from the same index, and so do an exercise's alternatives
// (alternatives.go: scored from the facet tables, with no query); a search's work can be estimated before it
// runs (cost.go), for the server's admission, and is bounded as it runs: its
// typo look-ups and corrections spend budgets (limit.go).
//
// What it relies on in bleve's internals (the snapshot, the segments,
// document numbers, BM25, zap's footer) is in scorch.go, which lists each
// assumption with the test that guards it. A plain-bleve baseline index is
// searched by bleve itself (baseline.go), and so are exsearch's plans when
// the tests compare the evaluator with bleve.
//
// It speaks its own types (Request, Result); callers never see bleve's.
package search

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Limits on a request. They keep one request's cost bounded.
const (
	DefaultSize = 10
	MaxSize     = 100
	// MaxDepth is the deepest hit a request may page to (page*size).
	MaxDepth = 10000
	// MaxQueryBytes bounds the query text; longer text is an error, not
	// silently truncated.
	MaxQueryBytes = 1024
	// MaxQueryWords bounds the words of the query text: each word is
	// looked for in every language's fields.
	MaxQueryWords = 32
	// MaxFilterValues bounds the values of one facet filter.
	MaxFilterValues = 50
)

// Request is one search.
type Request struct {
	Query string
	// Filters select facet values: values of one facet are OR-ed, facets are
	// AND-ed. Keys are facet names (see Facets).
	Filters map[string][]string
	Page    int // 1-based; 0 means 1
	Size    int // hits per page, 0..MaxSize
	// UILang is the language facet labels are given in; "" means English.
	UILang string
	// PreferLang lifts documents in this language above equally relevant
	// ones in others; "" prefers none.
	PreferLang string
	// EquipmentMode says how the equipment filter reads: EquipmentAny (the
	// default) selects documents with any of the values; EquipmentHave
	// treats the values as what the visitor has, and selects exercises that
	// need nothing else (bodyweight exercises always qualify).
	EquipmentMode string
	// Literal searches the query's words as they are: none is read as a
	// filter or boost ("uden udstyr", "numse", see understand.go).
	Literal bool
	// softened reads the query's filter words as boosts: what the
	// search does when, read as filters, they leave no hit.
	softened bool
}

// Equipment filter modes.
const (
	EquipmentAny  = "any"
	EquipmentHave = "have"
)

// Facets are the facet names a Request may filter on, in display order.
var Facets = indexer.FacetFields

// RequestError is a request that cannot be answered as asked. Param names
// the parameter at fault.
type RequestError struct {
	Param string
	Msg   string
}

func (e *RequestError) Error() string { return fmt.Sprintf("%s: %s", e.Param, e.Msg) }

func badParam(param, format string, args ...any) error {
	return &RequestError{Param: param, Msg: fmt.Sprintf(format, args...)}
}

// uiLanguage checks the interface language asked for (the language labels
// are given in), "" meaning English. Searches, suggestions and the overview
// all take one: they share this so that they refuse an unknown one alike.
func uiLanguage(ui string) (string, error) {
	if ui == "" {
		return "en", nil
	}
	if !corpus.IsLanguage(ui) {
		return "", badParam("ui", "unknown interface language %q (want da, no, de or en)", ui)
	}
	return ui, nil
}

// normalize checks r and fills in defaults.
func (r *Request) normalize() error {
	if r.Page == 0 {
		r.Page = 1
	}
	if r.Page < 1 {
		return badParam("page", "must be 1 or more, got %d", r.Page)
	}
	if r.Size < 0 || r.Size > MaxSize {
		return badParam("size", "must be between 0 and %d, got %d", MaxSize, r.Size)
	}
	// Page is bounded before it is multiplied: page*size overflowed int
	// (page 2⁶² of size 2 wrapped to a negative depth that passed this
	// check). No page past MaxDepth holds a hit even at size 1.
	if r.Page > MaxDepth {
		return badParam("page", "must be at most %d, got %d; narrow the search instead", MaxDepth, r.Page)
	}
	if r.Size > 0 && r.Page*r.Size > MaxDepth {
		return badParam("page", "page %d of size %d goes past the first %d hits; narrow the search instead", r.Page, r.Size, MaxDepth)
	}
	if len(r.Query) > MaxQueryBytes {
		return badParam("q", "query is %d bytes, the limit is %d", len(r.Query), MaxQueryBytes)
	}
	if !utf8.ValidString(r.Query) {
		return badParam("q", "not valid UTF-8")
	}
	if n := len(strings.Fields(r.Query)); n > MaxQueryWords {
		return badParam("q", "query has %d words, the limit is %d", n, MaxQueryWords)
	}
	r.Query = strings.TrimSpace(r.Query)
	ui, err := uiLanguage(r.UILang)
	if err != nil {
		return err
	}
	r.UILang = ui
	if r.PreferLang != "" && !corpus.IsLanguage(r.PreferLang) {
		return badParam("prefer_lang", "unknown language %q (want da, no, de or en)", r.PreferLang)
	}
	switch r.EquipmentMode {
	case "":
		r.EquipmentMode = EquipmentAny
	case EquipmentAny, EquipmentHave:
	default:
		return badParam("equipment_mode", "want %q or %q, got %q", EquipmentAny, EquipmentHave, r.EquipmentMode)
	}
	for name, values := range r.Filters {
		if !slices.Contains(Facets, name) {
			return badParam(name, "unknown facet (want one of %s)", strings.Join(Facets, ", "))
		}
		if len(values) > MaxFilterValues {
			return badParam(name, "%d values, the limit is %d", len(values), MaxFilterValues)
		}
		for _, v := range values {
			if !utf8.ValidString(v) || len(v) > 100 {
				return badParam(name, "a value is not valid UTF-8 or longer than 100 bytes")
			}
		}
	}
	return nil
}
