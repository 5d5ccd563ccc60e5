package search_test

import (
	"testing"

	"github.com/exsearch/exsearch/search"
)

func TestCorrections(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		q, want string
	}{
		{"deadlfit", "deadlift"},                  // a swap is one edit
		{"romanian dedlift", "romanian deadlift"}, // only the unknown word changes
		{"bnkpres", "bænkpres"},                   // Danish, as titles write it
		{"bænkpræs", "bænkpres"},                  // a Nordic letter for another
		{"Klimzüge", "Klimmzüge"},                 // the visitor's capital is kept
		{"hamstrngs curl", "hamstrings curl"},     // a facet name
		{"squat", ""},                             // known: nothing to correct
		{"kettlebel swing", ""},                   // known: stemmed, it is kettlebell's stem
		{"xqzvbnm", ""},                           // nothing near
		{"deadl", ""},                             // being typed: it begins deadlift
		{"deadl press", "dead press"},             // …but not in the middle of the text
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 1})
		if res.Corrected != c.want {
			t.Errorf("%q: corrected to %q, want %q", c.q, res.Corrected, c.want)
		}
	}
}
