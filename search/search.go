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
	bhtml "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	jsonv2 "github.com/go-json-experiment/json"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// facetSize is how many values of one facet are counted. It is above the
// number of canonical ids in any facet, so no value is cut off.
const facetSize = 500

// Search runs req against the index.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.normalize(); err != nil {
		return nil, err
	}
	if ix.meta.Plain {
		return ix.plainSearch(ctx, req, start)
	}
	q, p := ix.query(req, false)
	m, release, err := ix.evaluate(ctx, q)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	c := ix.newCounter(req)
	top := collect(m, c, req.Page*req.Size)
	release()
	res := &bleve.SearchResult{Total: c.total}
	page := top[min(len(top), (req.Page-1)*req.Size):]
	highlight := req.Query != ""
	bodies := make([]*corpus.Document, len(page))
	for i, r := range page {
		dm, body, err := ix.stored(r, highlight)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		res.Hits, bodies[i] = append(res.Hits, dm), body
	}
	out := ix.result(req, res)
	if highlight {
		ix.decorate(out.Hits, bodies, p)
	}
	for i, f := range Facets {
		out.Facets[f] = ix.countedValues(c, i, req.Filters[f], req.UILang)
	}
	if err := ix.correct(ctx, out, p); err != nil {
		return nil, searchErr(ctx, err)
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// correct sets out.Corrected from the plan's unknown words.
func (ix *Index) correct(ctx context.Context, out *Result, p plan) error {
	if len(p.unknown) == 0 {
		return nil
	}
	s, err := ix.suggesterOnce()
	if err != nil {
		return err
	}
	c, ok, err := s.speller.correctQuery(ctx, out.Query, p.unknown, p.last)
	if ok {
		out.Corrected = c
	}
	return err
}

func searchErr(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return fmt.Errorf("search: %w", err)
}

// plainSearch is the baseline's search: filters in the query and bleve's
// own facets.
func (ix *Index) plainSearch(ctx context.Context, req Request, start time.Time) (*Result, error) {
	q, _ := ix.query(req, true)
	sr := bleve.NewSearchRequestOptions(q, req.Size, (req.Page-1)*req.Size, false)
	sr.Fields = []string{indexer.FieldHit}
	sr.SortBy([]string{"-_score", "_id"})
	ix.plainHighlight(sr, req)
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
	out := ix.result(req, res)
	for _, f := range Facets {
		out.Facets[f] = ix.facetValues(f, res.Facets[f], req.Filters[f], req.UILang)
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// plainHighlight asks bleve's own HTML highlighter for the baseline's
// highlights.
func (ix *Index) plainHighlight(sr *bleve.SearchRequest, req Request) {
	if req.Query == "" || req.Size == 0 {
		return
	}
	sr.Highlight = bleve.NewHighlightWithStyle(bhtml.Name)
	for _, lang := range corpus.Languages {
		sr.Highlight.AddField(indexer.TitleField(lang))
		sr.Highlight.AddField(indexer.BodyField(lang))
	}
	sr.IncludeLocations = true
}

func (ix *Index) result(req Request, res *bleve.SearchResult) *Result {
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
	return out
}

// query is the bleve query of a request: the text and the language
// preference, and with filters, the facet filters (otherwise the counter
// applies them).
func (ix *Index) query(req Request, filters bool) (query.Query, plan) {
	var q query.Query = query.NewMatchAllQuery()
	var p plan
	if req.Query != "" {
		p = ix.textQuery(req.Query, req.PreferLang)
		q = p.query
		if q == nil {
			q = query.NewMatchNoneQuery()
		}
	}
	must := []query.Query{q}
	var mustNot []query.Query
	if filters {
		for _, f := range Facets {
			if values := req.Filters[f]; len(values) > 0 {
				must = append(must, anyOf(f, values))
			}
		}
	}
	var should []query.Query
	if req.PreferLang != "" && !ix.meta.Plain {
		should = append(should, preferQuery(req.PreferLang))
	}
	if len(must) == 1 && should == nil && mustNot == nil {
		return q, p
	}
	return query.NewBooleanQuery(must, should, mustNot), p
}

// preferQuery gives documents in lang a constant lift. A term query on lang
// would not do: its weight is the term's idf, small for the largest
// language and large for the smallest, the opposite of constant.
func preferQuery(lang string) query.Query {
	all := query.NewMatchAllQuery()
	all.SetBoost(boostPrefer)
	return query.NewConjunctionQuery([]query.Query{all, termQuery(indexer.FieldLang, lang, boostFilter)})
}

// anyOf selects documents with any of values in field.
func anyOf(field string, values []string) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = termQuery(field, v, boostFilter)
	}
	return query.NewDisjunctionQuery(qs)
}

func (ix *Index) hit(h *bsearch.DocumentMatch, ui string) Hit {
	var s indexer.StoredHit
	if raw, ok := h.Fields[indexer.FieldHit].(string); ok {
		jsonv2.Unmarshal([]byte(raw), &s)
	}
	hit := Hit{
		ID:         h.ID,
		Score:      h.Score,
		Title:      s.Title,
		Excerpt:    s.Excerpt,
		URL:        s.URL,
		Image:      s.Image,
		Lang:       s.Lang,
		Kind:       s.Kind,
		Highlights: Highlights{Title: []string{}, Body: []string{}},
		Muscle:     ix.values(indexer.FieldMuscle, s.Muscle, ui),
		Equipment:  ix.values(indexer.FieldEquipment, s.Equipment, ui),
		Focus:      ix.values(indexer.FieldFocus, s.Focus, ui),
		Inferred:   s.Inferred,
	}
	if hit.Inferred == nil {
		hit.Inferred = []string{}
	}
	// Only the baseline asks bleve for highlights (see decorate).
	for field, frags := range h.Fragments {
		switch {
		case strings.HasPrefix(field, "title_"):
			hit.Highlights.Title = append(hit.Highlights.Title, frags...)
		case strings.HasPrefix(field, "body_"):
			hit.Highlights.Body = append(hit.Highlights.Body, frags...)
		}
	}
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
	if value == corpus.Unspecified {
		return corpus.UnspecifiedName(ui)
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
	tax := ix.taxonomy.Facet(facet)
	add := func(v string, count int) {
		seen[v] = true
		fv := FacetValue{Value: v, Label: ix.Label(facet, v, ui), Count: count, Selected: slices.Contains(selected, v)}
		if tax != nil && tax.Term(v) != nil {
			fv.Parent = tax.Term(v).Parent
		}
		out = append(out, fv)
	}
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			add(t.Term, t.Count)
		}
	}
	// A selected value with no matches is still shown, so it can be removed.
	for _, v := range selected {
		if !seen[v] {
			add(v, 0)
		}
	}
	sortFacetValues(out)
	return out
}

// sortFacetValues orders values by count, "not specified" last.
func sortFacetValues(out []FacetValue) {
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Value == corpus.Unspecified) != (out[j].Value == corpus.Unspecified) {
			return out[j].Value == corpus.Unspecified
		}
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Label < out[j].Label
	})
}

// ErrNotFound is returned for a document id the index does not hold.
var ErrNotFound = errors.New("no such document")

// Document returns the indexed document with the given id.
func (ix *Index) Document(ctx context.Context, id string) (*corpus.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ix.storedDocument(id)
}

// storedDocument reads a document's stored JSON.
func (ix *Index) storedDocument(id string) (*corpus.Document, error) {
	doc, err := ix.reader.Document(id)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	if doc == nil {
		return nil, ErrNotFound
	}
	var raw []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == indexer.FieldDoc {
			raw = f.Value()
		}
	})
	if raw == nil {
		return nil, ErrNotFound
	}
	var d corpus.Document
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("document %s: stored document: %w", id, err)
	}
	return &d, nil
}
