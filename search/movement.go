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
// titles (the folded title_key terms), read so that one movement's names
// meet however they are written:
//
//   - equipment names are taken out as whole phrases ("Barbell",
//     "Kurzhantel", "curl bar"), so "curl" of "curl bar" does not take the
//     curl out of "Hammer Curls", nor "pull-up bar" the pull of "Pull Down";
//   - a word is made bare of a plural "s" and an "ing" ("curls" and "curl",
//     "rowing" and "row" meet), then cut to its first nameStem letters (a
//     stemmer for every language at once: "lunge" and "lunges", "crunch" and
//     "crunches" meet; McNamee & Mayfield found such truncation about as good
//     as real stemmers across European languages);
//   - a word any language's analyzer drops as a stop word ("with", "mit",
//     "down") or of one or two letters says nothing of the movement on its
//     own; but where some name writes it closed up with the word before it,
//     it is read so here too ("push up" as "pushups", "pull down" as
//     "pulldown", "sit ups" as "situps"; never "curl with").
//
// An exercise in a mined concept (corpus/mine.go) has the words of every
// document of the concept, so a German "Ausfallschritte im Gehen" shares
// "lunge" and "walk" with an English "Walking Lunges". The words of the
// names of an exercise's own families are not its name words: the family
// counts already, in every language, where the word would count again only
// between names in one language (Danish "armstrækning" beside Danish
// "armstrækning", not beside "push-up"); what is left tells variations
// apart ("incline", "hammer", "diamond").
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
	equipment := equipmentPhrases(ix.taxonomy)
	closed := map[string]bool{} // every bare word of every name
	for _, key := range keys {
		for _, w := range strings.Fields(key) {
			closed[bare(w)] = true
		}
	}
	stops := map[string]bool{}
	stop := func(w string) bool {
		s, ok := stops[w]
		if !ok {
			s = ix.anyStopWord(w)
			stops[w] = s
		}
		return s
	}
	ord := map[string]int32{}
	var terms []string
	words := make([][]uint16, st.docs)
	var tfd index.TermFieldDoc
	for _, key := range keys {
		var os []uint16
		for _, w := range movementWords(key, equipment, stop, closed) {
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
	// The words of the names of a document's families count as its family
	// (see the top of the file).
	familyWords := make([][]uint16, len(st.families.terms))
	fam := ix.taxonomy.Exercises()
	for f, id := range st.families.terms {
		if fam == nil {
			break
		}
		for _, name := range append(fam.AllNames(id), id) {
			for _, w := range movementWords(corpus.Fold(name), equipment, stop, closed) {
				if o, ok := ord[w]; ok && !slices.Contains(familyWords[f], uint16(o)) {
					familyWords[f] = append(familyWords[f], uint16(o))
				}
			}
		}
	}
	for d := range words {
		if c := st.concept[d]; c >= 0 {
			words[d] = byConcept[c]
		}
		var own []uint16
		for _, o := range words[d] {
			if !slices.ContainsFunc(st.families.values(uint64(d)), func(f uint16) bool { return slices.Contains(familyWords[f], o) }) {
				own = append(own, o)
			}
		}
		words[d] = own
	}
	t := &facetTable{field: "name", terms: terms, ord: ord, offset: make([]uint32, st.docs+1)}
	for d := range words {
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

// movementWords are the words of a folded name that tell its movement
// (see the top of the file): without equipment phrases, bare, cut to
// nameStem letters; a stop word or a one- or two-letter word only as one
// with the word before it, where closed holds them so.
func movementWords(key string, equipment [][]string, stop func(string) bool, closed map[string]bool) []string {
	words := strings.Fields(key)
	for i := range words {
		words[i] = bare(words[i])
	}
	words = withoutPhrases(words, equipment)
	var out []string
	add := func(w string) {
		if w = stem(w); !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	for i, w := range words {
		if len(w) >= 3 && !stop(w) {
			add(w)
		} else if i > 0 && closed[bare(words[i-1]+w)] {
			add(bare(words[i-1] + w))
		}
	}
	return out
}

// bare takes a plural "s" and then an "ing" off a folded word, when enough
// is left: "curls" and "curl", "rowing" and "row", "lunges" and "lunge",
// "ups" and "up" meet; "press" and "sit" stay.
func bare(w string) string {
	if n := len(w); n >= 3 && w[n-1] == 's' && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		w = w[:n-1]
	}
	if n := len(w); n >= 6 && strings.HasSuffix(w, "ing") {
		w = w[:n-3]
	}
	return w
}

// withoutPhrases takes the phrases (bare words) out of words, the longest
// phrase first at each place.
func withoutPhrases(words []string, phrases [][]string) []string {
	out := words[:0:0]
	for i := 0; i < len(words); {
		n := 0
		for _, p := range phrases {
			if len(p) > n && i+len(p) <= len(words) && slices.Equal(words[i:i+len(p)], p) {
				n = len(p)
			}
		}
		if n == 0 {
			out = append(out, words[i])
			n = 1
		}
		i += n
	}
	return out
}

// stem cuts a folded word to nameStem letters.
func stem(w string) string {
	if r := []rune(w); len(r) > nameStem {
		return string(r[:nameStem])
	}
	return w
}

// equipmentPhrases are the names of every equipment value, in every
// language, as bare folded words: they say what an exercise is done with,
// not what it is.
func equipmentPhrases(tax *corpus.Taxonomy) [][]string {
	var out [][]string
	f := tax.Facet(indexer.FieldEquipment)
	if f == nil {
		return out
	}
	for _, id := range f.IDs() {
		for _, name := range append(f.AllNames(id), id) {
			p := strings.Fields(corpus.Fold(name))
			for i := range p {
				p[i] = bare(p[i])
			}
			if len(p) > 0 && !slices.ContainsFunc(out, func(q []string) bool { return slices.Equal(p, q) }) {
				out = append(out, p)
			}
		}
	}
	return out
}

// anyStopWord reports whether some language's analyzer drops w.
func (ix *Index) anyStopWord(w string) bool {
	for _, lang := range corpus.Languages {
		if a := ix.analyzers[lang]; a != nil && len(a.Analyze([]byte(w))) == 0 {
			return true
		}
	}
	return false
}
