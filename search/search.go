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

// Search runs req against the index.
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.normalize(); err != nil {
		return nil, err
	}
	sr := bleve.NewSearchRequestOptions(ix.query(req), req.Size, (req.Page-1)*req.Size, false)
	sr.Fields = []string{indexer.FieldHit}
	sr.SortBy([]string{"-_score", "_id"})
	if req.Query != "" && req.Size > 0 {
		sr.Highlight = bleve.NewHighlightWithStyle(highlighterName)
		for _, lang := range corpus.Languages {
			sr.Highlight.AddField(indexer.TitleField(lang))
			sr.Highlight.AddField(indexer.BodyField(lang))
		}
		sr.IncludeLocations = true
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

// query is the whole bleve query of a request: the text, the filters, and
// the language preference.
func (ix *Index) query(req Request) query.Query {
	var q query.Query = query.NewMatchAllQuery()
	if req.Query != "" {
		q = ix.textQuery(req.Query, req.PreferLang)
		if q == nil {
			q = query.NewMatchNoneQuery()
		}
	}
	must := []query.Query{q}
	var mustNot []query.Query
	for _, f := range Facets {
		values := req.Filters[f]
		if f == indexer.FieldEquipment && req.EquipmentMode == EquipmentHave && !ix.meta.Plain {
			have, lacking := ix.equipmentHave(values)
			must = append(must, have)
			if lacking != nil {
				mustNot = append(mustNot, lacking)
			}
			continue
		}
		if len(values) > 0 {
			must = append(must, anyOf(f, values))
		}
	}
	var should []query.Query
	if req.PreferLang != "" && !ix.meta.Plain {
		should = append(should, preferQuery(req.PreferLang))
	}
	if len(must) == 1 && should == nil && mustNot == nil {
		return q
	}
	b := query.NewBooleanQuery(must, should, mustNot)
	return b
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

// equipmentHave reads the selected equipment as what the visitor has: an
// exercise qualifies when all it needs is among it, or bodyweight. Documents
// that list no equipment do not qualify: nothing is known of what they need.
func (ix *Index) equipmentHave(have []string) (must, mustNot query.Query) {
	allowed := append([]string{"bodyweight"}, have...)
	must = anyOf(indexer.FieldEquipment, allowed)
	var lacking []string
	for _, e := range ix.equipment {
		if !slices.Contains(allowed, e) {
			lacking = append(lacking, e)
		}
	}
	if len(lacking) > 0 {
		mustNot = anyOf(indexer.FieldEquipment, lacking)
	}
	return must, mustNot
}

func (ix *Index) hit(h *bsearch.DocumentMatch, ui string) Hit {
	var s indexer.StoredHit
	if raw, ok := h.Fields[indexer.FieldHit].(string); ok {
		json.Unmarshal([]byte(raw), &s)
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
	for field, frags := range h.Fragments {
		switch {
		case strings.HasPrefix(field, "title_"):
			hit.Highlights.Title = append(hit.Highlights.Title, frags...)
		case strings.HasPrefix(field, "body_"):
			hit.Highlights.Body = append(hit.Highlights.Body, frags...)
		}
	}
	hit.Section = bestSection(h, s.Sections)
	return hit
}

// bestSection is the titled section of the body with the most matches.
func bestSection(h *bsearch.DocumentMatch, sections []indexer.SectionRef) *Section {
	if len(sections) == 0 {
		return nil
	}
	counts := make([]int, len(sections))
	for field, terms := range h.Locations {
		if !strings.HasPrefix(field, "body_") {
			continue
		}
		for _, locs := range terms {
			for _, l := range locs {
				if len(l.ArrayPositions) > 0 && int(l.ArrayPositions[0]) < len(sections) {
					counts[l.ArrayPositions[0]]++
				}
			}
		}
	}
	best := -1
	for i, n := range counts {
		if n > 0 && sections[i].Heading != "" && (best < 0 || n > counts[best]) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	return &Section{Heading: sections[best].Heading, Anchor: sections[best].Anchor}
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
	sort.SliceStable(out, func(i, j int) bool {
		// "Not specified" goes last, whatever its count.
		if (out[i].Value == corpus.Unspecified) != (out[j].Value == corpus.Unspecified) {
			return out[j].Value == corpus.Unspecified
		}
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
	raw, _ := res.Hits[0].Fields[indexer.FieldDoc].(string)
	var d corpus.Document
	if err := json.Unmarshal([]byte(raw), &d); err != nil {
		return nil, fmt.Errorf("document %s: stored document: %w", id, err)
	}
	return &d, nil
}
