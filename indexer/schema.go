// Package indexer owns the on-disk index: its schema (field names, analyzers,
// mapping), building it from documents, and publishing it atomically into a
// directory a server reads from.
//
// Schema. Bleve cannot choose an analyzer per document for one field, so
// every language has its own text fields, analysed by that language's
// analyzer (see analysis.go): title_da, alt_da, body_da, …, title_en, alt_en,
// body_en. A document fills only the fields of its own language. An
// article also fills lead_da, …: its excerpt, headings and tags, what it
// says it is about (a search reads a topic named there as the article's topic, as
// one named in its title; the body may mention it in passing). An exercise
// fills it with its tags alone (its level: "beginner").
//
// Facets are keyword fields holding canonical taxonomy ids (muscle,
// equipment, focus) plus lang and kind. A facet field also holds the
// ancestors of each value, so that filtering on "legs" finds hamstring
// exercises and the count of "legs" includes them, and the value
// "unspecified" when the document has none, so that such documents can be
// counted and selected too. They are counted from their postings (search
// reads each facet's postings into a table when it opens an index), so an
// exsearch index keeps no doc values: building them was work at every
// reindex that no search read. The plain baseline keeps them, as bleve's
// own facets want them.
//
// Beside them: family (the exercise families a title names, for finding an
// exercise across languages), concept (the exercise concept mined from the
// data, whose names are stored with the index, see concepts.go), declared (the facet values the source declared,
// as "muscle:quadriceps", which a query that names a concept trusts more
// than inferred ones), title_key (the folded titles, for exact title
// matches), hit (what a result shows, as JSON: one stored field to load per
// hit) and doc (the whole Document, as JSON, for the document endpoint).
//
// A plain index (Options.Plain) uses bleve's stock language analyzers and
// holds no ancestors, families or title keys: it is the baseline that
// quality and speed are measured against.
package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	// The language analyzers and filters register themselves by name.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"

	"github.com/exsearch/exsearch/corpus"
)

// SchemaVersion changes whenever the mapping or field contents change, so a
// server can refuse (and a cache can rebuild) an index of another schema.
const SchemaVersion = 12

// Field names.
const (
	FieldLang      = "lang"      // facet
	FieldKind      = "kind"      // facet
	FieldMuscle    = "muscle"    // facet (values and their ancestors)
	FieldEquipment = "equipment" // facet
	FieldFocus     = "focus"     // facet
	FieldFamily    = "family"    // keyword: exercise families named in the titles
	FieldConcept   = "concept"   // keyword: the exercise concept mined from the data (corpus.Document.Concept)
	FieldDeclared  = "declared"  // keyword: "facet:value" for declared (not inferred) values
	FieldTitleKey  = "title_key" // keyword: folded title and alternative titles
	FieldOrderHi   = "order_hi"  // keyword: the document's place in title order, ÷ OrderSplit
	FieldOrderLo   = "order_lo"  // keyword: …and its remainder
	FieldHit       = "hit"       // stored: the Hit JSON
	FieldDoc       = "doc"       // stored: the Document JSON
)

// FacetFields are the keyword fields that can be filtered and counted, in
// display order.
var FacetFields = []string{FieldMuscle, FieldEquipment, FieldFocus, FieldLang, FieldKind}

// TitleField, AltField, BodyField and LeadField name a language's text
// fields.
func TitleField(lang string) string { return "title_" + lang }
func AltField(lang string) string   { return "alt_" + lang }
func BodyField(lang string) string  { return "body_" + lang }
func LeadField(lang string) string  { return "lead_" + lang }

// Analyzer returns the name of lang's analyzer in an exsearch index: the
// one for titles and queries, which splits compounds.
func Analyzer(lang string) string { return "exsearch_" + lang }

// TextAnalyzer returns the name of lang's analyzer for body text: the same
// chain without the compound splitter.
func TextAnalyzer(lang string) string { return "exsearch_text_" + lang }

// PlainAnalyzer returns the name of bleve's own analyzer for lang, which a
// plain index uses.
func PlainAnalyzer(lang string) string { return lang }

// DocType is the mapping type of every exsearch document.
const DocType = "document"

// Options choose the kind of index.
type Options struct {
	// Plain builds the baseline: bleve's stock analyzers, no hierarchy,
	// families or title keys.
	Plain bool
	// Dictionaries are the compound-splitting dictionaries by language
	// (see Dictionary); ignored for a plain index.
	Dictionaries map[string][]string
}

// Mapping returns the index mapping. It is strict: fields that are not named
// here are not indexed, so a new Document field cannot slip into the index
// unanalysed.
func Mapping(opts Options) (mapping.IndexMapping, error) {
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
	analyzer, textAnalyzer := PlainAnalyzer, PlainAnalyzer
	if !opts.Plain {
		if err := addAnalyzers(im, opts.Dictionaries); err != nil {
			return nil, err
		}
		analyzer, textAnalyzer = Analyzer, TextAnalyzer
	}

	dm := bleve.NewDocumentStaticMapping()
	for _, lang := range corpus.Languages {
		// exsearch highlights from the stored document (see search), so
		// text fields keep neither the text nor term vectors; the plain
		// baseline stores title and body for bleve's highlighter.
		dm.AddFieldMappingsAt(TitleField(lang), textField(analyzer(lang), opts.Plain))
		dm.AddFieldMappingsAt(AltField(lang), textField(analyzer(lang), false))
		dm.AddFieldMappingsAt(BodyField(lang), textField(textAnalyzer(lang), opts.Plain))
		if !opts.Plain {
			dm.AddFieldMappingsAt(LeadField(lang), textField(textAnalyzer(lang), false))
		}
	}
	for _, f := range FacetFields {
		dm.AddFieldMappingsAt(f, keywordField(opts.Plain))
	}
	dm.AddFieldMappingsAt(FieldFamily, keywordField(false))
	dm.AddFieldMappingsAt(FieldConcept, keywordField(false))
	dm.AddFieldMappingsAt(FieldDeclared, keywordField(false))
	dm.AddFieldMappingsAt(FieldTitleKey, keywordField(false))
	dm.AddFieldMappingsAt(FieldOrderHi, keywordField(false))
	dm.AddFieldMappingsAt(FieldOrderLo, keywordField(false))
	dm.AddFieldMappingsAt(FieldHit, storedField())
	dm.AddFieldMappingsAt(FieldDoc, storedField())
	if !opts.Plain {
		// Nothing searches bleve's catch-all _all field, and filling it
		// costs every document a pass over all its tokens.
		dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	}
	im.AddDocumentMapping(DocType, dm)
	im.DefaultMapping = dm
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return im, nil
}

// textField is analysed and keeps term vectors (highlighting needs the
// positions); store keeps the text for highlighting.
func textField(analyzer string, store bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = store
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// keywordField is matched as a whole; the plain baseline's facets keep doc
// values for bleve's facet counting.
func keywordField(docValues bool) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = docValues
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
