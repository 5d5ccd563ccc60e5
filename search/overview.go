package search

import (
	"context"
	"sync"

	"github.com/exsearch/exsearch/corpus"
)

// Overview is the taxonomy of an index, for clients that build their own
// filters: every facet value with its labels in all four languages, its
// place in the hierarchy and the number of documents that have it.
type Overview struct {
	Facets map[string][]OverviewValue `json:"facets"`
	Total  uint64                     `json:"total"`
}

// OverviewValue is one facet value of an Overview.
type OverviewValue struct {
	Value  string            `json:"value"`
	Label  string            `json:"label"`  // in the interface language asked for
	Labels map[string]string `json:"labels"` // in every language
	Parent string            `json:"parent,omitempty"`
	Count  int               `json:"count"`
}

type overviewState struct {
	once   sync.Once
	counts *counter
}

// Overview counts every facet value over the whole index (once per index)
// and labels it in ui.
func (ix *Index) Overview(ctx context.Context, ui string) (*Overview, error) {
	ui, err := uiLanguage(ui)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ix.overview.once.Do(func() {
		c := ix.newCounter(Request{})
		if len(ix.facets) > 0 {
			n := uint64(len(ix.facets[0].offset) - 1)
			for d := uint64(0); d < n; d++ {
				if ix.hasAnyFacet(d) {
					c.add(d)
				}
			}
		}
		ix.overview.counts = c
	})
	c := ix.overview.counts
	out := &Overview{Facets: map[string][]OverviewValue{}, Total: c.total}
	for i, t := range c.tables {
		var values []OverviewValue
		for _, fv := range ix.countedValues(c, i, nil, ui) {
			labels := map[string]string{}
			for _, l := range corpus.Languages {
				labels[l] = ix.Label(t.field, fv.Value, l)
			}
			values = append(values, OverviewValue{Value: fv.Value, Label: fv.Label, Labels: labels, Parent: fv.Parent, Count: fv.Count})
		}
		out.Facets[t.field] = values
	}
	return out, nil
}

// hasAnyFacet reports whether document number d exists: every document has
// a language and a kind, so a number without them is a gap.
func (ix *Index) hasAnyFacet(d uint64) bool {
	for _, t := range ix.facets {
		if len(t.values(d)) > 0 {
			return true
		}
	}
	return false
}
