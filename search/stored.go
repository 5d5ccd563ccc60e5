package search

import (
	"fmt"

	bsearch "github.com/blevesearch/bleve/v2/search"
	jsonv2 "github.com/go-json-experiment/json"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Stored fields of the hits shown, read by document number straight from
// their segment: a hit's id and stored hit for the page, and the text of
// its body for highlighting.

// visitStored visits the stored fields of document number doc. A value
// is only valid during its visit.
func (ix *Index) visitStored(doc uint32, visit func(field string, value []byte) bool) error {
	parts := ix.segments.parts
	i := len(parts) - 1
	for i > 0 && uint64(doc) < parts[i].offset {
		i--
	}
	err := parts[i].seg.VisitStoredFields(uint64(doc)-parts[i].offset, func(field string, _ byte, value []byte, _ []uint64) bool {
		return visit(field, value)
	})
	if err != nil {
		return fmt.Errorf("document number %d: %w", doc, err)
	}
	return nil
}

// stored reads a document's id and stored hit.
func (ix *Index) stored(r ranked) (*bsearch.DocumentMatch, error) {
	dm := &bsearch.DocumentMatch{Score: r.score, Fields: map[string]any{}}
	err := ix.visitStored(r.doc, func(field string, value []byte) bool {
		switch field {
		case "_id":
			dm.ID = string(value)
		case indexer.FieldHit:
			dm.Fields[indexer.FieldHit] = string(value)
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	if dm.ID == "" {
		return nil, fmt.Errorf("document number %d has no id", r.doc)
	}
	return dm, nil
}

// storedBody reads what highlighting needs of a stored document: the text
// that BodyElements makes the body field's elements of. Decoding only those
// fields skips the rest of the document (its raw source among them), and the
// json v2 decoder reads it in one pass, where encoding/json reads it twice.
func (ix *Index) storedBody(doc uint32) (*corpus.Document, error) {
	var body struct {
		Excerpt      string           `json:"excerpt"`
		Instructions string           `json:"instructions"`
		Body         string           `json:"body"`
		Sections     []corpus.Section `json:"sections"`
	}
	found := false
	var decodeErr error
	// The value is only valid inside the visit: the segment reuses its
	// buffer for the next reader.
	if err := ix.visitStored(doc, func(field string, value []byte) bool {
		if field == indexer.FieldDoc {
			found = true
			decodeErr = jsonv2.Unmarshal(value, &body)
			return false
		}
		return true
	}); err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("document number %d: no stored document", doc)
	}
	if decodeErr != nil {
		return nil, fmt.Errorf("document number %d: stored document: %w", doc, decodeErr)
	}
	return &corpus.Document{Excerpt: body.Excerpt, Instructions: body.Instructions, Body: body.Body, Sections: body.Sections}, nil
}
