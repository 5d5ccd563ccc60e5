package search

import (
	"context"
	"fmt"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Search runs req against the index: the request's plan is evaluated over
// the index's postings (evaluate.go), the matches are counted for the
// facets and filtered (facets.go) while the best are collected for the page
// (collect.go), and the hits shown are read from their stored fields
// (stored.go) and highlighted (highlight.go). A baseline index is searched
// by bleve instead (baseline.go).
func (ix *Index) Search(ctx context.Context, req Request) (*Result, error) {
	start := time.Now()
	if err := req.normalize(); err != nil {
		return nil, err
	}
	if ix.meta.Plain {
		return ix.plainSearch(ctx, req, start)
	}
	return ix.search(ctx, req, start)
}

// search is Search of a normalised request, started at start.
func (ix *Index) search(ctx context.Context, req Request, start time.Time) (*Result, error) {
	q, p := ix.query(req)
	expansions, corrections := newBudget(ix.budgets.expansion, p.typed), newBudget(ix.budgets.correction, nil)
	c := ix.newCounter(req.withUnderstood(p.understood))
	k := req.Page * req.Size
	var top []ranked
	pruned := !ix.noPruning && k <= maxPrunedK && prunable(q)
	m, release := matches{}, func() {}
	if pruned {
		// Only what can reach the page is scored (pruned.go); a
		// plan that matches nothing goes on as below.
		var err error
		if top, pruned, err = ix.searchPruned(ctx, q, expansions, c, k); err != nil {
			return nil, searchErr(ctx, err)
		}
	} else {
		var err error
		if m, release, err = ix.evaluate(ctx, q, expansions); err != nil {
			return nil, searchErr(ctx, err)
		}
	}
	var err error
	if lq := ix.loosened(req, p); !pruned && len(m.docs) == 0 && lq != nil {
		// No document has every part of a split compound: allow one
		// missing (see decompound.go).
		release()
		expansions = newBudget(ix.budgets.expansion, p.typed)
		if m, release, err = ix.evaluate(ctx, lq, expansions); err != nil {
			return nil, searchErr(ctx, err)
		}
	}
	// A text no document holds all of is matched loosely (partial.go);
	// one that the filters alone leave without hits is not.
	if loose := ix.looseRequest(req, p); !pruned && m.empty() && loose != nil {
		release()
		if m, release, err = ix.evaluate(ctx, loose, expansions); err != nil {
			return nil, searchErr(ctx, err)
		}
	}
	// Nothing at all: the known edges of its unknown words (edge.go).
	if !pruned && m.empty() {
		if edge := ix.edgeRequest(req, p); edge != nil {
			release()
			if m, release, err = ix.evaluate(ctx, edge, expansions); err != nil {
				return nil, searchErr(ctx, err)
			}
		}
	}
	if !pruned {
		top = collect(m, c, k)
	}
	release()
	if c.total == 0 && len(p.understood.filters) > 0 && !req.softened {
		// The words read as filters left nothing ("forbedre kondital
		// uden udstyr": the articles on fitness have no equipment, and
		// no bodyweight exercise says "kondital"): they lift instead.
		// When that finds nothing either, the filters the visitor set
		// are what left nothing, and the answer is the one read, whose
		// counts say so.
		soft := req
		soft.softened = true
		if res, err := ix.search(ctx, soft, start); err != nil || res.Total > 0 {
			return res, err
		}
	}
	page := top[min(len(top), (req.Page-1)*req.Size):]
	highlight := req.Query != ""
	out := ix.newResult(req, c.total, len(page))
	out.Understood = ix.understoodList(req, p.understood)
	shown := make([]*shownDoc, len(page))
	for i, r := range page {
		h, sd, err := ix.storedShown(r, req.UILang, highlight)
		if err != nil {
			return nil, searchErr(ctx, err)
		}
		out.Hits, shown[i] = append(out.Hits, h), sd
	}
	if highlight {
		for lang, m := range p.matchers {
			m.learnTypos(lang, expansions.expanded)
		}
		ix.decorate(out.Hits, shown, p)
	}
	for i, f := range Facets {
		out.Facets[f] = ix.countedValues(c, i, req.Filters[f], req.UILang)
	}
	if err := ix.correct(ctx, out, p, corrections); err != nil {
		return nil, searchErr(ctx, err)
	}
	out.Limited = limitedWords(req.Query, expansions, corrections)
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// correct sets out.Corrected from the plan's unknown words, its look-ups
// paid for from b.
func (ix *Index) correct(ctx context.Context, out *Result, p plan, b *budget) error {
	if len(p.unknown) == 0 {
		return nil
	}
	s, err := ix.suggesterOnce()
	if err != nil {
		return err
	}
	c, ok, err := s.speller.correctQuery(ctx, out.Query, p.unknown, p.last, b)
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

// newResult is a result with room for n hits and no facets yet.
func (ix *Index) newResult(req Request, total uint64, n int) *Result {
	return &Result{
		Query:      req.Query,
		Total:      total,
		Page:       req.Page,
		Size:       req.Size,
		Hits:       make([]Hit, 0, n),
		Facets:     map[string][]FacetValue{},
		Understood: []Understood{},
	}
}

// newHit is the hit of document id, shown from its stored hit s with facet
// values labelled in ui, without highlights yet.
func (ix *Index) newHit(id string, score float64, s *indexer.StoredHit, ui string) Hit {
	hit := Hit{
		ID:         id,
		Score:      score,
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
