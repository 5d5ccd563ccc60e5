// Package indexer owns the on-disk index: its schema (field names, analyzers,
// mapping), building it from documents, and publishing it atomically into a
// directory a server reads from.
//
// Schema. Bleve cannot choose an analyzer per document for one field, so
// every language has its own text fields, analysed by that language's
// analyzer: title_da, alt_da, body_da, …, title_en, alt_en, body_en. A
// document fills only the fields of its own language. Facets are keyword
// fields holding canonical taxonomy ids (muscle, equipment, focus) plus lang
// and kind; they keep doc values so they can be counted. The whole Document
// is stored as JSON in "doc" so that the document endpoint returns exactly
// what was indexed.
package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	// The language analyzers register themselves by name ("da", "no", …).
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"

	"github.com/exsearch/exsearch/corpus"
)

// SchemaVersion changes whenever the mapping or field contents change, so a
// server can refuse (and a cache can rebuild) an index of another schema.
const SchemaVersion = 1

// Field names.
const (
	FieldTitle     = "title"   // stored: display title
	FieldExcerpt   = "excerpt" // stored: display excerpt
	FieldURL       = "url"     // stored
	FieldImage     = "image"   // stored
	FieldDoc       = "doc"     // stored: the Document as JSON
	FieldLang      = "lang"    // facet
	FieldKind      = "kind"    // facet
	FieldMuscle    = "muscle"  // facet
	FieldEquipment = "equipment"
	FieldFocus     = "focus"
)

// FacetFields are the keyword fields that can be filtered and counted, in
// display order.
var FacetFields = []string{FieldMuscle, FieldEquipment, FieldFocus, FieldLang, FieldKind}

// TitleField, AltField and BodyField name a language's text fields.
func TitleField(lang string) string { return "title_" + lang }
func AltField(lang string) string   { return "alt_" + lang }
func BodyField(lang string) string  { return "body_" + lang }

// BodyTextElement is the array position of the document text in a body
// field; the other elements repeat the titles for ranking (see fields).
const BodyTextElement = 0

// Analyzer returns the name of the analyzer registered for lang. The names
// are bleve's own: the language code.
func Analyzer(lang string) string { return lang }

// DocType is the mapping type of every exsearch document.
const DocType = "document"

// Mapping returns the index mapping. It is strict: fields that are not named
// here are not indexed, so a new Document field cannot slip into the index
// unanalysed.
func Mapping() mapping.IndexMapping {
	im := bleve.NewIndexMapping()
	im.DefaultType = DocType
	im.DefaultAnalyzer = keyword.Name
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	// BM25 rather than bleve's default TF-IDF: term frequency saturates, so
	// a body that repeats a word many times does not outrank a short title
	// that names the exercise.
	im.ScoringModel = index.BM25Scoring

	dm := bleve.NewDocumentStaticMapping()
	for _, lang := range corpus.Languages {
		for _, f := range []string{TitleField(lang), AltField(lang), BodyField(lang)} {
			dm.AddFieldMappingsAt(f, textField(Analyzer(lang)))
		}
	}
	for _, f := range FacetFields {
		dm.AddFieldMappingsAt(f, keywordField())
	}
	for _, f := range []string{FieldTitle, FieldExcerpt, FieldURL, FieldImage, FieldDoc} {
		dm.AddFieldMappingsAt(f, storedField())
	}
	im.AddDocumentMapping(DocType, dm)
	im.DefaultMapping = dm
	return im
}

// textField is analysed, stored (highlighting needs the original text) and
// keeps term vectors (highlighting needs the positions).
func textField(analyzer string) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = true
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func keywordField() *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Store = true
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = true
	return f
}

func storedField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Index = false
	f.Store = true
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}
