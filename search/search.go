package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// facetSize is how many values of one facet are counted. It is above the
// number of canonical ids in any facet, so no value is cut off.
const facetSize = 500

var storedFields = []string{
	indexer.FieldTitle, indexer.FieldExcerpt, indexer.FieldURL, indexer.FieldImage,
	indexer.FieldLang, indexer.FieldKind, indexer.FieldMuscle, indexer.FieldEquipment, indexer.FieldFocus,
}

// Search runs req against the index.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.normalize(); err != nil {
		return nil, err
	}
	var q query.Query = query.NewMatchAllQuery()
	if req.Query != "" {
		q = ix.textQuery(req.Query)
		if q == nil {
			q = query.NewMatchNoneQuery()
		}
	}
	if filters := ix.filters(req.Filters); len(filters) > 0 {
		q = query.NewConjunctionQuery(append([]query.Query{q}, filters...))
	}
	sr := bleve.NewSearchRequestOptions(q, req.Size, (req.Page-1)*req.Size, false)
	sr.Fields = storedFields
	sr.SortBy([]string{"-_score", "_id"})
	if req.Query != "" && req.Size > 0 {
		sr.Highlight = bleve.NewHighlightWithStyle(highlighterName)
		for _, lang := range corpus.Languages {
			sr.Highlight.AddField(indexer.TitleField(lang))
			sr.Highlight.AddField(indexer.BodyField(lang))
		}
	}
	for _, f := range Facets {
		sr.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
	}
	res, err := ix.bleve.SearchInContext(ctx, sr)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &Result{
		Query:  req.Query,
		Total:  res.Total,
		Page:   req.Page,
		Size:   req.Size,
		Hits:   make([]Hit, 0, len(res.Hits)),
		Facets: map[string][]FacetValue{},
	}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, ix.hit(h, req.UILang))
	}
	for _, f := range Facets {
		out.Facets[f] = ix.facetValues(f, res.Facets[f], req.Filters[f], req.UILang)
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

func (ix *Index) filters(filters map[string][]string) []query.Query {
	var out []query.Query
	for _, f := range Facets {
		if values := filters[f]; len(values) > 0 {
			out = append(out, filterQuery(f, values))
		}
	}
	return out
}

func (ix *Index) hit(h *bsearch.DocumentMatch, ui string) Hit {
	hit := Hit{
		ID:         h.ID,
		Score:      h.Score,
		Title:      str(h.Fields[indexer.FieldTitle]),
		Excerpt:    str(h.Fields[indexer.FieldExcerpt]),
		URL:        str(h.Fields[indexer.FieldURL]),
		Image:      str(h.Fields[indexer.FieldImage]),
		Lang:       str(h.Fields[indexer.FieldLang]),
		Kind:       str(h.Fields[indexer.FieldKind]),
		Highlights: Highlights{Title: []string{}, Body: []string{}},
	}
	for field, frags := range h.Fragments {
		switch {
		case strings.HasPrefix(field, "title_"):
			hit.Highlights.Title = append(hit.Highlights.Title, frags...)
		case strings.HasPrefix(field, "body_"):
			hit.Highlights.Body = append(hit.Highlights.Body, frags...)
		}
	}
	hit.Muscle = ix.values(indexer.FieldMuscle, strs(h.Fields[indexer.FieldMuscle]), ui)
	hit.Equipment = ix.values(indexer.FieldEquipment, strs(h.Fields[indexer.FieldEquipment]), ui)
	hit.Focus = ix.values(indexer.FieldFocus, strs(h.Fields[indexer.FieldFocus]), ui)
	return hit
}

func (ix *Index) values(facet string, ids []string, ui string) []Value {
	out := make([]Value, 0, len(ids))
	for _, id := range ids {
		out = append(out, Value{Value: id, Label: ix.Label(facet, id, ui)})
	}
	return out
}

// Label names a facet value in the interface language ui.
func (ix *Index) Label(facet, value, ui string) string {
	switch facet {
	case indexer.FieldLang:
		return corpus.LanguageName(value, ui)
	case indexer.FieldKind:
		return corpus.KindName(corpus.Kind(value), ui)
	}
	if f := ix.taxonomy.Facet(facet); f != nil && f.Term(value) != nil {
		return f.Label(value, ui)
	}
	if l := ix.meta.Labels[facet][value]; l != "" {
		return l
	}
	return value
}

func (ix *Index) facetValues(facet string, fr *bsearch.FacetResult, selected []string, ui string) []FacetValue {
	out := []FacetValue{}
	seen := map[string]bool{}
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			seen[t.Term] = true
			out = append(out, FacetValue{
				Value:    t.Term,
				Label:    ix.Label(facet, t.Term, ui),
				Count:    t.Count,
				Selected: slices.Contains(selected, t.Term),
			})
		}
	}
	// A selected value with no matches is still shown, so it can be removed.
	for _, v := range selected {
		if !seen[v] {
			seen[v] = true
			out = append(out, FacetValue{Value: v, Label: ix.Label(facet, v, ui), Selected: true})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// ErrNotFound is returned for a document id the index does not hold.
var ErrNotFound = errors.New("no such document")

// Document returns the indexed document with the given id.
func (ix *Index) Document(ctx context.Context, id string) (*corpus.Document, error) {
	sr := bleve.NewSearchRequestOptions(query.NewDocIDQuery([]string{id}), 1, 0, false)
	sr.Fields = []string{indexer.FieldDoc}
	res, err := ix.bleve.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	if len(res.Hits) == 0 {
		return nil, ErrNotFound
	}
	var d corpus.Document
	if err := json.Unmarshal([]byte(str(res.Hits[0].Fields[indexer.FieldDoc])), &d); err != nil {
		return nil, fmt.Errorf("document %s: stored document: %w", id, err)
	}
	return &d, nil
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return str(x[0])
		}
	}
	return ""
}

func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
