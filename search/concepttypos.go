package search

import (
	"strings"

	"github.com/exsearch/exsearch/corpus"
)

// Concepts named with a typo. The taxonomy reads a word of five letters or
// more that names nothing as a name one edit away ("kettlebel"), but a
// stop word of some language is a word in its own right, never a typo:
// Danish and Norwegian "mange" (many) is one edit from "mave" (belly), and
// "hvor mange hviledage om ugen" asked for abdominal exercises.

// findConcepts is the taxonomy's concepts in text, typos allowed, but for
// a stop word read as a typo.
func (ix *Index) findConcepts(text string) []corpus.Concept {
	cs := ix.taxonomy.FindConcepts(text, true)
	var words []string
	out := cs[:0:0]
	for _, c := range cs {
		if c.Typo {
			if words == nil {
				words = strings.Fields(corpus.Fold(text))
			}
			if c.Start < len(words) && ix.stopSomewhere(words[c.Start]) {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}
