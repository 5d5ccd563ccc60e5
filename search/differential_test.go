package search

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// vocabulary is what random requests are made of: the index's titles, the
// words it knows, as typed (title words, facet names in every language) and
// as analysed (dictionary terms), and its facet values.
type vocabulary struct {
	titles [][]string // the words of each title
	words  []string
	values map[string][]string // by facet
}

func vocabularyOf(t testing.TB, ix *Index) *vocabulary {
	t.Helper()
	v := &vocabulary{values: map[string][]string{}}
	titles, err := indexer.ReadTitles(ix.bleve)
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range titles {
		v.titles = append(v.titles, strings.Fields(title.Title))
		v.words = append(v.words, strings.Fields(title.Title)...)
	}
	for _, lang := range corpus.Languages {
		for _, f := range []string{indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang)} {
			terms, err := ix.terms(f)
			if err != nil {
				t.Fatal(err)
			}
			v.words = append(v.words, terms...)
		}
	}
	for i, f := range Facets {
		v.values[f] = ix.facets[i].terms
		if tax := ix.taxonomy.Facet(f); tax != nil {
			for _, value := range v.values[f] {
				v.words = append(v.words, tax.AllNames(value)...)
			}
		}
	}
	return v
}

// text is n words: most often of one title, in order, else any words of
// the vocabulary; now and then misspelt (one or two edits) or, the last,
// cut short (typed so far).
func (v *vocabulary) text(r *rand.Rand, n int) string {
	var words []string
	if title := v.titles[r.IntN(len(v.titles))]; r.IntN(3) > 0 {
		from := r.IntN(len(title))
		words = append(words, title[from:min(len(title), from+n)]...)
	} else {
		for range n {
			words = append(words, v.words[r.IntN(len(v.words))])
		}
	}
	for i, word := range words {
		w := []rune(word)
		switch n := len(w); {
		case n < 3:
		case r.IntN(6) == 0: // a typo
			for range 1 + r.IntN(2) {
				j := r.IntN(len(w) - 1)
				switch r.IntN(4) {
				case 0:
					w[j], w[j+1] = w[j+1], w[j]
				case 1:
					w = append(w[:j], w[j+1:]...)
				case 2:
					w = append(w[:j+1], w[j:]...)
				default:
					w[j] = rune('a' + r.IntN(26))
				}
			}
		case i == len(words)-1 && r.IntN(4) == 0: // typed so far
			w = w[:2+r.IntN(n-2)]
		}
		words[i] = string(w)
	}
	return strings.Join(words, " ")
}

// request makes a request from the fuzzer's numbers: words of the
// vocabulary (none: browsing), filters on the facets whose bits are set,
// a page and size, a preferred language, "equipment I have".
func (v *vocabulary) request(seed uint64, words uint8, filters uint16, page, size uint8, have bool, prefer uint8) Request {
	r := rand.New(rand.NewPCG(seed, uint64(words)<<16|uint64(filters)))
	req := Request{Query: v.text(r, int(words%6)), Page: 1 + int(page%4), Size: int(size % 25), Filters: map[string][]string{}}
	if prefer%5 > 0 {
		req.PreferLang = corpus.Languages[prefer%5-1]
	}
	if have {
		req.EquipmentMode = EquipmentHave
	}
	for i, f := range Facets {
		if filters&(1<<i) == 0 || len(v.values[f]) == 0 {
			continue
		}
		for range 1 + int(filters>>8)%3 {
			req.Filters[f] = append(req.Filters[f], v.values[f][r.IntN(len(v.values[f]))])
		}
	}
	if filters&(1<<7) != 0 {
		// A value the index does not hold.
		req.Filters[Facets[0]] = append(req.Filters[Facets[0]], "no-such-value")
	}
	return req
}

// FuzzEvaluateAgreesWithBleve: random requests, made of words the index
// knows (as typed, analysed, misspelt or cut short), facet filters, pages
// past the first, language preferences and "equipment I have", get the
// same totals, hits, order and scores from the evaluator as from bleve's
// searchers (see agreesWithBleve). The seeds run with every go test; the
// index is the embedded corpus's, in several segments, so it never skips.
//
//	go test ./search -run '^$' -fuzz '^FuzzEvaluateAgreesWithBleve$' -fuzztime 1m
func FuzzEvaluateAgreesWithBleve(f *testing.F) {
	// Seeds that find something: the requests they make are in comments.
	for _, s := range []struct {
		seed       uint64
		words      uint8
		filters    uint16
		page, size uint8
		have       bool
		prefer     uint8
	}{
		{1, 1, 0x0, 0, 10, false, 0},   // "Seilspringen"
		{2, 2, 0x0, 1, 3, false, 1},    // "Kurzhantelrudern", page 2
		{4, 3, 0x1, 0, 20, false, 4},   // "roing med manualer", muscle back
		{16, 2, 0x2, 1, 2, true, 0},    // "Squat med", have barbell, page 2
		{2, 0, 0x3, 1, 3, false, 2},    // browse equipment pull-up-bar and muscle back, page 2
		{1, 0, 0x0, 2, 24, false, 0},   // browse everything, page 3
		{11, 3, 0x2, 0, 10, true, 3},   // "Foroverbøjet roning med", have nothing listed
		{3, 2, 0x10, 0, 0, false, 0},   // "dødløft", kind exercise, counts only
		{11, 1, 0x4, 1, 1, false, 1},   // "Sttehendes", focus cardio, page 2 of size 1
		{2, 3, 0x108, 0, 12, false, 0}, // "Brede rygmuskler mest oevrhaed", lang en or da
		{1, 4, 0x0, 0, 10, false, 2},   // "roning med hånvjægte"
		{4, 1, 0x81, 0, 10, false, 0},  // "Pull-Up", muscle biceps or a value the index lacks
	} {
		f.Add(s.seed, s.words, s.filters, s.page, s.size, s.have, s.prefer)
	}
	ix := openEmbedded(f)
	v := vocabularyOf(f, ix)
	f.Fuzz(func(t *testing.T, seed uint64, words uint8, filters uint16, page, size uint8, have bool, prefer uint8) {
		req := v.request(seed, words, filters, page, size, have, prefer)
		if err := req.normalize(); err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		if diff := agreesWithBleve(t, ix, req); diff != "" {
			t.Errorf("%+v: %s", req, diff)
		}
	})
}
