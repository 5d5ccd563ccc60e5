package search

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Query words. A query's text is analysed once per language, with the
// analyzer that language's fields were indexed with, and each word is looked
// up in that language's dictionaries: which fields hold it, whether the parts
// of a compound are all known, and whether the word is known in any language
// at all (only a word known nowhere is looked for as a typo). What the plan
// makes of a word is plan.go's; highlighting marks the same words
// (highlight.go), and spelling corrections start from the unknown ones
// (spelling.go).

// word is one query word as one language's analyzer sees it, and what the
// index holds of it.
type word struct {
	term  string   // the analysed word
	parts []string // analysed compound parts that cover it, if any
	raw   string   // the word as typed
	start int      // where raw is in the text, in bytes
	last  bool     // the last word of the text

	fields     []string // the language's text fields that hold term
	inTitle    bool     // the title field holds term
	partsKnown bool     // every part is in the body field
	typos      int      // edits allowed when looking for it as a typo (0: none)
	prefix     bool     // also match it as a prefix

	// split tells that the parts are decompound.go's, surfaces are the
	// parts as typed (for concepts), and loose that one part may be
	// missing (the search run again when nothing had them all).
	split    bool
	surfaces []string
	loose    bool

	// generic says the word is a generic one ("training", "øvelser") in
	// a topic query (see boostGenericTopic).
	generic bool
}

// scale is what the word weighs beside the text's other words.
func (w *word) scale() float64 {
	if w.generic {
		return boostGenericTopic
	}
	return 1
}

// words analyses text with lang's analyzer.
func (ix *Index) words(lang, text string) []word {
	toks := ix.analyzers[lang].Analyze([]byte(text))
	byPos := map[int][]span{}
	var positions []int
	for _, t := range toks {
		if len(t.Term) == 0 {
			continue
		}
		if _, ok := byPos[t.Position]; !ok {
			positions = append(positions, t.Position)
		}
		byPos[t.Position] = append(byPos[t.Position], span{string(t.Term), t.Start, t.End})
	}
	sort.Ints(positions)
	lastEnd := 0
	for _, t := range toks {
		lastEnd = max(lastEnd, t.End)
	}
	var out []word
	seen := map[string]bool{}
	for _, p := range positions {
		spans := byPos[p]
		// The whole word is the widest token at its position; compound
		// parts are the others.
		sort.SliceStable(spans, func(i, j int) bool { return spans[i].end-spans[i].start > spans[j].end-spans[j].start })
		whole := spans[0]
		if seen[whole.term] {
			continue
		}
		seen[whole.term] = true
		w := word{term: whole.term, raw: text[whole.start:whole.end], start: whole.start}
		w.last = whole.end == lastEnd && !strings.HasSuffix(text, " ")
		// Bleve's compound filter gives a part the word's byte offset plus
		// the part's offset in runes; cover works in runes from the word's
		// start.
		parts := make([]span, 0, len(spans)-1)
		for _, p := range spans[1:] {
			parts = append(parts, span{p.term, p.start - whole.start, p.end - whole.start})
		}
		w.parts = cover(0, utf8.RuneCountInString(w.raw), parts)
		out = append(out, w)
	}
	return out
}

// span is an analysed token and where it is in the text.
type span struct {
	term       string
	start, end int
}

// cover picks compound parts that cover a word from start to end, longest
// first, allowing up to two letters between parts that the parts' stems
// leave out ("håndvæg-ts-bænkpres").
// It returns nil unless at least two parts cover the word.
func cover(start, end int, parts []span) []string {
	var out []string
	pos := start
	for pos < end-2 {
		best := -1
		for i, p := range parts {
			if p.start >= pos && p.start <= pos+2 && p.end > pos && (best < 0 || p.end > parts[best].end) {
				best = i
			}
		}
		if best < 0 {
			return nil
		}
		out = append(out, parts[best].term)
		pos = parts[best].end
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// unknownWords lists the words that every language's analysis kept and
// none knows, in the order typed.
func unknownWords(byLang map[string][]word, known map[string]bool) ([]span, bool) {
	kept := map[string]int{}
	for _, ws := range byLang {
		for _, w := range ws {
			kept[w.raw]++
		}
	}
	var out []span
	last := false
	for _, w := range byLang[corpus.Languages[0]] {
		if kept[w.raw] == len(corpus.Languages) && !known[w.raw] {
			out = append(out, span{w.raw, w.start, w.start + len(w.raw)})
			last = w.last
		}
	}
	return out, last
}

// lookUp records which of lang's fields hold the word and its parts.
func (ix *Index) lookUp(lang string, w *word) {
	title, alt, body := indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang)
	w.fields = w.fields[:0]
	for _, f := range []string{title, alt, body} {
		if ix.knownTerm(w.term, f) {
			w.fields = append(w.fields, f)
		}
	}
	w.inTitle = len(w.fields) > 0 && w.fields[0] == title
	w.partsKnown = len(w.parts) >= 2
	for _, part := range w.parts {
		if !ix.knownTerm(part, title, alt, body) {
			w.partsKnown = false
		}
	}
}

// alive reports whether a word can match in its language.
func (w *word) alive() bool { return w.known() || w.typos > 0 || w.prefix }

func (w *word) known() bool { return len(w.fields) > 0 || w.partsKnown }

// prefixOf is the form a typed word is matched as a prefix in: lower case
// and folded, not stemmed (a stem would cut what is being typed).
func prefixOf(raw string) string { return corpus.FoldWord(strings.ToLower(raw)) }

// stopWord reports whether every language's analyzer drops w.
func (ix *Index) stopWord(w string) bool {
	for _, lang := range corpus.Languages {
		if len(ix.analyzers[lang].Analyze([]byte(w))) > 0 {
			return false
		}
	}
	return true
}
