package search

import (
	"context"
	"slices"
	"strings"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// The movement an exercise's name tells, for alternatives. The taxonomy's
// exercise families (Document.Families) name the common movements
// ("squat", "lunge", "crunch"); many exercises are named by none of them,
// or by one too broad to tell a lateral raise from a front raise. So the
// names count too: the words of an exercise's titles and alternative
// titles (the folded title_key terms), without the words that name
// equipment in any language ("Barbell", "Kurzhantel") and words of one or
// two letters, each cut to its first nameStem letters (a stemmer for every
// language at once: "lunge" and "lunges", "crunch" and "crunches" meet;
// McNamee & Mayfield found such truncation about as good as real stemmers
// across European languages). An exercise in a mined concept
// (corpus/mine.go) has the words of every document of the concept, so a
// German "Ausfallschritte im Gehen" shares "lunge" and "walki" with an
// English "Walking Lunges".
//
// The words are a table like a facet's (ordinals per document), made on
// first use with the other alternatives tables; they are scored as the
// facets are (rare words count more, as a share of what either has).

// nameStem is the length names' words are cut to.
const nameStem = 5

// nameWords makes the movement table: each exercise's name words, or nil
// when the index has more distinct words than ordinals hold.
func (ix *Index) nameWords(st *alternativesState, kind *facetTable) (*facetTable, error) {
	keys, err := ix.terms(indexer.FieldTitleKey)
	if err != nil {
		return nil, err
	}
	skip := equipmentWords(ix.taxonomy)
	ord := map[string]int32{}
	var terms []string
	words := make([][]uint16, st.docs)
	var tfd index.TermFieldDoc
	for _, key := range keys {
		var os []uint16
		for _, w := range strings.Fields(key) {
			w = stem(w)
			if len(w) < 3 || skip[w] {
				continue
			}
			o, ok := ord[w]
			if !ok {
				if len(terms) == 1<<16 {
					return nil, nil // more words than ordinals hold: names do not count
				}
				o = int32(len(terms))
				ord[w] = o
				terms = append(terms, w)
			}
			if !slices.Contains(os, uint16(o)) {
				os = append(os, uint16(o))
			}
		}
		if len(os) == 0 {
			continue
		}
		tfr, err := ix.reader.TermFieldReader(context.Background(), []byte(key), indexer.FieldTitleKey, false, false, false)
		if err != nil {
			return nil, err
		}
		for {
			next, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if next == nil {
				break
			}
			if d := docNumber(next.ID); d < uint64(st.docs) && isExercise(kind, d, st.exercise) {
				words[d] = union(words[d], os)
			}
			tfd.Reset()
		}
		tfr.Close()
	}
	// A concept's documents share their words.
	byConcept := map[int32][]uint16{}
	for d, c := range st.concept {
		if c >= 0 {
			byConcept[c] = union(byConcept[c], words[d])
		}
	}
	t := &facetTable{field: "name", terms: terms, ord: ord, offset: make([]uint32, st.docs+1)}
	for d := range words {
		if c := st.concept[d]; c >= 0 {
			words[d] = byConcept[c]
		}
		t.offset[d+1] = t.offset[d] + uint32(len(words[d]))
	}
	t.ords = make([]uint16, 0, t.offset[st.docs])
	for _, w := range words {
		t.ords = append(t.ords, w...)
	}
	return t, nil
}

func union(a, b []uint16) []uint16 {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

// stem cuts a folded word to nameStem letters.
func stem(w string) string {
	if r := []rune(w); len(r) > nameStem {
		return string(r[:nameStem])
	}
	return w
}

// equipmentWords are the stemmed words of every equipment name, in every
// language: they say what an exercise is done with, not what it is.
func equipmentWords(tax *corpus.Taxonomy) map[string]bool {
	out := map[string]bool{}
	f := tax.Facet(indexer.FieldEquipment)
	if f == nil {
		return out
	}
	for _, id := range f.IDs() {
		for _, name := range append(f.AllNames(id), id) {
			for _, w := range strings.Fields(corpus.Fold(name)) {
				out[stem(w)] = true
			}
		}
	}
	return out
}
