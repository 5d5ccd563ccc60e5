package indexer

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
)

// MemoChain returns the chain a memo filter runs, for comparing with it.
func MemoChain(f analysis.TokenFilter) []analysis.TokenFilter {
	if m, ok := f.(*memoFilter); ok {
		return m.chain
	}
	return nil
}

// IndexedField is what zap takes from a document's fields of one name: the
// elements' options, summed lengths and term frequencies, and stored values
// (each with the number of its array positions).
type IndexedField struct {
	Options index.FieldIndexingOptions
	Length  int
	Freqs   map[string]int
	Stored  []string
}

// DocumentBuilder builds a document's bleve fields as Build would, directly
// or (Mapped) through bleve's mapping of the same document.
type DocumentBuilder struct {
	im     mapping.IndexMapping
	tax    *corpus.Taxonomy
	direct *directBuilder
}

func NewDocumentBuilder(im mapping.IndexMapping, tax *corpus.Taxonomy) (*DocumentBuilder, error) {
	direct, err := newDirectBuilder(im, tax)
	return &DocumentBuilder{im: im, tax: tax, direct: direct}, err
}

// Direct analyses the directly built document of d.
func (b *DocumentBuilder) Direct(d *corpus.Document, order int) (map[string]*IndexedField, int, error) {
	doc, err := b.direct.document(d, order)
	if err != nil {
		return nil, 0, err
	}
	return indexedFields(doc), len(doc.CompositeFields), nil
}

// Mapped analyses bleve's mapping of d.
func (b *DocumentBuilder) Mapped(d *corpus.Document, order int) (map[string]*IndexedField, int, error) {
	m, err := fields(d, order, Options{}, b.tax)
	if err != nil {
		return nil, 0, err
	}
	doc := document.NewDocument(d.ID)
	if err := b.im.MapDocument(doc, m); err != nil {
		return nil, 0, err
	}
	return indexedFields(doc), len(doc.CompositeFields), nil
}

// indexedFields analyses doc's fields as scorch does and sums them by name
// as zap does.
func indexedFields(doc *document.Document) map[string]*IndexedField {
	out := map[string]*IndexedField{}
	doc.VisitFields(func(f index.Field) {
		s, ok := out[f.Name()]
		if !ok {
			s = &IndexedField{Options: f.Options(), Freqs: map[string]int{}}
			out[f.Name()] = s
		}
		if s.Options != f.Options() {
			s.Options |= 1 << 15 // elements disagree
		}
		if f.Options().IsIndexed() {
			f.Analyze()
			s.Length += f.AnalyzedLength()
			for term, tf := range f.AnalyzedTokenFrequencies() {
				if term != string(tf.Term) {
					s.Freqs["key≠term "+term] = -1
				}
				s.Freqs[term] += tf.Frequency()
			}
		}
		if f.Options().IsStored() {
			s.Stored = append(s.Stored, string(f.Value())+"@"+string(rune('0'+len(f.ArrayPositions()))))
		}
	})
	return out
}
