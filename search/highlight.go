package search

import (
	"fmt"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"

	"github.com/exsearch/exsearch/indexer"
)

// highlighterName is exsearch's highlighter, registered with bleve by name
// like bleve's own. It is bleve's HTML highlighter (escaped text, <mark>
// around matches) restricted to the text element of array fields: a body
// field repeats the titles after the text for ranking (see indexer.fields),
// and a fragment of the body should never be the title again.
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

// textElements hides the array elements of a stored document that are not
// the text element.
type textElements struct{ index.Document }

func (d textElements) VisitFields(visit index.FieldVisitor) {
	d.Document.VisitFields(func(f index.Field) {
		if ap := f.ArrayPositions(); len(ap) > 0 && ap[0] != indexer.BodyTextElement {
			return
		}
		visit(f)
	})
}
