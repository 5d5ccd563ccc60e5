package indexer

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/corpus"
)

// Meta describes a built index. It is stored inside the index (bleve's
// internal key space), so it is published atomically with the data it
// describes and can never disagree with it.
type Meta struct {
	Schema int `json:"schema"`
	// Plain marks a baseline index (see Options.Plain).
	Plain bool      `json:"plain,omitempty"`
	Built time.Time `json:"built"`
	// BuildSeconds is the time the build took, reading included.
	BuildSeconds float64 `json:"build_seconds"`
	// Corpora are the corpus directories (as given) the index was built from.
	Corpora []string `json:"corpora"`
	// Fingerprint identifies the input when it is the embedded corpus.
	Fingerprint string `json:"fingerprint,omitempty"`
	// Docs counts documents by language, then kind.
	Docs  map[string]map[string]int `json:"docs"`
	Total int                       `json:"total"`
	// Labels are display labels for facet values the taxonomy does not
	// know (raw values kept as slugs), by facet then value.
	Labels map[string]map[string]string `json:"labels,omitempty"`
	// Skipped is the number of corpus files that could not be read.
	Skipped int `json:"skipped"`
	// Generation is the published directory's name; set when opened.
	Generation string `json:"generation,omitempty"`
}

const (
	metaKey     = "exsearch.meta"
	taxonomyKey = "exsearch.taxonomy"
	titlesKey   = "exsearch.titles"
	conceptsKey = "exsearch.concepts"
)

// Title is a document's title as the suggester offers it.
type Title struct {
	ID    string `json:"i"`
	Lang  string `json:"l"`
	Title string `json:"t"`
}

// ReadTitles returns every document's title, for search-as-you-type
// suggestions (stored with the index so a server need not read every
// document to offer them).
func ReadTitles(idx bleve.Index) ([]Title, error) {
	b, err := idx.GetInternal([]byte(titlesKey))
	if err != nil {
		return nil, fmt.Errorf("index titles: %w", err)
	}
	var out []Title
	if b == nil {
		return nil, nil
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("index titles: %w", err)
	}
	return out, nil
}

// internalValues are the keys Build stores in the index besides documents.
func internalValues(m *Meta, t *corpus.Taxonomy, titles []Title, concepts ConceptNames) (map[string][]byte, error) {
	tb, err := json.Marshal(titles)
	if err != nil {
		return nil, err
	}
	meta, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	if t == nil {
		t = corpus.DefaultTaxonomy()
	}
	tax, err := t.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode taxonomy: %w", err)
	}
	if concepts == nil {
		concepts = ConceptNames{}
	}
	cb, err := json.Marshal(concepts)
	if err != nil {
		return nil, err
	}
	return map[string][]byte{metaKey: meta, taxonomyKey: tax, titlesKey: tb, conceptsKey: cb}, nil
}

// ReadMeta returns the metadata stored in an open index.
func ReadMeta(idx bleve.Index) (*Meta, error) {
	b, err := idx.GetInternal([]byte(metaKey))
	if err != nil {
		return nil, fmt.Errorf("index metadata: %w", err)
	}
	if b == nil {
		return nil, fmt.Errorf("index metadata: missing (not an exsearch index?)")
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("index metadata: %w", err)
	}
	if m.Schema != SchemaVersion {
		return nil, fmt.Errorf("index schema %d, this exsearch reads schema %d: reindex", m.Schema, SchemaVersion)
	}
	return &m, nil
}

// ReadTaxonomy returns the taxonomy an index was built with.
func ReadTaxonomy(idx bleve.Index) (*corpus.Taxonomy, error) {
	b, err := idx.GetInternal([]byte(taxonomyKey))
	if err != nil {
		return nil, fmt.Errorf("index taxonomy: %w", err)
	}
	if b == nil {
		return nil, fmt.Errorf("index taxonomy: missing")
	}
	t, err := corpus.ParseTaxonomy(b)
	if err != nil {
		return nil, fmt.Errorf("index taxonomy: %w", err)
	}
	return t, nil
}
