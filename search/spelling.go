package search

import (
	"bytes"
	"context"
	"errors"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/vellum"
	"github.com/blevesearch/vellum/levenshtein"
	"golang.org/x/text/unicode/norm"
)

// Spelling corrections, for "did you mean". The planner already forgives a
// typo (it looks a word that the index knows in no language up with one or
// two edits); a correction tells the visitor which word that was, and offers
// one when even the typo search finds nothing.
//
// Corrections come from the words of document titles and the names of facet
// values in every language: the words people search with. They are kept in
// a vellum FST (the automaton bleve's own fuzzy search runs on), searched
// with a Levenshtein automaton that counts a swap of two letters as one
// edit ("deadlfit" is one edit from "deadlift"). Among the words at the
// smallest distance, the one in most titles wins.

// speller corrects words.
type speller struct {
	fst   *vellum.FST // word → index into words
	words []spelled
	// walks keeps what recent look-ups found and what they cost, so a
	// word corrected before is not walked again; a search is charged the
	// steps all the same, as for the plan's walks (see expand.go).
	walks *sizedCache[spellWalkKey, spellWalk]
}

// spellWalkKey names a look-up: a word within edits.
type spellWalkKey struct {
	word  string
	edits int
}

// spellWalk is a finished look-up: the best word's index (-1: none) and the
// steps the walk took.
type spellWalk struct{ best, steps int }

// spellWalkBytes is what a kept look-up weighs, about; the cache holds
// spellWalks of them.
const (
	spellWalkBytes = 64
	spellWalks     = 1 << 14
)

type spelled struct {
	word string // lower case (spellKey)
	freq int    // titles and facet names it is in
}

// Levenshtein automaton builders are costly to make and safe to share.
var (
	levOnce     sync.Once
	levBuilders [3]*levenshtein.LevenshteinAutomatonBuilder
	levErr      error
)

func levBuilder(d int) (*levenshtein.LevenshteinAutomatonBuilder, error) {
	levOnce.Do(func() {
		for _, n := range []int{1, 2} {
			if levBuilders[n], levErr = levenshtein.NewLevenshteinAutomatonBuilder(uint8(n), true); levErr != nil {
				return
			}
		}
	})
	return levBuilders[d], levErr
}

// newSpeller builds a speller from titles and facet value names.
func newSpeller(titles []string, names []string) (*speller, error) {
	freq := map[string]int{}
	add := func(text string) {
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
			w = spellKey(strings.Trim(w, "-"))
			if utf8.RuneCountInString(w) >= 3 && !strings.ContainsFunc(w, unicode.IsDigit) {
				freq[w]++
			}
		}
	}
	for _, t := range titles {
		add(t)
	}
	for _, n := range names {
		add(n)
	}
	keys := make([]string, 0, len(freq))
	for k := range freq {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := &speller{words: make([]spelled, len(keys)),
		walks: newSizedCache[spellWalkKey](spellWalks*spellWalkBytes, func(spellWalk) int { return spellWalkBytes })}
	var buf bytes.Buffer
	b, err := vellum.New(&buf, nil)
	if err != nil {
		return nil, err
	}
	for i, k := range keys {
		s.words[i] = spelled{word: k, freq: freq[k]}
		if err := b.Insert([]byte(k), uint64(i)); err != nil {
			return nil, err
		}
	}
	if err := b.Close(); err != nil {
		return nil, err
	}
	if s.fst, err = vellum.Load(buf.Bytes()); err != nil {
		return nil, err
	}
	return s, nil
}

