package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// The known edge of an unknown word: the last resort before a search
// answers nothing. A word that no language holds, that is no typo of a
// word any holds and that cannot be split into indexed words may still
// begin or end with one: the Norwegian "hoftehev" (hip raise) is "hofte"
// and a part no document spells, "squatz" is "squat" and a stray letter.
// When the plan, its looser form (decompound.go) and its loose form
// (partial.go) all match nothing, the search matches the longest indexed
// word each unknown word begins with, and the longest it ends with, in
// each language, so that the visitor meets the documents about what the
// known part names instead of a dead end. It costs nothing unless every
// other form found nothing: each look-up analyses a piece of the word
// (WordTerm) and asks the dictionary kept per field, at most
// edgeLookups of them a search.

const (
	// minEdgeRest is the fewest letters left beside an edge: a word that
	// is an edge and one letter is a typo the plan looked for already,
	// but a clearer miss than none.
	minEdgeRest = 1
	// edgeLookups bounds the pieces one search analyses and looks up.
	edgeLookups = 600
	// boostEdge scales an edge's match: it names part of what was asked.
	boostEdge = 0.5
)

// edgeRequest is the query of req when nothing else matched: the known
// edges of the plan's unknown words in every language, or nil when none
// has one.
func (ix *Index) edgeRequest(req Request, p plan) query.Query {
	q := ix.edgeQuery(p.unknown, req.PreferLang)
	if q == nil || req.PreferLang == "" {
		return q
	}
	return query.NewBooleanQuery([]query.Query{q}, []query.Query{preferQuery(req.PreferLang)}, nil)
}

// edgeQuery matches the known edges of the words unknown, as any of a
// language's words is matched in its title, alternative titles and body.
func (ix *Index) edgeQuery(unknown []span, prefer string) query.Query {
	lookups := 0
	var alts []query.Query
	for _, u := range unknown {
		for _, lang := range corpus.Languages {
			fields := []string{indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang)}
			for _, term := range ix.knownEdges(lang, u.term, &lookups) {
				alts = append(alts, ix.fieldsQuery(fields, term, languageWeight(lang, prefer)*boostEdge))
			}
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}

// knownEdges returns the analysed terms of the longest piece of word, of
// minSplitPart letters or more, that word begins with and that lang's
// fields hold, and of the longest it ends with, each once. Every look-up
// counts in *lookups; none is made past edgeLookups.
func (ix *Index) knownEdges(lang, word string, lookups *int) []string {
	w := []rune(strings.ToLower(corpus.Normalize(word)))
	if len(w) < minSplitPart+minEdgeRest || len(w) > maxTypoRunes {
		return nil
	}
	body := indexer.BodyField(lang)
	known := func(piece []rune) (string, bool) {
		if *lookups >= edgeLookups {
			return "", false
		}
		*lookups++
		t := indexer.WordTerm(lang, string(piece))
		return t, t != "" && ix.knownTerm(t, body)
	}
	var out []string
	for j := len(w) - minEdgeRest; j >= minSplitPart; j-- {
		if t, ok := known(w[:j]); ok {
			out = append(out, t)
			break
		}
	}
	for i := minEdgeRest; i <= len(w)-minSplitPart; i++ {
		if t, ok := known(w[i:]); ok {
			if len(out) == 0 || out[0] != t {
				out = append(out, t)
			}
			break
		}
	}
	return out
}
