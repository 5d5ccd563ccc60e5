package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/indexer"
)

// Mined concepts (see corpus/mine.go): the documents that describe one
// exercise, in any language, share a concept, and the index stores every
// name of every concept. A query that names one (the whole text, or a run
// of its words: "Schulterdrücken", "barbell shoulder press for beginners")
// finds all its documents, in every language, as a family does; the intent
// (intent.go) lifts them above partial word matches.

// minedNames are the names of an index's concepts.
type minedNames struct {
	byName  map[string]string
	longest int // the most words a name has
}

func newMinedNames(n indexer.ConceptNames) *minedNames {
	m := &minedNames{byName: n}
	for k := range n {
		m.longest = max(m.longest, strings.Count(k, " ")+1)
	}
	return m
}

// minedConcept is a concept a run of a query's words names.
type minedConcept struct {
	id         string
	start, end int // word positions in the folded text, end exclusive
}

// find returns the concepts that runs of the folded words name, longest
// first, each word in at most one.
func (m *minedNames) find(words []string) []minedConcept {
	if m == nil {
		return nil
	}
	var out []minedConcept
	for i := 0; i < len(words); {
		n := min(m.longest, len(words)-i)
		for ; n >= 1; n-- {
			if id, ok := m.byName[strings.Join(words[i:i+n], " ")]; ok {
				out = append(out, minedConcept{id, i, i + n})
				break
			}
		}
		i += max(n, 1)
	}
	return out
}

// minedQuery matches the documents of the concepts the text names.
func (ix *Index) minedQuery(words []string) query.Query {
	var qs []query.Query
	for _, c := range ix.mined.find(words) {
		qs = append(qs, termQuery(indexer.FieldConcept, c.id, boostFamily))
	}
	if len(qs) == 0 {
		return nil
	}
	return disjunction(qs)
}
