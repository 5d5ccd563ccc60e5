package search

import (
	"bytes"
	"html"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/unicode/norm"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Highlighting. Bleve's highlighter needs the positions of every match,
// which bleve then gathers for all matching documents, not only the ten
// shown: a cost that grows with the number of matches. exsearch highlights
// the shown hits itself instead: it analyses their title and body text with
// the language's analyzer and marks the words that match the query as the
// planner read it (the words, their compound parts, their typos, the last
// word as a prefix). The text is HTML-escaped; only <mark> is markup.

// fragmentSize is the length, in bytes, a body fragment aims at.
const fragmentSize = 200

// matcher tells whether an analysed token matches the query in one language.
type matcher struct {
	terms   map[string]bool // words and compound parts
	prefix  []string        // last words read as prefixes
	typoOf  []string        // words looked for as typos…
	typoMax []int           // …with these edit distances
}

func newMatcher(words []word) *matcher {
	m := &matcher{terms: map[string]bool{}}
	for _, w := range words {
		m.terms[w.term] = true
		for _, p := range w.parts {
			m.terms[p] = true
		}
		if w.prefix {
			m.prefix = append(m.prefix, prefixOf(w.raw))
		}
		if w.typos > 0 {
			m.typoOf = append(m.typoOf, w.term)
			m.typoMax = append(m.typoMax, w.typos)
		}
	}
	return m
}

// learnTypos replaces m's typo look-ups in lang by the terms the search's
// expansions found for them (limit.go), which are what its fuzzy queries
// matched: every analysed word of a document's text is a term of its
// language's body field, so a word of a shown hit within the edits of a
// typo is one of them. Known terms are looked up in a map, and let
// likeliest place the matches in a long text instead of analysing all of
// it, which for a query with a typo was most of highlighting's time. A
// typo the expansions do not name is still compared letter by letter.
func (m *matcher) learnTypos(lang string, found map[expansionKey][]dictEntry) {
	fields := []string{indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang)}
	var typoOf []string
	var typoMax []int
	for i, w := range m.typoOf {
		learnt := false
		for _, f := range fields {
			entries, ok := found[expansionKey{field: f, term: w, dist: m.typoMax[i]}]
			if !ok {
				continue
			}
			learnt = true
			for _, d := range entries {
				m.terms[d.term] = true
			}
		}
		if learnt {
			m.terms[w] = true // a look-up cut to the word as written still finds it
			continue
		}
		typoOf, typoMax = append(typoOf, w), append(typoMax, m.typoMax[i])
	}
	m.typoOf, m.typoMax = typoOf, typoMax
}

func (m *matcher) match(term string) bool {
	if m.terms[term] {
		return true
	}
	for _, p := range m.prefix {
		if strings.HasPrefix(term, p) {
			return true
		}
	}
	for i, w := range m.typoOf {
		if corpus.EditDistance(term, w, m.typoMax[i]) <= m.typoMax[i] {
			return true
		}
	}
	return false
}

// appendSkeleton appends to b the skeleton of text: its consonants, lower
// case, which is what a word and its stem, folded or not, share whatever the
// language did with its vowels ("Bankdrücken" and "bankdruck", "Bænkpres"
// and "baenkpr" both keep "bnkdrck…", "bnkpr…"). It is only used to guess
// where matches are. With at, it also says, for each byte of the skeleton,
// where it comes from in text.
func appendSkeleton(b []byte, text string, at *[]int32) []byte {
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// Most text is ASCII: a table says what each byte keeps.
			if k := asciiSkeleton[c]; k != 0 {
				b = append(b, k)
				if at != nil {
					*at = append(*at, int32(i))
				}
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch r = unicode.ToLower(r); {
		case strings.ContainsRune("æøåäöüéèáàóòíúı", r) || corpus.Ignorable(r):
		case r == 'ß':
			b = append(b, "ss"...)
		case r >= 0x2000 && !norm.NFKC.IsNormalString(text[i:i+n]):
			// A ligature or a fullwidth letter has the skeleton of the
			// letters it stands for, as the analyzers normalize it.
			b = appendSkeleton(b, corpus.Normalize(text[i:i+n]), nil)
		default:
			b = utf8.AppendRune(b, r)
		}
		if at != nil {
			for len(*at) < len(b) {
				*at = append(*at, int32(i))
			}
		}
		i += n
	}
	return b
}

