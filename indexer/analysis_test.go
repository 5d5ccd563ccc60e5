package indexer

import (
	"reflect"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/exsearch/exsearch/corpus"
)

func terms(ts analysis.TokenStream) []string {
	var out []string
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}

func stream(words ...string) analysis.TokenStream {
	var ts analysis.TokenStream
	for i, w := range words {
		ts = append(ts, &analysis.Token{Term: []byte(w), Position: i + 1})
	}
	return ts
}

func TestFoldFilter(t *testing.T) {
	got := terms(foldFilter{}.Filter(stream("bænkpr", "knæbøjning", "gesäß", "squat")))
	want := []string{"baenkpr", "knaeboejning", "gesaess", "squat"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNormalizeFilter(t *testing.T) {
	got := terms(normalizeFilter{}.Filter(stream("ﬁtness", "ｓｑｕａｔ", "dıp", "knæ\u200dbøjning", "\u200b\ufeff", "squat")))
	want := []string{"fitness", "squat", "dip", "knæbøjning", "squat"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDedupeFilter(t *testing.T) {
	ts := stream("biceps", "curl")
	ts = append(ts[:1], append(analysis.TokenStream{{Term: []byte("biceps"), Position: 1}, {Term: []byte("bic"), Position: 1}}, ts[1:]...)...)
	if got := terms(dedupeFilter{}.Filter(ts)); !reflect.DeepEqual(got, []string{"biceps", "bic", "curl"}) {
		t.Errorf("got %v", got)
	}
	// A part met twice (a word and its stem) spans both.
	ts = analysis.TokenStream{
		{Term: []byte("langhantelrud"), Start: 0, End: 16, Position: 1},
		{Term: []byte("rud"), Start: 10, End: 13, Position: 1},
		{Term: []byte("rud"), Start: 10, End: 16, Position: 1},
	}
	if got := (dedupeFilter{}).Filter(ts); len(got) != 2 || got[1].Start != 10 || got[1].End != 16 {
		t.Errorf("got %v", got)
	}
	// The same word at two positions is two words.
	if got := terms(dedupeFilter{}.Filter(stream("bench", "bench"))); len(got) != 2 {
		t.Errorf("got %v", got)
	}
}

// TestAnalyzers runs each language's whole chain.
func TestAnalyzers(t *testing.T) {
	docs := []corpus.Document{
		{Lang: "da", Title: "Bænkpres med håndvægte"},
		{Lang: "de", Title: "Bizeps Curls"},
		{Lang: "no", Title: "Kettlebell sving"},
	}
	dicts := Dictionary(docs, corpus.DefaultTaxonomy())
	if !slices.Contains(dicts["da"], "håndvæg") || !slices.Contains(dicts["da"], "haandvaeg") {
		t.Errorf("the Danish dictionary lacks the stem and its folded form: %v", dicts["da"])
	}
	if _, ok := dicts["en"]; ok {
		t.Error("English compounds are not split; it needs no dictionary")
	}
	im, err := Mapping(Options{Dictionaries: dicts})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lang, text string
		want       []string
	}{
		{"da", "Bænkpres", []string{"baenkpr"}},
		{"da", "baenkpres", []string{"baenkpr"}},
		{"da", "håndvægtsbænkpres", []string{"haandvaegtsbaenkpr", "haandvaeg", "baenkpr"}},
		{"de", "Bizepscurls", []string{"bizepscurl", "bizeps", "curl"}},
		{"de", "Bankdrücken", []string{"bankdruck"}},
		{"de", "Bankdrucken", []string{"bankdruck"}},
		{"no", "kettlebellsving", []string{"kettlebellsving", "kettlebell", "sving"}},
		{"en", "Squats", []string{"squat"}},
		{"en", "ﬁtness", []string{"fit"}},
		{"en", "ＳＱＵＡＴＳ", []string{"squat"}},
		{"en", "squ\u200bats", []string{"squat"}},
		{"da", "KNÆ\u00adBØJNING", []string{"knaeboejning"}},
		{"de", "Kurz\u2060hantel", []string{"kurzhantel"}},
		{"en", "dıps", []string{"dip"}},
	} {
		a := im.AnalyzerNamed(Analyzer(c.lang))
		got := terms(a.Analyze([]byte(c.text)))
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%s %q → %v, want it to contain %q", c.lang, c.text, got, w)
			}
		}
	}
}

func TestWordsTokenizer(t *testing.T) {
	ts := wordsTokenizer{}.Tokenize([]byte("Push-up, 3×10 Bænkpres (håndvægte) Fiksér naïve don't"))
	got := terms(ts)
	want := []string{"Push", "up", "3", "10", "Bænkpres", "håndvægte", "Fiksér", "naïve", "don", "t"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if ts[4].Start != 15 || ts[4].End != 24 || ts[4].Position != 5 {
		t.Errorf("offsets of Bænkpres: %+v", ts[4])
	}
	// Invisible characters stay inside their word; offsets are the text's.
	ts = wordsTokenizer{}.Tokenize([]byte("a squ\u200dat\u00ad ﬁtness"))
	if got := terms(ts); !reflect.DeepEqual(got, []string{"a", "squ\u200dat\u00ad", "ﬁtness"}) {
		t.Errorf("got %q", got)
	}
	if ts[2].Start != 13 || ts[2].End != 21 {
		t.Errorf("offsets of ﬁtness: %+v", ts[2])
	}
	if len(wordsTokenizer{}.Tokenize(nil)) != 0 {
		t.Error("tokens in nothing")
	}
}
