package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Query-time decompounding. German, Danish and Norwegian glue words into
// closed compounds ("håndvægtsroning", "Langhantelrudern", "knebøyhopp")
// that a corpus seldom spells the way a visitor does. The index splits the
// compounds of its titles with a dictionary of title words (see
// indexer.Dictionary), but a query's compound is often made of words that
// the title dictionary lacks, written apart in some body or in another
// form. So a query word that a language's fields do not hold as a whole
// is split again, against that language's own vocabulary: the terms of its
// title, alternative-title and body fields, each candidate part analysed as
// a word of its own (stemmed and folded, indexer.WordTerm), and the names
// the taxonomy gives in that language (a Norwegian query meets mostly
// Danish text, but the taxonomy knows "knebøy").
//
// The split is the one with the fewest parts, then the fewest linking
// letters (-s-, -e-, and German's -n-, -es-, -en-, -er-, -ns-), then the
// longest first part. Parts have at least minSplitPart letters and a word
// at least two of them, so that a typo is not read as a string of short
// words; a word of up to maxSplitParts parts is split. Parts known to the
// fields are matched like any compound part (plan.go, all of them), but in
// titles only (see splitPartQuery); the parts as typed also let the
// taxonomy's concepts be found in the word ("håndvægt" + "roning": dumbbell
// rows, in every language). A split word is still looked for as a typo. When all parts
// are indexed words but no title holds all of them, the search is run
// again with one part allowed missing and bodies searched too (see
// Search), so that a compound of indexed words never finds nothing.
//
// Cost. Candidates are looked up from the start of the word and from the
// end of each part found, each once; a word of n letters costs at most
// n·(maxSplitPart−minSplitPart+1) look-ups of an analysed part in the
// body's dictionary, and a query at most splitLookups of them, past which its
// words are left whole.

const (
	minSplitPart  = 4
	maxSplitPart  = 24
	maxSplitParts = 4
	// splitLookups bounds the parts one query's splitting analyses and
	// looks up (a few microseconds each: BenchmarkDecompound).
	splitLookups = 2000
	// boostSplitBody scales a split part found in the body, in the
	// looser plan (see splitPartQuery).
	boostSplitBody = 0.3
)

// linkingLetters are the letters that may join two parts, by language.
var linkingLetters = map[string][]string{
	"da": {"s", "e"},
	"no": {"s", "e"},
	"de": {"s", "n", "e", "es", "en", "er", "ns"},
}

// compoundPart is a part of a query word: as typed, and as analysed.
type compoundPart struct {
	raw  string // the letters of the word it covers
	term string // its analysed term
	// indexed tells whether the language's fields hold term (else the
	// taxonomy names the part).
	indexed bool
}

// splitter looks parts up for one query, within its budget of look-ups.
type splitter struct {
	ix      *Index
	lookups int
}

// split returns the parts of word (as typed) in lang, or nil.
func (s *splitter) split(lang, word string) []compoundPart {
	links, ok := linkingLetters[lang]
	if !ok || utf8.RuneCountInString(word) < 2*minSplitPart || utf8.RuneCountInString(word) > maxTypoRunes {
		return nil
	}
	names := s.ix.taxonomyWords(lang)
	return splitWord(strings.ToLower(corpus.Normalize(word)), links, func(part string) (compoundPart, bool) {
		if s.lookups >= splitLookups {
			return compoundPart{}, false
		}
		s.lookups++
		p := compoundPart{raw: part, term: indexer.WordTerm(lang, part)}
		if p.term == "" {
			return p, false // a stop word
		}
		// The body repeats the titles (see indexer): one dictionary
		// tells whether any of the language's fields hold the part.
		p.indexed = s.ix.knownTerm(p.term, indexer.BodyField(lang))
		return p, p.indexed || names[p.term]
	})
}

// splitWord splits word into parts that known accepts, with linking
// letters from links between them: the fewest parts, then the fewest
// linking letters, then the longest first part. It returns nil unless the
// word has two parts or more. known is asked about each place and length once.
func splitWord(word string, links []string, known func(part string) (compoundPart, bool)) []compoundPart {
	w := []rune(word)
	type cand struct {
		part compoundPart
		ok   bool
	}
	asked := map[[2]int]cand{}
	look := func(i, j int) (compoundPart, bool) {
		k := [2]int{i, j}
		if c, done := asked[k]; done {
			return c.part, c.ok
		}
		p, ok := known(string(w[i:j]))
		asked[k] = cand{p, ok}
		return p, ok
	}
	type best struct {
		parts []compoundPart
		links int
		done  bool
		ok    bool
	}
	memo := make([]best, len(w)+1)
	var from func(i int) best
	// from returns the best split of w[i:].
	from = func(i int) best {
		if memo[i].done {
			return memo[i]
		}
		var b best
		for j := min(len(w), i+maxSplitPart); j >= i+minSplitPart; j-- {
			if i == 0 && j == len(w) {
				continue // the word itself is no part of it
			}
			if len(w)-j > 0 && len(w)-j < minSplitPart {
				continue // what would be left is too short for a part
			}
			p, ok := look(i, j)
			if !ok {
				continue
			}
			if j == len(w) {
				if betterSplit(1, 0, b.ok, len(b.parts), b.links) {
					b = best{parts: []compoundPart{p}, ok: true}
				}
				continue
			}
			// The next part starts right away or after linking letters.
			for _, l := range append([]string{""}, links...) {
				n := utf8.RuneCountInString(l)
				if n > 0 && string(w[j:min(len(w), j+n)]) != l {
					continue
				}
				if len(w)-(j+n) < minSplitPart {
					continue
				}
				rest := from(j + n)
				if !rest.ok || len(rest.parts)+1 > maxSplitParts {
					continue
				}
				if betterSplit(len(rest.parts)+1, rest.links+n, b.ok, len(b.parts), b.links) {
					b = best{parts: append([]compoundPart{p}, rest.parts...), links: rest.links + n, ok: true}
				}
			}
		}
		b.done = true
		memo[i] = b
		return b
	}
	b := from(0)
	if !b.ok || len(b.parts) < 2 {
		return nil
	}
	return b.parts
}

