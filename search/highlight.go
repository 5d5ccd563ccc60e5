package search

import (
	"bytes"
	"fmt"
	"strings"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
)

// highlighterName is exsearch's highlighter, registered with bleve by name
// like bleve's own. It is bleve's HTML highlighter (escaped text, <mark>
// around matches) restricted to the text elements of body fields: a body
// field repeats the titles after the text for ranking (see indexer), and a
// fragment of the body should never be the title again.
const highlighterName = "exsearch"

func init() {
	registry.RegisterHighlighter(highlighterName, func(config map[string]any, cache *registry.Cache) (highlight.Highlighter, error) {
		h, err := htmlhl.Constructor(config, cache)
		if err != nil {
			return nil, fmt.Errorf("exsearch highlighter: %w", err)
		}
		return textOnly{h}, nil
	})
}

type textOnly struct{ highlight.Highlighter }

func (h textOnly) BestFragmentInField(dm *search.DocumentMatch, doc index.Document, field string) string {
	return h.Highlighter.BestFragmentInField(dm, textElements{doc}, field)
}

func (h textOnly) BestFragmentsInField(dm *search.DocumentMatch, doc index.Document, field string, num int) []string {
	return h.Highlighter.BestFragmentsInField(dm, textElements{doc}, field, num)
}

// textElements hides the elements of a stored body field from the title on:
// the body repeats the title and alternative titles after its text (see
// indexer), and the text never equals the bare title.
type textElements struct{ index.Document }

func (d textElements) VisitFields(visit index.FieldVisitor) {
	var title []byte
	d.Document.VisitFields(func(f index.Field) {
		if strings.HasPrefix(f.Name(), "title_") {
			title = f.Value()
		}
	})
	cut := -1
	d.Document.VisitFields(func(f index.Field) {
		if ap := f.ArrayPositions(); strings.HasPrefix(f.Name(), "body_") && len(ap) > 0 && bytes.Equal(f.Value(), title) {
			if cut < 0 || int(ap[0]) < cut {
				cut = int(ap[0])
			}
		}
	})
	d.Document.VisitFields(func(f index.Field) {
		if ap := f.ArrayPositions(); cut >= 0 && strings.HasPrefix(f.Name(), "body_") && len(ap) > 0 && int(ap[0]) >= cut {
			return
		}
		visit(f)
	})
}
