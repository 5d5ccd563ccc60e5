package search

import (
	"strings"
	"unicode/utf8"

	"github.com/exsearch/exsearch/corpus"
)

// Cost estimates. The server runs cheap and costly searches in separate
// lanes (web/admission.go), so that a flood of costly ones cannot make a
// cheap one wait; for that it must judge a search before running it, and
// the judgement must cost next to nothing.
//
// Nearly all of a costly search's work is typo tolerance. A word that is in
// none of the languages' dictionaries, whole or as compound parts, is looked
// up within one edit (5 to 8 letters) or two (9 or more) in the title,
// alternative-title and body fields of every language: twelve Levenshtein
// automata, each built afresh and run over a dictionary, and one or two
// more for the spelling correction. Building an automaton costs in
// proportion to the word's length, about three times as much for two edits
// as for one, and does not depend on the number of documents. Everything
// else a query does (reading postings, scoring, counting facets) cost under
// 4 ms even for 32 known words at 10,000 documents.
//
// So the estimate repeats planning's dictionary look-ups (see textQuery),
// not its queries, and counts a unit per word, and per word that will be
// looked up as a typo its letters, three times over for two edits. Measured
// on 10,000 documents and two cores, a unit is about a quarter of a
// millisecond: an unknown word of 5 letters took 1.3 ms, of 8 letters 2.1 ms,
// of 9 letters (two edits) 7.2 ms, of 20 letters 14 ms, of 30 letters 20 ms.
// A search is costly above CostlyUnits, about 25 ms of work: a misspelt word
// of up to 32 letters, or a dozen misspelt short ones, is cheap; two
// misspelt 20-letter compounds are costly, and the 32 of issue 13 come to
// about 2,000 units.
//
// The estimate decides a search's lane; it does not bound the search's
// work. That is limit.go's: a search's typo look-ups spend a budget of
// steps counted as they go, and what it cannot pay for is looked up more
// narrowly.

// CostlyUnits is the estimated work (see Cost) above which a search is
// costly.
const CostlyUnits = 100

// Cost is a search's work, estimated before it runs. When the estimate is
// the bound (see costBound), its counts are upper bounds.
type Cost struct {
	Words int // distinct words of the text
	Typos int // words looked up as typos
	Units int // estimated work, about a quarter of a millisecond each
}

// Costly reports whether the search is costly (see CostlyUnits).
func (c Cost) Costly() bool { return c.Units > CostlyUnits }

// Cost estimates the work of searching for text. It analyses the text in
// every language and looks its words up in the dictionaries, as planning
// does, and builds no query. A text too short to be costly even were every
// word misspelt is not looked up at all, and a text the request limits
// refuse (see Request) costs nothing: it is refused before any work.
func (ix *Index) Cost(text string) Cost {
	if len(text) > MaxQueryBytes || !utf8.ValidString(text) {
		return Cost{}
	}
	bound, fields := costBound(text)
	if fields > MaxQueryWords {
		return Cost{}
	}
	if ix.meta.Plain {
		return plainCost(fields) // the baseline: see baseline.go
	}
	if !bound.Costly() {
		return bound
	}
	return ix.estimate(text)
}

// estimate is Cost from the dictionaries. Only words long enough to be
// looked up as typos are looked up, each until a language knows it.
func (ix *Index) estimate(text string) Cost {
	var c Cost
	letters := map[string]int{} // distinct raw words: their letters
	known := map[string]bool{}  // raw words known in some language
	for _, lang := range corpus.Languages {
		ws := ix.words(lang, text)
		for i := range ws {
			w := &ws[i]
			n, seen := letters[w.raw]
			if !seen {
				n = utf8.RuneCountInString(w.raw)
				letters[w.raw] = n
			}
			if typoEdits(n) == 0 || known[w.raw] {
				continue
			}
			ix.lookUp(lang, w)
			known[w.raw] = w.known()
		}
	}
	for raw, n := range letters {
		c.Words++
		c.Units++
		if u := typoUnits(n); typoEdits(n) > 0 && !known[raw] {
			c.Typos++
			c.Units += u
		}
	}
	return c
}

// typoUnits is the work of looking up a word of n letters as a typo: none
// under 5 letters, n for one edit, 3n for two (see typoEdits for the
// distances; over maxTypoRunes a word is not looked up as a typo, and
// costBound, which counts it anyway, stays a bound).
func typoUnits(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 9:
		return n
	}
	return 3 * n
}

// costBound is the cost of text if every word in it were misspelt, found
// without looking anything up, and the number of words the request limits
// count (strings.Fields). Analysis only splits words, at letters that are
// not part of a word, so the bound is never below the estimate: a field of
// n letters holds at most (n+1)/2 words, (n+1)/6 of them of 5 letters or
// more, and their typo units add up to no more than those of one word of
// n letters.
func costBound(text string) (c Cost, fields int) {
	for _, f := range strings.Fields(text) {
		n := utf8.RuneCountInString(f)
		fields++
		words := (n + 1) / 2
		c.Words += words
		c.Typos += (n + 1) / 6
		c.Units += words + typoUnits(n)
	}
	return c, fields
}

// Cost estimates the work of searching for text in the current index; with
// no index, nothing can be searched and nothing costs.
func (l *Live) Cost(text string) Cost {
	ix, err := l.acquire()
	if err != nil {
		return Cost{}
	}
	defer ix.release()
	return ix.Cost(text)
}
