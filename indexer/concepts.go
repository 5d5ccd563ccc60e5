package indexer

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/corpus"
)

// Mined concepts. corpus joins the documents that describe one exercise
// into a concept (corpus.Document.Concept), which the concept field holds.
// A query finds a concept by name, so the index stores, beside the
// documents and in the same generation, every name of every concept: the
// folded titles and alternative titles of its documents, each mapped to its
// concept. A name two concepts share names neither.

// ConceptNames maps a folded name to the concept it names.
type ConceptNames map[string]string

// conceptNames collects the names of the concepts of docs.
func conceptNames(docs []corpus.Document) ConceptNames {
	out := ConceptNames{}
	shared := map[string]bool{}
	for i := range docs {
		d := &docs[i]
		if d.Concept == "" {
			continue
		}
		for _, name := range append([]string{d.Title}, d.AltTitles...) {
			k := corpus.Fold(name)
			if k == "" || shared[k] {
				continue
			}
			if c, ok := out[k]; ok && c != d.Concept {
				delete(out, k)
				shared[k] = true
				continue
			}
			out[k] = d.Concept
		}
	}
	return out
}

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