// asciiSkeleton is what skeleton keeps of an ASCII byte: its lower case, or
// 0 for a vowel.
var asciiSkeleton = func() (t [utf8.RuneSelf]byte) {
	for c := range t {
		t[c] = byte(unicode.ToLower(rune(c)))
	}
	for _, v := range "aeiouyAEIOUY" {
		t[v] = 0
	}
	return t
}()

// guess is where in a text the query's words likely are.
type guess struct {
	text int     // which text
	hits []int32 // byte offsets of likely matches in it, in order
}

// likeliest guesses which text has the most of the query's words (by
// skeleton), and where they are in it; text is -1 when none has any. Most
// words means most different words first, the rarer in the document the
// more telling, then most occurrences: the section that speaks of protein
// answers "protein efter træning" better than one that says training
// twenty times. With typos in the query, the text is chosen by the other
// words (the first one when they choose none), without places.
func (m *matcher) likeliest(texts []string) guess {
	return m.likeliestIn(texts, nil)
}

// likeliestIn is likeliest with the texts' skeletons made already
// (highlightText), or nil to make them.
func (m *matcher) likeliestIn(texts []string, skeletons [][]byte) guess {
	// Needles of two letters or more choose the text; shorter ones ("up",
	// "on") only add places. A word of vowels alone has no skeleton and
	// cannot be placed: then the whole text is looked at.
	var needles, short [][]byte
	// A typo can be anywhere: the text is chosen by the other words (the
	// first one when they choose none) and looked at whole.
	typos := len(m.typoOf) > 0
	placeable := !typos
	add := func(word string) {
		switch sk := appendSkeleton(nil, word, nil); {
		case len(sk) >= 2:
			needles = append(needles, sk)
		case len(sk) == 1:
			short = append(short, sk)
		default:
			placeable = false
		}
	}
	for t := range m.terms {
		add(t)
	}
	for _, p := range m.prefix {
		add(p)
	}
	buf := skeletonBuffers.Get().(*skeletonBuffer)
	defer skeletonBuffers.Put(buf)
	var sk []byte // a text's skeleton, kept or made in buf.sk
	bestSk, at, bestAt := buf.bestSk, buf.at, buf.bestAt
	defer func() { buf.bestSk, buf.at, buf.bestAt = bestSk, at, bestAt }()
	// counts[i*len(needles)+k] is how often needle k is in text i; in
	// how many texts a needle is tells how rare, so how telling, it is.
	counts := make([]int, len(texts)*len(needles))
	in := make([]int, len(needles))
	for i, t := range texts {
		if skeletons != nil {
			sk = skeletons[i]
		} else {
			sk = appendSkeleton(buf.sk[:0], t, nil)
			buf.sk = sk
		}
		for k, needle := range needles {
			if c := bytes.Count(sk, needle); c > 0 {
				counts[i*len(needles)+k] = c
				in[k]++
			}
		}
	}
	best, bestN := -1, 0.0
	for i := range texts {
		n := 0.0
		for k := range needles {
			if c := counts[i*len(needles)+k]; c > 0 {
				n += distinctWeight/float64(in[k]) + float64(c)
			}
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if best >= 0 {
		bestAt = bestAt[:0]
		bestSk = appendSkeleton(bestSk[:0], texts[best], &bestAt)
	}
	if best < 0 && typos {
		best = 0
	}
	if best < 0 || !placeable {
		return guess{text: best}
	}
	hits := find(bestSk, bestAt, short, find(bestSk, bestAt, needles, nil))
	slices.Sort(hits)
	return guess{text: best, hits: hits}
}

// distinctWeight is what one more different word counts for, against its
// occurrences (see likeliest).
const distinctWeight = 1 << 16

// skeletonBuffer is likeliest's memory, kept for the next guess: skeletons
// of every shown hit's text would otherwise be most of a search's garbage.
type skeletonBuffer struct {
	sk, bestSk []byte
	at, bestAt []int32
}

var skeletonBuffers = sync.Pool{New: func() any { return &skeletonBuffer{} }}

// find appends to hits where in the text the needles are in its skeleton.
func find(sk []byte, at []int32, needles [][]byte, hits []int32) []int32 {
	for _, needle := range needles {
		for from := 0; ; {
			j := bytes.Index(sk[from:], needle)
			if j < 0 {
				break
			}
			hits = append(hits, at[from+j])
			from += j + len(needle)
		}
	}
	return hits
}

// marksAt returns the words of text that match, looking only at the words
// at the guessed places: a word matches when its analysed form does, and
// that form's skeleton is in the word's, so no other word can. Analysing
// a handful of words instead of all of a long text is most of what makes
// highlighting cheap. known holds what words analysed earlier marked, by
// word: the hits on a page share many.
func marksAt(a analysis.Analyzer, m *matcher, text string, hits []int32, known map[string][]marked) []marked {
	var out []marked
	done := -1 // end of the last word looked at
	for _, h := range hits {
		start, end := wordAround(text, int(h))
		if start < done || start == end {
			continue
		}
		done = end
		word := text[start:end]
		ms, ok := known[word]
		if !ok {
			ms = marks(a, m, word)
			known[word] = ms
		}
		for _, w := range ms {
			out = append(out, marked{w.start + start, w.end + start, w.term})
		}
	}
	return out
}

// wordAround returns the word that byte offset i of text is in.
func wordAround(text string, i int) (start, end int) {
	start, end = i, i
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !indexer.IsWordRune(r) {
			break
		}
		start -= n
	}
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !indexer.IsWordRune(r) {
			break
		}
		end += n
	}
	return start, end
}