// correct returns the known word closest to word, and whether there is one
// near enough: one edit for words of 4 to 7 letters, two for longer ones.
// Shorter words are left alone: too many words are one edit from them.
// The look-ups are paid for from b (nil: unbounded), with remaining words
// (this one included) still to correct; a look-up b cannot pay for is not
// made, and the word is recorded in b as cut short (see limit.go).
func (s *speller) correct(word string, b *budget, remaining int) (string, bool) {
	folded := spellKey(word)
	n := utf8.RuneCountInString(folded)
	if n < 4 {
		return "", false
	}
	maxD := 1
	if n >= 8 {
		maxD = 2
	}
	for d := 1; d <= maxD; d++ {
		m := &meter{limit: math.MaxInt}
		if b != nil {
			cost, allowance := automatonSteps(folded, d), b.allowance(d, remaining)
			if d > b.edits || cost > allowance {
				b.narrowed(word, d)
				return "", false
			}
			b.spend(cost)
			m.limit = allowance - cost
		}
		best, steps, ok := s.lookUp(folded, d, m)
		if b != nil {
			b.spend(steps)
			if steps > m.limit {
				b.narrowed(word, d)
				return "", false
			}
		}
		if !ok {
			return "", false
		}
		if best >= 0 {
			return s.words[best].word, true
		}
	}
	return "", false
}

// lookUp walks the words within d edits of folded through m (which stops
// the walk past its limit), and returns the most frequent one other than
// folded itself (-1: none), the steps taken, and whether the walk went
// through. A walk that went through is kept, and taken from the cache when
// m's limit pays for its steps.
func (s *speller) lookUp(folded string, d int, m *meter) (best, steps int, ok bool) {
	key := spellWalkKey{folded, d}
	if w, ok := s.walks.get(key); ok && w.steps <= m.limit {
		return w.best, w.steps, true
	}
	lb, err := levBuilder(d)
	if err != nil {
		return -1, 0, false
	}
	dfa, err := lb.BuildDfa(folded, uint8(d))
	if err != nil {
		return -1, 0, false
	}
	m.a = dfa
	best = -1
	it, err := s.fst.Search(m, nil, nil)
	for err == nil {
		key, v := it.Current()
		if string(key) != folded {
			w := s.words[v]
			if best < 0 || w.freq > s.words[best].freq {
				best = int(v)
			}
		}
		err = it.Next()
	}
	if m.stopped() || !errors.Is(err, vellum.ErrIteratorDone) {
		return -1, m.steps, false
	}
	s.walks.add(key, spellWalk{best, m.steps})
	return best, m.steps, true
}

// spellKey is the form words are compared in: lower case, letters kept as
// they are. Folding would make "bænkpres" and "benkpres" two edits apart
// (ae for æ); the analyzers already find the folded spellings.
func spellKey(w string) string { return strings.ToLower(norm.NFC.String(w)) }

// begins reports whether some known word begins with word.
func (s *speller) begins(word string) bool {
	folded := []byte(spellKey(word))
	it, err := s.fst.Iterator(folded, nil)
	if err != nil {
		return false
	}
	key, _ := it.Current()
	return bytes.HasPrefix(key, folded)
}

// correctQuery returns text with each of the unknown words (spans of text)
// replaced by its correction, and whether any was corrected. When the last
// word ends the text and begins a known word, it is being typed, not
// misspelt. Correcting a long word takes milliseconds, so it stops with
// ctx's error between words once ctx is done, and the look-ups are paid for
// from b (nil: unbounded; see correct).
func (s *speller) correctQuery(ctx context.Context, text string, unknown []span, last bool, b *budget) (string, bool, error) {
	changed := false
	for i := len(unknown) - 1; i >= 0; i-- {
		if err := ctx.Err(); err != nil {
			return "", false, err
		}
		w := unknown[i]
		if last && i == len(unknown)-1 && s.begins(w.term) {
			continue
		}
		c, ok := s.correct(w.term, b, i+1)
		if !ok || strings.EqualFold(c, w.term) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(w.term); unicode.IsUpper(r) {
			// Keep the visitor's capital ("Klimzüge" → "Klimmzüge").
			first, size := utf8.DecodeRuneInString(c)
			c = string(unicode.ToUpper(first)) + c[size:]
		}
		text = text[:w.start] + c + text[w.end:]
		changed = true
	}
	return text, changed, nil
}
