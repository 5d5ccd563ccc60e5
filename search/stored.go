package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	index "github.com/blevesearch/bleve_index_api"
	jsonv2 "github.com/go-json-experiment/json"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Stored fields. The hits shown are read by document number straight from
// their segment, in one visit: a hit's id and stored hit for the page, and,
// when it is to be highlighted, the text of its body. A document asked for
// by id (the document page) is read through bleve's index reader.

// stored reads what the page shows of a match: its id and stored hit, as a
// Hit with facet values labelled in ui, and, with withBody, what
// highlighting needs of its document (see decodeBody); body is nil without.
// What was read with the body is kept for the next search that shows the
// document (see shownCache).
func (ix *Index) stored(r ranked, ui string, withBody bool) (_ Hit, body *corpus.Document, err error) {
	h, sd, err := ix.storedShown(r, ui, withBody)
	if err != nil || !withBody {
		return h, nil, err
	}
	return h, sd.body, nil
}

// storedShown is stored, with the document as kept: with withBody, its body
// and what highlighting makes of it whatever the query (see highlightText).
func (ix *Index) storedShown(r ranked, ui string, withBody bool) (Hit, *shownDoc, error) {
	sd, ok := ix.shown.get(r.doc)
	if !ok {
		var err error
		if sd, err = ix.readShown(r.doc, withBody); err != nil {
			return Hit{}, nil, err
		}
		if withBody {
			sd.text = ix.highlightText(&sd.hit, sd.body)
			ix.shown.add(r.doc, sd)
		}
	}
	return ix.newHit(sd.id, r.score, &sd.hit, ui), sd, nil
}

// shownDoc is what the page reads of a document it shows.
type shownDoc struct {
	id   string
	hit  indexer.StoredHit
	body *corpus.Document // nil when not read
	text *highlightText   // with body
}

func (sd *shownDoc) bytes() int {
	n := 512 + len(sd.id) + len(sd.hit.Title) + len(sd.hit.Excerpt) + len(sd.hit.URL)
	if d := sd.body; d != nil {
		n += len(d.Excerpt) + len(d.Instructions) + len(d.Body)
		for _, s := range d.Sections {
			n += 64 + len(s.Heading) + len(s.Anchor) + len(s.Text)
		}
	}
	return n + sd.text.bytes()
}

// shownCache keeps the documents recent searches showed, with their bodies:
// reading a shown hit's stored fields (a compressed chunk, then the JSON of
// the whole document) and decoding its body were a fifth of a search's
// work at 10,000 documents, and the documents the commonest queries rank
// first are shown again and again. Kept documents are never modified.
type shownCache = sizedCache[uint32, *shownDoc]

// shownCacheBytes bounds the kept documents: a few thousand of them.
const shownCacheBytes = 16 << 20

// readShown reads a document's id and stored hit, and its body with
// withBody, from its stored fields.
func (ix *Index) readShown(doc uint32, withBody bool) (*shownDoc, error) {
	sd := &shownDoc{}
	var bodyErr error
	err := ix.segments.visitStored(doc, func(field string, value []byte) bool {
		switch field {
		case storedIDField:
			sd.id = string(value)
		case indexer.FieldHit:
			jsonv2.Unmarshal(value, &sd.hit)
		case indexer.FieldDoc:
			if withBody {
				sd.body, bodyErr = decodeBody(value)
			}
		}
		return true
	})
	if err == nil && bodyErr != nil {
		err = fmt.Errorf("document number %d: stored document: %w", doc, bodyErr)
	}
	if err != nil {
		return nil, err
	}
	if sd.id == "" {
		return nil, fmt.Errorf("document number %d has no id", doc)
	}
	if withBody && sd.body == nil {
		return nil, fmt.Errorf("document number %d: no stored document", doc)
	}
	return sd, nil
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

// ErrNotFound is returned for a document id the index does not hold.
var ErrNotFound = errors.New("no such document")

// Document returns the indexed document with the given id.
func (ix *Index) Document(ctx context.Context, id string) (*corpus.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ix.storedDocument(id)
}

// storedDocument reads a document's stored JSON.
func (ix *Index) storedDocument(id string) (*corpus.Document, error) {
	doc, err := ix.reader.Document(id)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", id, err)
	}
	if doc == nil {
		return nil, ErrNotFound
	}
	var raw []byte
	doc.VisitFields(func(f index.Field) {
		if f.Name() == indexer.FieldDoc {
			raw = f.Value()
		}
	})
	if raw == nil {
		return nil, ErrNotFound
	}
	var d corpus.Document
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("document %s: stored document: %w", id, err)
	}
	return &d, nil
}
