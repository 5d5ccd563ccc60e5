package search

import (
	"context"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
)

// hostileQuery is issue 13's costly query: 32 misspelt German compounds of
// about twenty letters, in no language's dictionary, each looked up as a
// typo with two edits.
const hostileQuery = "Kniebeugenlangehantelx Schulterdrückmaschinne Kreuzhebenvariatioen Bankdrückvariationenn " +
	"Oberschenkelrückseitee Rumpfstabilisationsübunng Latzugmaschinenvarinte Kurzhantelseitheebenn " +
	"Beinpressmaschinnen Trizepsdrückkabelzugg Bizepscurlvariationnen Wadenheebenmaschinne " +
	"Rudernlanghantelvorgb Hüftstreckungsübunggen Schulterblattstabilsat Ausfallschrittvarinten " +
	"Klimmzugvariationnen Liegestützvariatioonen Bauchmuskeltrainngsplan Rückenstreckermaschnie " +
	"Brustmuskeldehnungüb Gesäßmuskelaktivierng Oberkörperkräftigungs Unterkörpertrainingsp " +
	"Beweglichkeitsübungenx Koordinationstrainngs Ausdauertrainingseinht Kraftausdauerübungenn " +
	"Schnellkraftübungsvar Maximalkrafttrainingg Dehnungsübungensammlg Aufwärmübungsprogrmm"

// TestCost: the estimate calls issue 13's query and other texts full of
// long misspelt words costly, and ordinary searches cheap: a few words,
// one typo however long the word, Danish compounds, many known words. The
// dictionaries' verdict agrees with the one Cost gives, which for most
// cheap texts is the bound alone.
func TestCost(t *testing.T) {
	l, err := OpenLive(sharedtest.Index(t), LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	ix := l.cur.Load()
	cases := []struct {
		text   string
		costly bool
		typos  int
	}{
		{hostileQuery, true, 32},
		{"Kniebeugenlangehantelx Schulterdrückmaschinne", true, 2},
		{"Kniebeugenlangehantelx Schulterdrückmaschinne squat", true, 2},
		{strings.Repeat("kx", maxTypoRunes/2), true, 1},
		{strings.Repeat("kx", 100), false, 0}, // too long to be a typo: looked up as written
		{"", false, 0},
		{"squat", false, 0},
		{"hip thrust", false, 0},
		{"seated dumbbell curls", false, 0},
		{"romanian deadlift barbell hamstrings", false, 0},
		{"machine stiff-legged deadlift", false, 0},
		{"one-arm high-pulley cable side bends", false, 0},
		{"deadlfit", false, 1},
		{"sqaut", false, 1},
		{"romanian dedlift with barbell", false, 1},
		{"Klimzüge", false, 1},
		{"Kniebeugenlangehantelx", false, 1},
		{"knæbøjning", false, 1},
		{"knæbøjnig", false, 1},
		{"skulderpresse", false, 1},
		{"håndvægtsbænkpres", false, 0},
		{"bulgarsk splitsquat med håndvægte", false, 0},
		{"Kniebeuge mit Langhantel", false, 0},
		{strings.Repeat("squat ", 32), false, 0},
		{"squat bench press deadlift row curl pull push lunge plank bridge stretch hip knee shoulder back " +
			"chest leg arm core glute hamstring calf triceps biceps abs dumbbell barbell kettlebell band cable machine", false, 0},
	}
	for _, c := range cases {
		got, looked := l.Cost(c.text), ix.estimate(c.text)
		if got.Costly() != c.costly || looked.Costly() != c.costly {
			t.Errorf("%.60q: %+v (looked up: %+v), want costly %v", c.text, got, looked, c.costly)
		}
		if looked.Typos != c.typos {
			t.Errorf("%.60q: %d typos, want %d", c.text, looked.Typos, c.typos)
		}
	}
	// Refused by the request limits before any work.
	for _, text := range []string{strings.Repeat("Kniebeugenlangehantelx ", MaxQueryWords+1), strings.Repeat("x", MaxQueryBytes+1), "Kniebeugenlangehantelx\xff"} {
		if got := l.Cost(text); got != (Cost{}) {
			t.Errorf("%.60q: %+v, want nothing", text, got)
		}
	}
}

// BenchmarkCost measures the estimate, which every search pays before it
// is admitted: an ordinary query (decided by the bound alone), one of nine
// known words (looked up), and issue 13's query.
//
//	go test ./search -run '^$' -bench Cost
func BenchmarkCost(b *testing.B) {
	l, err := OpenLive(sharedtest.Index(b), LiveOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { l.Close() })
	for _, c := range []struct{ name, text string }{
		{"ordinary", "seated dumbbell curls"},
		{"known", "bulgarian split squat with dumbbells romanian deadlift barbell hamstrings"},
		{"issue13", hostileQuery},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				l.Cost(c.text)
			}
		})
	}
}

// TestLongWords: a word too long to be a typo of anything is looked up as
// written. Before, one of a few hundred letters failed the search with a
// 500 ("dfa contains more than 10000 states").
func TestLongWords(t *testing.T) {
	l, err := OpenLive(sharedtest.DefaultIndex(t), LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, n := range []int{maxTypoRunes, maxTypoRunes + 1, 200, 1000} {
		q := strings.Repeat("kniebeugeq", n/10+1)[:n]
		if _, err := l.Search(context.Background(), Request{Query: q, Size: 5}); err != nil {
			t.Errorf("a word of %d letters: %v", n, err)
		}
	}
}
