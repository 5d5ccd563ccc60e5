package search

import (
	"fmt"

	bsearch "github.com/blevesearch/bleve/v2/search"
	jsonv2 "github.com/go-json-experiment/json"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Stored fields of the hits shown, read by document number straight from
// their segment in one visit: a hit's id and stored hit for the page, and,
// when it is to be highlighted, the text of its body.

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

// stored reads a document's id and stored hit and, with withBody, what
// highlighting needs of it (see storedBody); body is nil without.
func (ix *Index) stored(r ranked, withBody bool) (dm *bsearch.DocumentMatch, body *corpus.Document, err error) {
	dm = &bsearch.DocumentMatch{Score: r.score, Fields: map[string]any{}}
	var bodyErr error
	err = ix.visitStored(r.doc, func(field string, value []byte) bool {
		switch field {
		case "_id":
			dm.ID = string(value)
		case indexer.FieldHit:
			dm.Fields[indexer.FieldHit] = string(value)
		case indexer.FieldDoc:
			if withBody {
				body, bodyErr = decodeBody(value)
			}
		}
		return true
	})
	if err == nil && bodyErr != nil {
		err = fmt.Errorf("document number %d: stored document: %w", r.doc, bodyErr)
	}
	if err != nil {
		return nil, nil, err
	}
	if dm.ID == "" {
		return nil, nil, fmt.Errorf("document number %d has no id", r.doc)
	}
	if withBody && body == nil {
		return nil, nil, fmt.Errorf("document number %d: no stored document", r.doc)
	}
	return dm, body, nil
}

// decodeBody decodes what highlighting needs of a stored document: the text
// that BodyElements makes the body field's elements of. Decoding only those
// fields skips the rest of the document (its raw source among them), and the
// json v2 decoder reads it in one pass, where encoding/json reads it twice.
func decodeBody(raw []byte) (*corpus.Document, error) {
	var body struct {
		Excerpt      string           `json:"excerpt"`
		Instructions string           `json:"instructions"`
		Body         string           `json:"body"`
		Sections     []corpus.Section `json:"sections"`
	}
	if err := jsonv2.Unmarshal(raw, &body); err != nil {
		return nil, err
	}
	return &corpus.Document{Excerpt: body.Excerpt, Instructions: body.Instructions, Body: body.Body, Sections: body.Sections}, nil
}
