package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Query planning. The visitor's language is unknown, so the text is analysed
// once per language, with that language's analyzer, and each analysis is
// matched against that language's fields only. Within a language every word
// must match (in the title, alternative titles or body, titles weighing
// more); the languages are alternatives. A Danish query thus meets Danish
// stemming and stop words, and a German one German ones, in one request.

// Field weights: a word in the title counts more than the same word in the
// alternative titles, which counts more than one in the body.
const (
	boostTitle = 3.0
	boostAlt   = 2.0
	boostBody  = 1.0
)

// textQuery returns the query for text, or nil when no language's analyzer
// leaves a word to search for (the text was only stop words or punctuation).
func (ix *Index) textQuery(text string) query.Query {
	var langs []query.Query
	for _, lang := range corpus.Languages {
		terms := ix.analyze(lang, text)
		if len(terms) == 0 {
			continue
		}
		var must []query.Query
		for _, t := range terms {
			must = append(must, query.NewDisjunctionQuery([]query.Query{
				termQuery(indexer.TitleField(lang), t, boostTitle),
				termQuery(indexer.AltField(lang), t, boostAlt),
				termQuery(indexer.BodyField(lang), t, boostBody),
			}))
		}
		langs = append(langs, query.NewConjunctionQuery(must))
	}
	if len(langs) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(langs)
}

// analyze returns the distinct terms lang's analyzer makes of text.
func (ix *Index) analyze(lang, text string) []string {
	var terms []string
	seen := map[string]bool{}
	for _, tok := range ix.analyzers[lang].Analyze([]byte(text)) {
		t := string(tok.Term)
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		terms = append(terms, t)
	}
	return terms
}

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// filterQuery selects documents with any of values in field.
func filterQuery(field string, values []string) query.Query {
	var any []query.Query
	for _, v := range values {
		// Filters narrow; they should not reorder. A tiny boost keeps
		// their score contribution out of the ranking.
		any = append(any, termQuery(field, v, 1e-6))
	}
	return query.NewDisjunctionQuery(any)
}
