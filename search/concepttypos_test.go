package search

import (
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestStopWordNoTypo: a stop word is no typo of a concept name ("mange",
// many, is one edit from "mave"), while a word that is none still is.
func TestStopWordNoTypo(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	for _, c := range []struct {
		q       string
		muscles []string
	}{
		{"hvor mange hviledage om ugen", nil},
		{"hvor mange sett og reps", nil},
		{"mavve øvelser", []string{"abdominals"}},
	} {
		var got []string
		for _, k := range ix.findConcepts(c.q) {
			if k.Section == "muscle" {
				got = append(got, k.ID)
			}
		}
		if !sameSet(got, c.muscles) {
			t.Errorf("%q: muscles %v, want %v", c.q, got, c.muscles)
		}
		if m := ix.textQuery(c.q, "da").meaning; !sameSet(m.trains, c.muscles) && m.intent == intentTopic {
			t.Errorf("%q: a topic that trains %v, want %v", c.q, m.trains, c.muscles)
		}
	}
}
