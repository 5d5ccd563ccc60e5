package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Title words. A topic query's concepts lift the articles about them, in
// any language, by a constant (intent.go), so that among the articles
// about running the query's other words decide only through their text
// score, and that favours the visitor's own language: for "fordele ved at
// løbe baglæns" the Danish articles on running outranked the Norwegian one
// titled "Fordelene med å gå og jogge baklengs". A word of the query that
// names no concept and asks for something (not generic, not a question
// word, nor a stop word of any language) and that an article's title or lead holds, in the article's
// language as that language's analyzer makes it (the Danish word respelled
// for a Norwegian title by the bridge), says the article is about what the
// query asks, as a concept in its title does: it lifts the article alike,
// whatever its language.

// titledWords are, for each such word of the text, the articles whose
// title or lead holds it in any language.
func (ix *Index) titledWords(byLang map[string][]word, covered map[string][]string) []query.Query {
	var order []string
	alts := map[string][]query.Query{}
	for _, lang := range corpus.Languages {
		for _, w := range byLang[lang] {
			if len(covered[w.raw]) > 0 || questionWords[corpus.Fold(w.raw)] || ix.taxonomy.GenericWord(w.raw) || ix.stopSomewhere(w.raw) {
				continue
			}
			if _, ok := alts[w.raw]; !ok {
				order = append(order, w.raw)
				alts[w.raw] = nil
			}
			for _, f := range []string{indexer.TitleField(lang), indexer.LeadField(lang)} {
				if ix.knownTerm(w.term, f) {
					alts[w.raw] = append(alts[w.raw], termQuery(f, w.term, boostFilter))
				}
			}
		}
	}
	var out []query.Query
	for _, raw := range order {
		if len(alts[raw]) > 0 {
			out = append(out, disjunction(alts[raw]))
		}
	}
	return out
}

// stopSomewhere reports whether w is a stop word of some language: "ved"
// is Danish for "by" as much as Norwegian, where it is a stop word.
func (ix *Index) stopSomewhere(w string) bool {
	for _, lang := range corpus.Languages {
		if len(ix.analyzers[lang].Analyze([]byte(w))) == 0 {
			return true
		}
	}
	return false
}