// marked is a matched word's byte range in a text, and the analysed term
// it matched as.
type marked struct {
	start, end int
	term       string
}

// marks returns the words of text that match, in order. A word matches when
// it or one of its compound parts does; parts are marked as the whole word.
func marks(a analysis.Analyzer, m *matcher, text string) []marked {
	return marksOf(analyse(a, text), m)
}

// token is an analysed token of a text: its term, and the byte range of
// the whole word at its position (start -1: none).
type token struct {
	term       string
	start, end int
}

// analyse analyses text for marks: what marking a text needs of it
// whatever the query.
func analyse(a analysis.Analyzer, text string) []token {
	var out []token
	byPos := map[int]*marked{}
	for _, t := range a.Analyze([]byte(text)) {
		w := byPos[t.Position]
		if w == nil {
			// The first token at a position is the whole word (compound
			// parts follow it, with offsets of their own making).
			w = &marked{start: -1}
			byPos[t.Position] = w
			if t.Start >= 0 && t.End <= len(text) {
				w.start, w.end = t.Start, t.End
			}
		}
		out = append(out, token{string(t.Term), w.start, w.end})
	}
	return out
}

// marksOf returns the analysed words that match, in order (see marks).
func marksOf(tokens []token, m *matcher) []marked {
	var out []marked
	for _, w := range tokens {
		if w.start >= 0 && m.match(w.term) && (len(out) == 0 || out[len(out)-1].start != w.start) {
			out = append(out, marked{w.start, w.end, w.term})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].start < out[j].start })
	return out
}

// markAll returns text with every match marked.
func markAll(text string, ms []marked) string {
	return markRange(text, 0, len(text), ms)
}

