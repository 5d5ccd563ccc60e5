package search

import (
	"reflect"
	"strings"
	"testing"
)

// TestSplitWord splits words against small vocabularies: good splits, linking
// letters of each language, and the junk splits it must not make.
func TestSplitWord(t *testing.T) {
	vocab := func(words ...string) map[string]bool {
		m := map[string]bool{}
		for _, w := range words {
			m[w] = true
		}
		return m
	}
	cases := []struct {
		name, lang, word string
		known            map[string]bool
		want             string // parts joined by "+", "" for no split
	}{
		{"da, linking s", "da", "håndvægtsroning", vocab("håndvægt", "roning"), "håndvægt+roning"},
		{"da, no linking", "da", "stangroning", vocab("stang", "roning"), "stang+roning"},
		{"da, linking e", "da", "styrkeøvelse", vocab("styrk", "øvelse"), "styrk+øvelse"},
		{"no, two parts", "no", "knebøyhopp", vocab("knebøy", "hopp"), "knebøy+hopp"},
		{"no, linking s", "no", "styrketreningsprogram", vocab("styrketrening", "program"), "styrketrening+program"},
		{"de, no linking", "de", "langhantelrudern", vocab("langhantel", "rudern", "hantel", "lang"), "langhantel+rudern"},
		{"de, linking en", "de", "schultergelenkenübung", vocab("schultergelenk", "übung"), "schultergelenk+übung"},
		{"de, linking er", "de", "kindertraining", vocab("kind", "training"), "kind+training"},
		{"de, linking es", "de", "körpersgewichtsübung", vocab("körper", "gewicht", "übung"), "körper+gewicht+übung"},
		{"de, three parts", "de", "kettlebellkniebeugeübung", vocab("kettlebell", "kniebeuge", "übung"), "kettlebell+kniebeuge+übung"},
		{"fewest parts win", "de", "kurzhantelrudern", vocab("kurz", "hantel", "kurzhantel", "rudern"), "kurzhantel+rudern"},
		{"a linking letter the language lacks", "da", "kindertraining", vocab("kind", "training"), ""},
		{"not the word itself", "de", "kniebeuge", vocab("kniebeuge"), ""},
		{"a part shorter than four letters", "da", "armroning", vocab("arm", "roning"), ""},
		{"a typo is no string of words", "en", "bulgarain", vocab("bulg", "arain"), ""},
		{"a typo is no string of words", "da", "bulgarain", vocab("bul", "gar", "ain"), ""},
		{"an unknown part", "de", "langhantelxyzzy", vocab("langhantel"), ""},
		{"a left-over letter", "de", "langhantelxrudern", vocab("langhantel", "rudern"), ""},
		{"too many parts", "de", "abababababababababab", vocab("abab", "ab"), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			links := linkingLetters[c.lang]
			if links == nil {
				return // not a splitting language: split returns nil for it
			}
			asked := map[string]int{}
			parts := splitWord(c.word, links, func(part string) (compoundPart, bool) {
				asked[part]++
				return compoundPart{raw: part, term: part, indexed: true}, c.known[part]
			})
			var got []string
			for _, p := range parts {
				got = append(got, p.raw)
			}
			if g := strings.Join(got, "+"); g != c.want {
				t.Errorf("splitWord(%q) = %q, want %q", c.word, g, c.want)
			}
			n := 0
			for _, k := range asked {
				n += k
			}
			if max := len([]rune(c.word)) * (maxSplitPart - minSplitPart + 1); n > max {
				t.Errorf("%d look-ups, more than one per place and length (%d)", n, max)
			}
		})
	}
	if linkingLetters["en"] != nil {
		t.Error("English compounds are open; it has no linking letters")
	}
}

// TestSplitCost: the candidates of a long word are bounded.
func TestSplitCost(t *testing.T) {
	word := strings.Repeat("abcd", 10) // 40 letters, every 4-letter run known
	n := 0
	parts := splitWord(word, linkingLetters["de"], func(part string) (compoundPart, bool) {
		n++
		return compoundPart{raw: part}, len(part) == 4
	})
	if parts != nil {
		t.Errorf("a split of more than %d parts: %d", maxSplitParts, len(parts))
	}
	if max := len(word) * (maxSplitPart - minSplitPart + 1); n > max {
		t.Errorf("%d look-ups, want at most %d", n, max)
	}
}

func TestSplitText(t *testing.T) {
	byLang := map[string][]word{
		"da": {{raw: "håndvægtsroning", start: 0, surfaces: []string{"håndvægt", "roning"}}, {raw: "let", start: 17}},
		"de": {{raw: "håndvægtsroning", start: 0}},
	}
	if got := splitText("håndvægtsroning let", byLang); got != "håndvægt roning let" {
		t.Errorf("got %q", got)
	}
	if got := splitText("squat", map[string][]word{"en": {{raw: "squat"}}}); got != "squat" {
		t.Errorf("got %q", got)
	}
	if !reflect.DeepEqual(linkingLetters["da"], linkingLetters["no"]) {
		t.Error("Danish and Norwegian link alike")
	}
}

// BenchmarkDecompound splits closed compounds against the embedded corpus's
// dictionaries, as a query's planning does.
func BenchmarkDecompound(b *testing.B) {
	ix := openEmbedded(b)
	words := []struct{ lang, word string }{
		{"da", "håndvægtsbænkpres"}, {"da", "håndvægtsroning"}, {"de", "Langhantelrudern"},
		{"de", "Kettlebellkniebeuge"}, {"no", "knebøyhopp"}, {"de", "Ausfalschritte"},
	}
	ix.taxonomyWords("da")
	b.ResetTimer()
	lookups := 0
	for i := 0; i < b.N; i++ {
		w := words[i%len(words)]
		s := &splitter{ix: ix}
		s.split(w.lang, w.word)
		lookups += s.lookups
	}
	b.ReportMetric(float64(lookups)/float64(b.N), "lookups/op")
}

// TestSplitAt: each offset of the split text stands for the letters it
// came from, so that a part read in it is named as typed ("Bein" of
// "Beinübungen", "håndvægts" of "håndvægtsroning", the linking letter with
// the part before it).
func TestSplitAt(t *testing.T) {
	text := "Beinübungen og håndvægtsroning"
	byLang := map[string][]word{
		"de": {{raw: "Beinübungen", start: 0, surfaces: []string{"bein", "übungen"}}},
		"da": {{raw: "håndvægtsroning", start: len("Beinübungen og "), surfaces: []string{"håndvægt", "roning"}}},
	}
	split, at, ok := splitAt(text, byLang)
	if !ok || split != "bein übungen og håndvægt roning" {
		t.Fatalf("got %q, %v", split, ok)
	}
	if len(at) != len(split)+1 || at[len(split)] != len(text) {
		t.Fatalf("%d offsets, the last %d", len(at), at[len(at)-1])
	}
	for _, c := range []struct{ part, typed string }{
		{"bein", "Bein"}, {"übungen", "übungen"}, {"og", "og"}, {"håndvægt", "håndvægts"}, {"roning", "roning"},
		{"bein übungen", "Beinübungen"},
	} {
		i := strings.Index(split, c.part)
		if got := text[at[i]:at[i+len(c.part)]]; got != c.typed {
			t.Errorf("%q stands for %q, want %q", c.part, got, c.typed)
		}
	}
	// Normalising that changes a word's letters leaves it unsplit.
	if _, _, ok := splitAt("ﬁtnessbold", map[string][]word{"da": {{raw: "ﬁtnessbold", surfaces: []string{"fitness", "bold"}}}}); ok {
		t.Error("a ligature's offsets told")
	}
}
