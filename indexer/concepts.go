package indexer

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"
)

// Mined concepts. corpus joins the documents that describe one exercise
// into a concept (corpus.Document.Concept), which the concept field holds.
// A query finds a concept by name, so the index stores, beside the
// documents and in the same generation, every name of every concept: the
// folded titles and alternative titles of its documents, each mapped to its
// concept. A name two concepts share names neither.

// ConceptNames maps a folded name to the concept it names.
type ConceptNames map[string]string

// ReadConceptNames returns the names of the concepts mined for an index.
func ReadConceptNames(idx bleve.Index) (ConceptNames, error) {
	b, err := idx.GetInternal([]byte(conceptsKey))
	if err != nil {
		return nil, fmt.Errorf("index concepts: %w", err)
	}
	if b == nil {
		return nil, fmt.Errorf("index concepts: missing")
	}
	var out ConceptNames
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("index concepts: %w", err)
	}
	return out, nil
}

// Concepts returns the number of concepts named.
func (n ConceptNames) Concepts() int {
	seen := map[string]bool{}
	for _, c := range n {
		seen[c] = true
	}
	return len(seen)
}

// Sorted returns the names in order (for tests and listings).
func (n ConceptNames) Sorted() []string {
	out := make([]string, 0, len(n))
	for k := range n {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