// markRange renders text[from:to] escaped, with the matches in it marked.
func markRange(text string, from, to int, ms []marked) string {
	var b strings.Builder
	pos := from
	for _, w := range ms {
		if w.start < pos || w.end > to {
			continue
		}
		b.WriteString(html.EscapeString(text[pos:w.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[w.start:w.end]))
		b.WriteString("</mark>")
		pos = w.end
	}
	b.WriteString(html.EscapeString(text[pos:to]))
	return b.String()
}

// fragment returns the part of text around its densest run of matches
// (rare words weighing more), cut at spaces, with an ellipsis where text
// was cut.
func fragment(text string, ms []marked) string {
	if len(ms) == 0 {
		return ""
	}
	// A match weighs the less the more often its word is in the text: the
	// one mention of protein tells more than the tenth of training.
	freq := map[string]int{}
	for _, w := range ms {
		freq[w.term]++
	}
	best, bestN := 0, 0.0
	for i := range ms {
		n := 0.0
		for j := i; j < len(ms) && ms[j].end-ms[i].start <= fragmentSize; j++ {
			n += 1 / float64(freq[ms[j].term])
		}
		if n > bestN+1e-9 {
			best, bestN = i, n
		}
	}
	// Centre the window on the run, within the text.
	runEnd := ms[best].end
	for j := best; j < len(ms) && ms[j].end-ms[best].start <= fragmentSize; j++ {
		runEnd = ms[j].end
	}
	slack := max(0, fragmentSize-(runEnd-ms[best].start)) / 2
	from, to := max(0, ms[best].start-slack), min(len(text), runEnd+slack)
	if from > 0 {
		if i := strings.IndexByte(text[from:ms[best].start], ' '); i >= 0 {
			from += i + 1
		}
	}
	if to < len(text) {
		if i := strings.LastIndexByte(text[runEnd:to], ' '); i >= 0 {
			to = runEnd + i
		}
	}
	out := markRange(text, from, to, ms)
	if from > 0 {
		out = "…" + out
	}
	if to < len(text) {
		out += "…"
	}
	return out
}

// highlightText is what highlighting makes of a shown document whatever
// the query: its title analysed, its body's elements and their skeletons.
// It is kept with the document (see shownCache): the same documents are
// shown again and again, and analysing the title and making skeletons of
// every element were most of highlighting's work.
type highlightText struct {
	title     []token // nil: no analyzer for the document's language
	texts     []string
	refs      []indexer.SectionRef
	skeletons [][]byte
}

func (ix *Index) highlightText(h *indexer.StoredHit, d *corpus.Document) *highlightText {
	t := &highlightText{}
	if a := ix.texts[h.Lang]; a != nil {
		t.title = analyse(a, h.Title)
	}
	t.texts, t.refs = indexer.BodyElements(d)
	t.skeletons = make([][]byte, len(t.texts))
	for i, text := range t.texts {
		t.skeletons[i] = appendSkeleton(nil, text, nil)
	}
	return t
}

func (t *highlightText) bytes() int {
	if t == nil {
		return 0
	}
	n := 64 * len(t.title)
	for _, w := range t.title {
		n += len(w.term)
	}
	for i := range t.texts {
		n += 64 + len(t.texts[i]) + cap(t.skeletons[i])
	}
	return n + 64*len(t.refs)
}

// decorate adds highlights and the matching section to the hits shown,
// from what was kept of their documents (see highlightText).
func (ix *Index) decorate(hits []Hit, shown []*shownDoc, p plan) {
	known := map[string]map[string][]marked{} // by language, see marksAt
	for i := range hits {
		h := &hits[i]
		m := p.matchers[h.Lang]
		a := ix.texts[h.Lang]
		if m == nil || a == nil {
			continue
		}
		t := shown[i].text
		if ms := marksOf(t.title, m); len(ms) > 0 {
			h.Highlights.Title = []string{markAll(h.Title, ms)}
		}
		texts, refs := t.texts, t.refs
		// Analysing every element of a long article is most of the cost of
		// highlighting; the element most likely to hold the matches is
		// found with a cheap look first, and only it is analysed.
		g := m.likeliestIn(texts, t.skeletons)
		if g.text < 0 {
			continue
		}
		best := g.text
		var bestMarks []marked
		if g.hits != nil {
			if known[h.Lang] == nil {
				known[h.Lang] = map[string][]marked{}
			}
			bestMarks = marksAt(a, m, texts[best], g.hits, known[h.Lang])
		} else {
			bestMarks = marks(a, m, texts[best])
		}
		if len(bestMarks) == 0 {
			continue
		}
		h.Highlights.Body = []string{fragment(texts[best], bestMarks)}
		if best < len(refs) && refs[best].Heading != "" {
			h.Section = &Section{Heading: refs[best].Heading, Anchor: refs[best].Anchor}
		}
	}
}
