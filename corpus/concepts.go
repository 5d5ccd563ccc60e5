package corpus

import (
	"math/bits"
	"strings"
	"unicode"
)

// Finding concepts in text. A concept is a taxonomy term (a muscle, a piece
// of equipment, a training focus, an exercise family) named somewhere in a
// title or a query, in any of the four languages. Text and keys are compared
// folded, word by word; the longest name wins ("leg curl" before "curl"), and
// a word is part of at most one name.

// Concept is a taxonomy term found in text.
type Concept struct {
	Section string // "muscle", "equipment", "focus" or "exercise"
	ID      string
	// Start and End are the word positions (in the folded text) the name
	// covers, End exclusive.
	Start, End int
	// Typo is true when the name was matched with an edit (see FindConcepts).
	Typo bool
}

// maxNameWords is the longest name, in words, that is looked up.
const maxNameWords = 5

// FindConcepts returns the concepts named in text, in text order. With
// typos, a single word of 5 or more letters that names nothing exactly may
// name a concept with one edit (two from 9 letters): "kettlebel".
func (t *Taxonomy) FindConcepts(text string, typos bool) []Concept {
	folded := Fold(text)
	spans := wordSpans(folded)
	words := make([]string, len(spans))
	for i, s := range spans {
		words[i] = folded[s.start:s.end]
	}
	var out []Concept
	for i := 0; i < len(words); {
		found := false
		for n := min(maxNameWords, len(words)-i); n >= 1 && !found; n-- {
			key := joinedKey(folded, spans[i:i+n], words[i:i+n])
			for _, sec := range sections {
				if term, ok := t.facets[sec].byKey[key]; ok {
					out = append(out, Concept{Section: sec, ID: term.ID, Start: i, End: i + n})
					found = true
				}
			}
			if found {
				i += n
			}
		}
		if found {
			continue
		}
		if typos {
			if cs := t.nearConcepts(words[i]); len(cs) > 0 {
				for _, c := range cs {
					c.Start, c.End = i, i+1
					out = append(out, c)
				}
			}
		}
		i++
	}
	return out
}

// nearConcepts finds one-word names within the typo distance of w.
func (t *Taxonomy) nearConcepts(w string) []Concept {
	n := len([]rune(w))
	if n < 5 {
		return nil
	}
	maxDist := 1
	if n >= 9 {
		maxDist = 2
	}
	var out []Concept
	rw := []rune(w)
	letters := letterSet(rw)
	for _, sec := range sections {
		best, bestDist := "", maxDist+1
		for n := len(w) - maxDist; n <= len(w)+maxDist; n++ {
			for _, k := range t.facets[sec].nearKeys(n) {
				if bits.OnesCount64(k.letters&^letters) > maxDist || bits.OnesCount64(letters&^k.letters) > maxDist {
					continue // more than maxDist edits apart
				}
				if d := editDistance(rw, k.runes, maxDist); d < bestDist || (d == bestDist && k.term.ID < best) {
					best, bestDist = k.term.ID, d
				}
			}
		}
		if best != "" {
			out = append(out, Concept{Section: sec, ID: best, Typo: true})
		}
	}
	return out
}

// EditDistance is the optimal string alignment distance (Levenshtein with
// adjacent transpositions, as in "deadlfit"), or max+1 once it exceeds max.
func EditDistance(a, b string, max int) int {
	return editDistance([]rune(a), []rune(b), max)
}

func editDistance(ra, rb []rune, max int) int {
	// Words are short: their rows fit on the stack (query planning and
	// highlighting call this for every near word).
	var rows [3][32]int
	prev2, prev, cur := rows[0][:], rows[1][:], rows[2][:]
	if len(rb)+1 > len(prev) {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	prev2, prev, cur = prev2[:len(rb)+1], prev[:len(rb)+1], cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if prev[len(rb)] > max {
		return max + 1
	}
	return prev[len(rb)]
}

// ResolveAny maps a whole raw value (a tag, a category) to the concepts it
// names, in any section: "Baglår" is the muscle hamstrings, "kropsvægt" the
// equipment bodyweight, "Balance" both a focus and nothing else.
func (t *Taxonomy) ResolveAny(raw string) []Concept {
	key := Fold(raw)
	var out []Concept
	for _, sec := range sections {
		if term, ok := t.facets[sec].byValue[key]; ok {
			out = append(out, Concept{Section: sec, ID: term.ID, End: len(strings.Fields(key))})
		}
	}
	return out
}

// wordSpan is where a word of a folded text lies in it.
type wordSpan struct{ start, end int }

// wordSpans splits s into words as strings.Fields does, keeping where each
// word lies, so that a run of words can be taken from s as it is.
func wordSpans(s string) []wordSpan {
	out := make([]wordSpan, 0, strings.Count(s, " ")+1)
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, wordSpan{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, wordSpan{start, len(s)})
	}
	return out
}

// joinedKey returns words joined by single spaces: the words as they lie in
// folded when one space parts each from the next, which is how Fold parts
// them, so that most lookups of a name cost no new string: FindConcepts
// looks up every run of up to maxNameWords words of every title it reads,
// and a join for each showed in profiles of reading a corpus.
func joinedKey(folded string, spans []wordSpan, words []string) string {
	last := spans[len(spans)-1]
	for i := 1; i < len(spans); i++ {
		if spans[i].start != spans[i-1].end+1 || folded[spans[i-1].end] != ' ' {
			return strings.Join(words, " ")
		}
	}
	return folded[spans[0].start:last.end]
}
