package search

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Suggestions complete what a visitor is typing, from two sources: document
// titles, and the labels of facet values (so "hams" offers the muscle
// Hamstrings as a filter). A suggestion matches when every word typed is a
// word of it and the last word typed begins one, compared folded ("baenk"
// completes "Bænkpres").
//
// The suggester is built on the first request, not when the index is opened:
// a server answers searches at once and pays for suggestions only if they
// are used. Titles come from the index (indexer.ReadTitles), kept as a sorted
// list of (word, title) pairs, so a completion is a binary search.

// MaxSuggestions is the most suggestions one request returns.
const MaxSuggestions = 8

// Suggestion is one completion.
type Suggestion struct {
	Text string `json:"text"`
	// Kind is "title" for a document, or the facet ("muscle", "equipment",
	// "focus") whose value Value the suggestion selects.
	Kind  string `json:"kind"`
	Value string `json:"value"` // the document id or facet value
	Lang  string `json:"lang,omitempty"`
}

// Suggestions is the answer to a suggest request.
type Suggestions struct {
	Query       string       `json:"query"`
	Suggestions []Suggestion `json:"suggestions"`
}

type suggester struct {
	titles  []indexer.Title
	folded  []string // folded titles, by title index
	words   []wordRef
	facets  map[string][]string // facet values present in the index
	speller *speller
}

type wordRef struct {
	word  string
	title int
}

// buildSuggesterSoon starts building the suggester, and the speller in it,
// as the index opens, so that the first search with a word the index does
// not know, or the first suggestion, does not wait for it: the build reads
// every title, 3.9 s at 1,000,000 documents. The build holds a reference,
// so the index stays open until it is done; an index closed meanwhile (a
// reload that replaced it at once) starts no further part of it, which
// would be seconds of CPU taken from the index that replaced it.
func (ix *Index) buildSuggesterSoon() {
	if !ix.acquire() {
		return
	}
	go func() {
		defer ix.release()
		if ix.closed.Load() {
			return
		}
		ix.suggesterOnce()
		if ix.closed.Load() {
			return
		}
		ix.alternativesOnce()
	}()
}

func (ix *Index) suggesterOnce() (*suggester, error) {
	ix.suggestOnce.Do(func() {
		// A fault reading damaged files is this index's error, here as
		// in a search, also when no search is running (the build above).
		defer faults()()
		defer guard(&ix.suggestErr, ix.markBad)
		s := &suggester{facets: map[string][]string{}}
		titles, err := indexer.ReadTitles(ix.bleve)
		if err != nil {
			ix.suggestErr = err
			return
		}
		s.titles = titles
		s.folded = make([]string, len(titles))
		for i, t := range titles {
			s.folded[i] = corpus.Fold(t.Title)
			for _, w := range strings.Fields(s.folded[i]) {
				s.words = append(s.words, wordRef{w, i})
			}
		}
		sort.Slice(s.words, func(i, j int) bool { return s.words[i].word < s.words[j].word })
		for _, f := range corpus.FacetNames {
			values, err := ix.terms(f)
			if err != nil {
				ix.suggestErr = err
				return
			}
			s.facets[f] = values
		}
		var names []string
		for _, f := range corpus.FacetNames {
			for _, v := range s.facets[f] {
				names = append(names, ix.taxonomy.Facet(f).AllNames(v)...)
			}
		}
		plain := make([]string, len(titles))
		for i, t := range titles {
			plain[i] = t.Title
		}
		if s.speller, err = newSpeller(plain, names); err != nil {
			ix.suggestErr = err
			return
		}
		ix.suggest = s
	})
	return ix.suggest, ix.suggestErr
}

// Suggest returns up to MaxSuggestions completions of text: facet values
// first, then titles, titles in the preferred language before others.
func (ix *Index) Suggest(ctx context.Context, text, ui, prefer string) (*Suggestions, error) {
	out := &Suggestions{Query: text, Suggestions: []Suggestion{}}
	if len(text) > MaxQueryBytes {
		return nil, badParam("q", "query is %d bytes, the limit is %d", len(text), MaxQueryBytes)
	}
	ui, err := uiLanguage(ui)
	if err != nil {
		return nil, err
	}
	if prefer != "" && !corpus.IsLanguage(prefer) {
		return nil, badParam("prefer_lang", "unknown language %q (want da, no, de or en)", prefer)
	}
	words := strings.Fields(corpus.Fold(text))
	if len(words) == 0 {
		return out, nil
	}
	s, err := ix.suggesterOnce()
	if err != nil {
		return nil, err
	}
	last, rest := words[len(words)-1], words[:len(words)-1]
	matches := func(folded string) bool {
		fw := strings.Fields(folded)
		for _, w := range rest {
			if !slices.Contains(fw, w) {
				return false
			}
		}
		for _, w := range fw {
			if strings.HasPrefix(w, last) {
				return true
			}
		}
		return false
	}
	for _, f := range corpus.FacetNames {
		for _, v := range s.facets[f] {
			if v == corpus.Unspecified {
				continue
			}
			// Any name of the value in any language suggests it, in the
			// interface language: "hams" offers Beinbeuger to a German.
			label := ix.Label(f, v, ui)
			for _, name := range append([]string{label}, ix.taxonomy.Facet(f).AllNames(v)...) {
				if matches(corpus.Fold(name)) {
					out.Suggestions = append(out.Suggestions, Suggestion{Text: label, Kind: f, Value: v})
					break
				}
			}
		}
	}
	sort.SliceStable(out.Suggestions, func(i, j int) bool { return out.Suggestions[i].Text < out.Suggestions[j].Text })
	if len(out.Suggestions) > MaxSuggestions/2 {
		out.Suggestions = out.Suggestions[:MaxSuggestions/2]
	}

	// Titles with a word that begins with the last word typed.
	lo := sort.Search(len(s.words), func(i int) bool { return s.words[i].word >= last })
	type cand struct {
		title  int
		starts bool // the title begins with what was typed
	}
	var cands []cand
	seen := map[int]bool{}
	for i := lo; i < len(s.words) && strings.HasPrefix(s.words[i].word, last); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t := s.words[i].title
		if seen[t] || !matches(s.folded[t]) {
			continue
		}
		seen[t] = true
		cands = append(cands, cand{t, strings.HasPrefix(s.folded[t], strings.Join(words, " "))})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if pa, pb := s.titles[a.title].Lang == prefer, s.titles[b.title].Lang == prefer; pa != pb {
			return pa
		}
		if a.starts != b.starts {
			return a.starts
		}
		if la, lb := len(s.folded[a.title]), len(s.folded[b.title]); la != lb {
			return la < lb
		}
		return s.folded[a.title] < s.folded[b.title]
	})
	shown := map[string]bool{}
	for _, c := range cands {
		if len(out.Suggestions) >= MaxSuggestions {
			break
		}
		t := s.titles[c.title]
		if shown[s.folded[c.title]] {
			continue // the same title in two datasets is one suggestion
		}
		shown[s.folded[c.title]] = true
		out.Suggestions = append(out.Suggestions, Suggestion{Text: t.Title, Kind: "title", Value: t.ID, Lang: t.Lang})
	}
	return out, nil
}

// suggestState is the lazily built suggester of an Index.
type suggestState struct {
	suggestOnce sync.Once
	suggest     *suggester
	suggestErr  error
}