// betterSplit tells whether a split of n parts and l linking letters beats the
// best so far (if any); candidates come longest first part first, so a tie
// keeps the earlier.
func betterSplit(n, l int, have bool, bestN, bestL int) bool {
	if !have {
		return true
	}
	if n != bestN {
		return n < bestN
	}
	return l < bestL
}

// compounds splits the words of a query that no language's fields hold as a
// whole, in each language that glues words together. A split word still
// counts as unknown, and is looked for as a typo too: "styrketrening" is
// Norwegian "styrke" + "trening", and also one edit from the Danish
// "styrketræning" that the visitor may well mean.
func (s *splitter) compounds(byLang map[string][]word) {
	whole := map[string]bool{}
	for _, ws := range byLang {
		for _, w := range ws {
			if len(w.fields) > 0 {
				whole[w.raw] = true
			}
		}
	}
	for _, lang := range corpus.Languages {
		if linkingLetters[lang] == nil {
			continue
		}
		ws := byLang[lang]
		for i := range ws {
			if whole[ws[i].raw] {
				continue
			}
			s.decompound(lang, &ws[i])
		}
	}
}

// decompound splits w, a word lang's fields do not hold as a whole. Parts
// that are all indexed replace the analyzer's compound parts; the parts as
// typed are kept for finding concepts in the word either way.
func (s *splitter) decompound(lang string, w *word) {
	parts := s.split(lang, w.raw)
	if parts == nil {
		return
	}
	w.surfaces = make([]string, len(parts))
	indexed := true
	for i, p := range parts {
		w.surfaces[i] = s.ix.conceptSurface(lang, p.raw, i < len(parts)-1)
		indexed = indexed && p.indexed
	}
	if !indexed {
		return
	}
	w.parts = w.parts[:0]
	for _, p := range parts {
		w.parts = append(w.parts, p.term)
	}
	w.partsKnown, w.split = true, true
}

// conceptSurface is a part as typed, as the taxonomy's names are looked up
// in: a part that is not the last may end in a linking letter its analyzer
// takes for an ending ("baglårs" in "baglårsskade" is "baglår" analysed),
// and a name is looked up as written, so the letter is left out where the
// part names nothing with it and a concept without it.
func (ix *Index) conceptSurface(lang, raw string, inner bool) string {
	if !inner || len(ix.taxonomy.FindConcepts(raw, false)) > 0 {
		return raw
	}
	for _, l := range linkingLetters[lang] {
		t, ok := strings.CutSuffix(raw, l)
		if !ok || utf8.RuneCountInString(t) < minSplitPart {
			continue
		}
		if cs := ix.taxonomy.FindConcepts(t, false); len(cs) > 0 {
			return t
		}
	}
	return raw
}

// taxonomyWords are the terms of the one-word names the taxonomy gives in
// lang, made once per index.
func (ix *Index) taxonomyWords(lang string) map[string]bool {
	ix.splitOnce.Do(func() {
		ix.splitNames = map[string]map[string]bool{}
		for _, l := range corpus.Languages {
			set := map[string]bool{}
			for _, name := range ix.taxonomy.Names(l) {
				f := corpus.Fold(name)
				if f == "" || strings.Contains(f, " ") || utf8.RuneCountInString(f) < minSplitPart {
					continue
				}
				if t := indexer.WordTerm(l, name); t != "" {
					set[t] = true
				}
			}
			ix.splitNames[l] = set
		}
	})
	return ix.splitNames[lang]
}

// splitText is text with each word that some language split replaced by
// its parts as typed (the split with the fewest parts, languages in order),
// or text itself when none was split: the taxonomy's concepts are looked
// for in it too.
func splitText(text string, byLang map[string][]word) string {
	bySurface := surfacesByStart(byLang)
	if len(bySurface) == 0 {
		return text
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		parts, ok := bySurface[i]
		if !ok {
			r, n := utf8.DecodeRuneInString(text[i:])
			b.WriteRune(r)
			i += n
			continue
		}
		b.WriteString(strings.Join(parts, " "))
		// Skip the word as typed.
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !indexer.IsWordRune(r) {
				break
			}
			i += n
		}
	}
	return b.String()
}

