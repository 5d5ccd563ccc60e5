package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
)

// Partial matches. A plan wants every word of a language in one document
// (all but one from three words on). A query whose words no document holds
// together ("styrke for syklister", "Mobilität für die Schulter") would
// then find nothing, though documents hold most of what it means. When the
// plan matches nothing, the search runs its loose form instead: any word,
// in any language, each document scored by its words' weights times the
// share of the words it holds (a disjunction's coordination), so that the
// documents that hold more of the query rank first. It costs a second
// evaluation, paid only by searches that found nothing. Whether the plan
// found nothing is decided before the filters: a text the filters leave
// without hits is not loosened.

// looseQuery matches any known word of the text in its language's fields
// (as itself or its compound parts), or nil when none is known anywhere.
func (ix *Index) looseQuery(byLang map[string][]word, prefer string) query.Query {
	var alts []query.Query
	for _, lang := range corpus.Languages {
		weight := languageWeight(lang, prefer)
		ws := byLang[lang]
		var any []query.Query
		for i := range ws {
			// Typos and prefixes are left out: looking them up again
			// would double the cost of the searches that pay for them
			// most, and a typo the plan found nothing with is no help.
			w := ws[i]
			w.typos, w.prefix = 0, false
			if w.known() {
				any = append(any, ix.wordQuery(lang, &w, weight))
			}
		}
		if len(any) == 0 {
			continue
		}
		d := query.NewDisjunctionQuery(any)
		alts = append(alts, d)
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}

// empty reports whether m matches no document.
func (m *matches) empty() bool { return !m.all && len(m.docs) == 0 }

// looseRequest is the query of req when its plan p matched nothing, or nil
// when there is none.
func (ix *Index) looseRequest(req Request, p plan) query.Query {
	if p.loose == nil {
		return nil
	}
	q := p.meaning.lift(p.loose)
	if req.PreferLang == "" {
		return q
	}
	return query.NewBooleanQuery([]query.Query{q}, []query.Query{preferQuery(req.PreferLang)}, nil)
}
