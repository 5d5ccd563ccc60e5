package search_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/search"
)

// A small corpus of our own for the spellings the shared data lacks.
var forgivingCorpus = map[string]string{
	"knaeboej.md":   "---\ntitle: Knæbøjning med vægtstang\nlanguage: da\n---\nStå med stangen på ryggen og bøj i knæene.\n",
	"haandvaegt.md": "---\ntitle: Bænkpres med håndvægte\nlanguage: da\n---\nLig på bænken og pres håndvægtene op.\n",
	"bicepscurl.md": "---\ntitle: Bicepscurl med håndvægte\nlanguage: da\n---\nBøj albuerne og løft håndvægtene.\n",
	"sving.md":      "---\ntitle: Kettlebell sving\nlanguage: no\n---\nSving kettlebellen opp til brysthøyde med kraft fra hoftene.\n",
	"roning.md":     "---\ntitle: Roning med kabeltræk\nlanguage: da\n---\nTræk håndtaget ind mod maven.\n",
}

func openForgiving(t *testing.T) *search.Live {
	t.Helper()
	root := t.TempDir()
	src := filepath.Join(root, "site")
	os.MkdirAll(src, 0o755)
	for name, content := range forgivingCorpus {
		os.WriteFile(filepath.Join(src, name), []byte(content), 0o644)
	}
	s, err := corpus.Dir(src)
	if err != nil {
		t.Fatal(err)
	}
	return openBuilt(t, s)
}

