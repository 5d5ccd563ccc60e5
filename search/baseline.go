package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bhtml "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	jsonv2 "github.com/go-json-experiment/json"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// The baseline: everything exsearch does with bleve's own search, kept
// apart from the product's path so that the product reads on its own.
//
// A plain index (indexer.Options.Plain) is searched as the walking product
// searched it, the baseline the README's benchmarks measure against: bleve's
// stock analyzers (openPlain), every word in a language with the languages
// as alternatives (plainTextQuery), the filters in the query, bleve's
// searchers and collector, its term facets and its HTML highlighter. Open,
// Search and Cost dispatch here once each, on the index's metadata.
//
// The product's plans are bleve queries too, and bleve's searchers can run
// them (scaled.Searcher): that is the reference the comparison tests check
// the evaluator against (TestEvaluateAgreesWithBleve, TestFacetCountsEqualBleve,
// FuzzEvaluateAgreesWithBleve).

// facetSize is how many values of one facet bleve counts. It is above the
// number of canonical ids in any facet, so no value is cut off.
const facetSize = 500

// openPlain finishes opening a plain index: bleve's stock analyzers, and no
// facet tables or document order (bleve counts and ranks).
func (ix *Index) openPlain() error {
	return ix.loadAnalyzers(indexer.PlainAnalyzer, indexer.PlainAnalyzer)
}

// plainCost is the estimated work of searching a plain index for a text of
// fields words (see Cost): its plan has no typos, so its words are all its
// cost.
func plainCost(fields int) Cost { return Cost{Words: fields, Units: fields} }

// plainSearch is the baseline's search: the plain plan with the filters in
// the query, bleve's collector, facets and highlighter.
func (ix *Index) plainSearch(ctx context.Context, req Request, start time.Time) (*Result, error) {
	sr := bleve.NewSearchRequestOptions(ix.plainQuery(req), req.Size, (req.Page-1)*req.Size, false)
	sr.Fields = []string{indexer.FieldHit}
	sr.SortBy([]string{"-_score", "_id"})
	ix.plainHighlight(sr, req)
	for _, f := range Facets {
		sr.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
	}
	res, err := ix.bleve.SearchInContext(ctx, sr)
	if err != nil {
		return nil, searchErr(ctx, err)
	}
	out := ix.newResult(req, res.Total, len(res.Hits))
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, ix.plainHit(h, req.UILang))
	}
	for _, f := range Facets {
		out.Facets[f] = ix.plainFacetValues(f, res.Facets[f], req.Filters[f], req.UILang)
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// plainQuery is the baseline's query for a request: the plain plan of its
// text (everything without text), narrowed by its filters.
func (ix *Index) plainQuery(req Request) query.Query {
	var q query.Query = query.NewMatchAllQuery()
	if req.Query != "" {
		if q = ix.plainTextQuery(req.Query); q == nil {
			q = query.NewMatchNoneQuery()
		}
	}
	return filtered(q, req.Filters)
}

// filtered narrows q to the documents that pass the facet filters, in the
// query, as bleve applies them: values of one facet OR-ed, facets AND-ed.
// (The product filters while counting, see facets.go.)
func filtered(q query.Query, filters map[string][]string) query.Query {
	must := []query.Query{q}
	for _, f := range Facets {
		if values := filters[f]; len(values) > 0 {
			must = append(must, anyOf(f, values))
		}
	}
	if len(must) == 1 {
		return q
	}
	return query.NewBooleanQuery(must, nil, nil)
}

// anyOf selects documents with any of values in field.
func anyOf(field string, values []string) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		qs[i] = termQuery(field, v, boostFilter)
	}
	return query.NewDisjunctionQuery(qs)
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

// plainHit is the hit of one of bleve's matches, with bleve's highlights.
func (ix *Index) plainHit(h *bsearch.DocumentMatch, ui string) Hit {
	var s indexer.StoredHit
	if raw, ok := h.Fields[indexer.FieldHit].(string); ok {
		jsonv2.Unmarshal([]byte(raw), &s)
	}
	hit := ix.newHit(h.ID, h.Score, &s, ui)
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

// plainFacetValues is the result's list of one facet from bleve's counts.
func (ix *Index) plainFacetValues(facet string, fr *bsearch.FacetResult, selected []string, ui string) []FacetValue {
	out := []FacetValue{}
	seen := map[string]bool{}
	tax := ix.taxonomy.Facet(facet)
	add := func(v string, count int) {
		seen[v] = true
		out = append(out, ix.facetValue(facet, tax, v, count, slices.Contains(selected, v), ui))
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

// plainTextQuery is the walking product's plan, kept as the baseline for
// plain indexes: every word in the title, alternative titles or body of a
// language, the languages as alternatives, nothing else.
func (ix *Index) plainTextQuery(text string) query.Query {
	var langs []query.Query
	for _, lang := range corpus.Languages {
		var must []query.Query
		seen := map[string]bool{}
		for _, tok := range ix.analyzers[lang].Analyze([]byte(text)) {
			t := string(tok.Term)
			if t == "" || seen[t] {
				continue
			}
			seen[t] = true
			must = append(must, query.NewDisjunctionQuery([]query.Query{
				termQuery(indexer.TitleField(lang), t, boostTitle),
				termQuery(indexer.AltField(lang), t, boostAlt),
				termQuery(indexer.BodyField(lang), t, boostBody),
			}))
		}
		if len(must) > 0 {
			langs = append(langs, query.NewConjunctionQuery(must))
		}
	}
	if len(langs) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(langs)
}

// Searcher runs a scaled query through bleve's searchers: as bleve applies
// boosts to leaf queries only, it searches a copy of q with scaled leaf
// boosts.
func (s *scaled) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options bsearch.SearcherOptions) (bsearch.Searcher, error) {
	q, err := scaleBoosts(s.q, s.factor)
	if err != nil {
		return nil, err
	}
	return q.Searcher(ctx, i, m, options)
}

// scaleBoosts copies q with every leaf's boost times f.
func scaleBoosts(q query.Query, f float64) (query.Query, error) {
	all := func(qs []query.Query) ([]query.Query, error) {
		out := make([]query.Query, len(qs))
		for i, c := range qs {
			var err error
			if out[i], err = scaleBoosts(c, f); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	switch q := q.(type) {
	case *query.TermQuery:
		c := *q
		c.SetBoost(q.Boost() * f)
		return &c, nil
	case *query.FuzzyQuery:
		c := *q
		c.SetBoost(q.Boost() * f)
		return &c, nil
	case *query.PrefixQuery:
		c := *q
		c.SetBoost(q.Boost() * f)
		return &c, nil
	case *scaled:
		return scaleBoosts(q.q, q.factor*f)
	case *query.DisjunctionQuery:
		children, err := all(q.Disjuncts)
		if err != nil {
			return nil, err
		}
		d := query.NewDisjunctionQuery(children)
		d.SetMin(q.Min)
		return d, nil
	case *query.ConjunctionQuery:
		children, err := all(q.Conjuncts)
		if err != nil {
			return nil, err
		}
		return query.NewConjunctionQuery(children), nil
	case *query.BooleanQuery:
		// A family named with its equipment is one (plan.go); only the
		// clauses that score are scaled, must-not and filter as they are.
		c := *q
		var err error
		if q.Must != nil {
			if c.Must, err = scaleBoosts(q.Must, f); err != nil {
				return nil, err
			}
		}
		if q.Should != nil {
			if c.Should, err = scaleBoosts(q.Should, f); err != nil {
				return nil, err
			}
		}
		return &c, nil
	}
	return nil, fmt.Errorf("query plan: cannot scale a %T", q)
}
