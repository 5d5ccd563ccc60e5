package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/vellum"
)

// Expansion: the dictionary terms a fuzzy or prefix query stands for, read
// segment by segment in the searching goroutine.
//
// Scorch offers the same through its snapshot's FieldDictFuzzyAutomaton and
// FieldDictPrefix, but those start a goroutine per segment to open the
// iterators. A fault in a damaged memory-mapped segment on such a goroutine
// cannot be recovered and kills the process (see verify.go); here, every
// byte is read where debug.SetPanicOnFault holds. Scorch also builds the
// Levenshtein automaton anew for each call, that is for each field a word is
// looked up in; a plan looks one word up in up to a dozen fields, and one
// automaton per word does.

// automatonKey names one word's automaton within an evaluation.
type automatonKey struct {
	term string
	dist int
}

// levenshtein returns the automaton matching words within dist edits of
// term, built once per evaluation.
func (e *evaluation) levenshtein(term string, dist int) (vellum.Automaton, error) {
	key := automatonKey{term, dist}
	if a, ok := e.automata[key]; ok {
		return a, nil
	}
	if dist < 1 || dist > 2 {
		return nil, fmt.Errorf("fuzziness %d: want 1 or 2", dist)
	}
	b, err := levBuilder(dist)
	if err != nil {
		return nil, err
	}
	a, err := b.BuildDfa(term, uint8(dist))
	if err != nil {
		return nil, err
	}
	if e.automata == nil {
		e.automata = map[automatonKey]vellum.Automaton{}
	}
	e.automata[key] = a
	return a, nil
}

// dictEntry is a term of a field's dictionary, as expansion finds it.
type dictEntry struct {
	term     string
	distance int    // edit distance from the query word; 0 for prefixes
	count    uint64 // documents it is in, deleted ones included
}

// expand returns the terms of field, in every segment, that a accepts (nil
// accepts all) between beg (inclusive) and end (exclusive; nil: no end),
// sorted and each once, as scorch's merged dictionary gives them.
func (s *segments) expand(field string, a vellum.Automaton, beg, end []byte) ([]dictEntry, error) {
	var out []dictEntry
	seen := map[string]int{} // term → its place in out
	err := s.dictionaryTerms(field, a, beg, end, func(term string, distance int, count uint64) {
		if i, ok := seen[term]; ok {
			out[i].count += count
			return
		}
		seen[term] = len(out)
		out = append(out, dictEntry{term: term, distance: distance, count: count})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(x, y dictEntry) int {
		switch {
		case x.term < y.term:
			return -1
		case x.term > y.term:
			return 1
		}
		return 0
	})
	return out, nil
}

// prefixEnd is the first key after every key that starts with prefix, nil
// when there is none (a prefix of 0xff bytes).
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}

// Walks are also kept from one search to the next, in a cache that belongs
// to the index generation (its segments), as decoded postings are
// (postings.go). A word unknown in every language is walked through a dozen
// dictionaries, each in every segment: at 100,000 documents that was a
// third of the query log's time, and a query log repeats its typos as it
// repeats its words. What a walk found is the same for every search of the
// generation, and so is what it cost: a search finding a walk in the cache
// is charged its steps as if it had walked (limit.go), so budgets cut the
// same words whether the cache had it or not. Only finished walks are kept;
// a search that could not pay for a kept walk's steps walks again, and is
// stopped where it would have been.

// walkKey names a walk: a word (or prefix) within edits, through fields.
type walkKey struct {
	term   string
	edits  int
	prefix bool
	fields string // the field names, in order, joined by NUL
}

func newWalkKey(x expansion, edits int) walkKey {
	return walkKey{term: x.term, edits: edits, prefix: x.prefix, fields: strings.Join(x.fields, "\x00")}
}

// walked is a finished walk: the terms each field has, and the steps taken.
type walked struct {
	entries [][]dictEntry
	steps   int
}

func (w walked) bytes() int {
	n := 64
	for _, es := range w.entries {
		n += 24
		for _, d := range es {
			n += len(d.term) + 40
		}
	}
	return n
}

type walkCache = sizedCache[walkKey, walked]

// walkCacheBytes bounds an index's kept walks: most walks find a handful
// of terms, so 4 MiB keeps tens of thousands.
const walkCacheBytes = 4 << 20

func newWalkCache(limit int) *walkCache { return newSizedCache[walkKey](limit, walked.bytes) }