// openBuilt indexes sources into a temporary directory and opens the index.
func openBuilt(t *testing.T, sources ...corpus.Source) *search.Live {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	if _, err := indexer.Reindex(context.Background(), dir, sources, indexer.ReindexOptions{}); err != nil {
		t.Fatal(err)
	}
	l, err := search.OpenLive(dir, search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func topIDs(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestForgivingQueries: folding both ways, compounds both ways, typos and
// prefixes, each finding its document.
func TestForgivingQueries(t *testing.T) {
	shared, own := openShared(t), openForgiving(t)
	cases := []struct {
		name    string
		l       *search.Live
		q, lang string
		want    string
		maxRank int
	}{
		{"fold ae→æ", shared, "baenkpres", "da", "corpus/motionsplan/_exercises/baenkpres-17", 3},
		{"fold æ as typed", shared, "bænkpres", "da", "corpus/motionsplan/_exercises/baenkpres-17", 3},
		{"fold u→ü (German)", shared, "Bankdrucken LH", "de", "corpus/wger/", 1},
		{"fold ue→ü (German)", shared, "Bankdruecken", "de", "corpus/wger/", 1},
		{"fold ae/oe→æ/ø", own, "knaeboejning", "da", "site/knaeboej", 1},
		{"fold ø→oe typed", own, "Knæbøjning", "da", "site/knaeboej", 1},
		{"compound whole→parts", shared, "Bizepscurls", "de", "corpus/wger/8277124a-9ef2-442a-9824-7ab4439a5f1f", 10},  // Bizeps Curls Mit SZ-Stange
		{"compound parts→whole", shared, "Bizeps Curls", "de", "corpus/wger/afd72ed7-5ca8-47a8-ae8f-5f24679b995c", 10}, // Abwechselnde Bizepscurls
		{"compound with linking s", own, "håndvægtsbænkpres", "da", "site/haandvaegt", 1},
		{"compound folded", own, "haandvaegtsbaenkpres", "da", "site/haandvaegt", 1},
		{"compound kettlebellsving", own, "kettlebellsving", "no", "site/sving", 1},
		{"typo, transposition, 9 letters", shared, "bulgarain split squat", "en", "corpus/wger/", 3},
		{"typo, 10 letters", shared, "kettelbell swing", "en", "corpus/", 1},
		{"typo, transposition, 8 letters", shared, "deadlfit", "en", "corpus/", 1},
		{"prefix of the last word", shared, "kettleb", "en", "corpus/", 1},
		{"prefix, folded", own, "bicepscu", "da", "site/bicepscurl", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := run(t, c.l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
			ids := topIDs(res)
			found := 0
			for i, id := range ids {
				if id == c.want || (c.want[len(c.want)-1] == '/' && len(id) > len(c.want) && id[:len(c.want)] == c.want) {
					found = i + 1
					break
				}
			}
			if found == 0 || found > c.maxRank {
				t.Errorf("%q: want %s within the top %d, got %v", c.q, c.want, c.maxRank, ids)
			}
		})
	}
	// What the typo cases found is what they meant.
	for q, word := range map[string]string{"deadlfit": "deadlift", "kettelbell swing": "kettlebell", "bulgarain split squat": "bulgarian"} {
		res := run(t, shared, search.Request{Query: q, Size: 3, PreferLang: "en"})
		named := 0
		for _, h := range res.Hits {
			if containsFold(h.Title, word) {
				named++
			}
		}
		if named < 2 {
			t.Errorf("%q: fewer than two of the top three name %s: %v", q, word, topIDs(res))
		}
	}
}

func containsFold(s, sub string) bool { return strings.Contains(corpus.Fold(s), sub) }

func openDefault(t *testing.T) *search.Live {
	t.Helper()
	return openBuilt(t, corpus.DefaultSource())
}

// A typo is ranked below an exact match of the same word.
func TestTypoRanksBelowExact(t *testing.T) {
	l := openShared(t)
	exact := run(t, l, search.Request{Query: "deadlift", Size: 1, PreferLang: "en"})
	typo := run(t, l, search.Request{Query: "deadlfit", Size: 1, PreferLang: "en"})
	if exact.Hits[0].ID != typo.Hits[0].ID {
		t.Logf("exact %s, typo %s", exact.Hits[0].ID, typo.Hits[0].ID)
	}
	if typo.Hits[0].Score >= exact.Hits[0].Score {
		t.Errorf("typo match scores %.3f, not below the exact match's %.3f", typo.Hits[0].Score, exact.Hits[0].Score)
	}
	// A known word is not "corrected": "press" does not turn into "dress".
	res := run(t, l, search.Request{Query: "bench press", Size: 10, PreferLang: "en"})
	for _, h := range res.Hits {
		if !containsFold(h.Title, "bench") && !containsFold(h.Title, "press") && !containsFold(h.Title, "bankdrucken") && !containsFold(h.Title, "baenkpres") {
			t.Errorf("bench press: %q in the top 10", h.Title)
		}
	}
}

// TestCrossLanguage: a concept named in one language finds the documents
// that carry it in the others, below the same-language matches.
func TestCrossLanguage(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "hamstrings", Size: 100, PreferLang: "en"})
	rankOf := func(id string) int { return rank(res, id) }
	if r := rankOf(seedNordic); r == 0 {
		t.Errorf("hamstrings does not find the Danish page tagged Baglår (%d hits)", res.Total)
	}
	firstOther := 0
	for i, h := range res.Hits {
		if h.Lang != "en" {
			firstOther = i
			break
		}
	}
	for _, h := range res.Hits[:firstOther] {
		if h.Lang != "en" {
			t.Errorf("a %s document ranks among the English matches", h.Lang)
		}
	}
	if firstOther < 10 {
		t.Errorf("the first non-English hit for hamstrings is at rank %d; same-language matches should fill the first page", firstOther+1)
	}

	res = run(t, l, search.Request{Query: "Kniebeuge", Size: 100, PreferLang: "de"})
	langs := map[string]bool{}
	for _, h := range res.Hits {
		langs[h.Lang] = true
	}
	for _, lang := range []string{"da", "de", "en"} {
		if !langs[lang] {
			t.Errorf("Kniebeuge finds no %s squats in its first 100 hits", lang)
		}
	}
	if res.Hits[0].Lang != "de" {
		t.Errorf("Kniebeuge: top hit is %s, want German", res.Hits[0].Lang)
	}
	def := openDefault(t)
	res = run(t, def, search.Request{Query: "Kniebeuge", Size: 20, PreferLang: "de"})
	langs = map[string]bool{}
	for _, h := range res.Hits {
		langs[h.Lang] = true
	}
	if len(langs) != 4 {
		t.Errorf("Kniebeuge in the default corpus finds squats in %v, want all four languages", langs)
	}
}
