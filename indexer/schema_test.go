package indexer_test

import (
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// TestIndexWritesOnlyWhatSearchReads: an exsearch index keeps no doc
// values, no term vectors and no stored text, since search counts facets
// from postings and highlights from the stored document; only the hit and
// doc fields are stored. The plain baseline keeps doc values on its facets
// for bleve's facet counting, and stores title and body for bleve's
// highlighter.
func TestIndexWritesOnlyWhatSearchReads(t *testing.T) {
	fields := []string{indexer.FieldFamily, indexer.FieldConcept, indexer.FieldDeclared, indexer.FieldTitleKey,
		indexer.FieldOrderHi, indexer.FieldOrderLo, indexer.FieldHit, indexer.FieldDoc}
	fields = append(fields, indexer.FacetFields...)
	for _, lang := range corpus.Languages {
		fields = append(fields, indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang), indexer.LeadField(lang))
	}
	im, err := indexer.Mapping(indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		fm := im.FieldMappingForPath(f)
		o := fm.Options()
		stored := f == indexer.FieldHit || f == indexer.FieldDoc
		if o.IncludeDocValues() || o.IncludeTermVectors() || o.IsStored() != stored {
			t.Errorf("%s: doc values %v, term vectors %v, stored %v; want none, none, %v",
				f, o.IncludeDocValues(), o.IncludeTermVectors(), o.IsStored(), stored)
		}
	}
	plain, err := indexer.Mapping(indexer.Options{Plain: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range indexer.FacetFields {
		if fm := plain.FieldMappingForPath(f); !fm.Options().IncludeDocValues() {
			t.Errorf("plain %s: no doc values, which bleve's facets read", f)
		}
	}
}