// surfacesByStart is, by the start of a word in the text, the parts as
// typed of its split with the fewest parts (languages in order).
func surfacesByStart(byLang map[string][]word) map[int][]string {
	bySurface := map[int][]string{}
	for _, lang := range corpus.Languages {
		for _, w := range byLang[lang] {
			if len(w.surfaces) >= 2 && (bySurface[w.start] == nil || len(w.surfaces) < len(bySurface[w.start])) {
				bySurface[w.start] = w.surfaces
			}
		}
	}
	return bySurface
}

// looserQuery is the plan's language alternatives with one part of every
// split compound allowed missing, or nil when no word was split.
func (ix *Index) looserQuery(byLang map[string][]word, prefer string) query.Query {
	var alts []query.Query
	for _, lang := range corpus.Languages {
		ws := slices.Clone(byLang[lang])
		loosened := false
		for i := range ws {
			if ws[i].split {
				ws[i].loose, loosened = true, true
			}
		}
		if !loosened {
			continue
		}
		if q := ix.languageQuery(lang, ws, languageWeight(lang, prefer)); q != nil {
			alts = append(alts, q)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(alts)
}

// splitPartQuery matches a part of a split compound in lang's titles and
// alternative titles, and in its body only when loose: two common words
// somewhere in a text ("side" and "løft" for "sideløft") are weak evidence
// of the compound (they lifted a Danish biceps curl above the lateral
// raises that the exercise family finds), the same words in a title strong.
// The looser plan, run when nothing else matched, takes the body too, at a
// lower weight.
func (ix *Index) splitPartQuery(lang, term string, weight float64, loose bool) query.Query {
	title, alt, body := indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang)
	q := ix.fieldsQuery([]string{title, alt}, term, weight)
	if !loose || !ix.knownTerm(term, body) {
		return q
	}
	return query.NewDisjunctionQuery([]query.Query{q, termQuery(body, term, boostBody*boostSplitBody*weight)})
}

// looseParts matches all but one of a split compound's parts.
func looseParts(parts []query.Query) query.Query {
	q := query.NewDisjunctionQuery(parts)
	q.SetMin(float64(len(parts) - 1))
	return q
}

// loosened is the request's looser plan, with its language preference, or
// nil.
func (ix *Index) loosened(req Request, p plan) query.Query {
	if p.looser == nil {
		return nil
	}
	if req.PreferLang == "" {
		return p.looser
	}
	return query.NewBooleanQuery([]query.Query{p.looser}, []query.Query{preferQuery(req.PreferLang)}, nil)
}

// splitQuery is text with its closed compounds split, as splitText makes
// it, and for each byte offset of the split text (and its end) the offset
// in text it stands for: a part's letters map to the word's letters, the
// space put before a part to where that part starts. ok is false when no
// word was split, or one whose letters normalising changed (the offsets
// could not be told).
func (ix *Index) splitQuery(text string) (split string, at []int, ok bool) {
	byLang := ix.lookedUpWords(text)
	(&splitter{ix: ix}).compounds(byLang)
	return splitAt(text, byLang)
}

// splitAt is splitText with the offsets of splitQuery.
func splitAt(text string, byLang map[string][]word) (split string, at []int, ok bool) {
	bySurface := surfacesByStart(byLang)
	if len(bySurface) == 0 {
		return text, nil, false
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		parts, found := bySurface[i]
		if !found {
			r, n := utf8.DecodeRuneInString(text[i:])
			b.WriteRune(r)
			for range n {
				at = append(at, i)
			}
			i += n
			continue
		}
		end := i
		for end < len(text) {
			r, n := utf8.DecodeRuneInString(text[end:])
			if !indexer.IsWordRune(r) {
				break
			}
			end += n
		}
		// The word's runes, and where each starts in text.
		var starts []int
		for j := range text[i:end] {
			starts = append(starts, i+j)
		}
		lower := []rune(strings.ToLower(corpus.Normalize(text[i:end])))
		if len(lower) != len(starts) {
			return text, nil, false
		}
		starts = append(starts, end)
		from := 0
		for k, p := range parts {
			pr := []rune(p)
			pos := runesIndex(lower, pr, from)
			if pos < 0 {
				return text, nil, false
			}
			if k > 0 {
				b.WriteByte(' ')
				at = append(at, starts[pos])
			}
			for j, r := range pr {
				b.WriteRune(r)
				for range utf8.RuneLen(r) {
					at = append(at, starts[pos+j])
				}
			}
			from = pos + len(pr)
		}
		i = end
	}
	at = append(at, len(text))
	return b.String(), at, true
}

// runesIndex is the index of sub in s at or after from, or -1.
func runesIndex(s, sub []rune, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if slices.Equal(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
