package search_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// Text as pasted from PDFs, phones and web pages: ligatures, fullwidth
// letters, dotless ı and invisible characters, in documents and in queries.
var unicodeCorpus = map[string]string{
	"fitness.md": "---\ntitle: Fitness for beginners\nlanguage: en\n---\nA plan for the gym.\n",
	"ligature.md": "---\ntitle: Stretching after training\nlanguage: en\n---\n" +
		"Stretching helps ﬂexibility; the ﬁrst ten minutes of a session matter most for ﬁtness.\n",
	"squat.md":     "---\ntitle: Goblet squat\nlanguage: en\n---\nHold the weight at the chest and sit down.\n",
	"dips.md":      "---\ntitle: Bench dips\nlanguage: en\n---\nLower the body between two benches.\n",
	"zwj.md":       "---\ntitle: Kurz\u00adhantel\u200drudern\nlanguage: de\n---\nZiehe die Hantel zur Hüfte.\n",
	"baenkpres.md": "---\ntitle: Bænkpres\nlanguage: da\n---\nLig på bænken.\n",
}

func openUnicode(t *testing.T) *search.Live {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(src, 0o755)
	for name, content := range unicodeCorpus {
		os.WriteFile(filepath.Join(src, name), []byte(content), 0o644)
	}
	s, err := corpus.Dir(src)
	if err != nil {
		t.Fatal(err)
	}
	return openBuilt(t, s)
}

// TestUnicodeForms: each form of a word, in the query or in the document,
// finds the document.
func TestUnicodeForms(t *testing.T) {
	l := openUnicode(t)
	for _, c := range []struct{ q, want string }{
		{"ﬁtness", "site/fitness"},                   // ligature in the query
		{"flexibility", "site/ligature"},             // ligature in the document
		{"first minutes", "site/ligature"},           // …and its other words
		{"ｓｑｕａｔ", "site/squat"},                      // fullwidth
		{"ＧＯＢＬＥＴ ｓｑｕａｔ", "site/squat"},               // fullwidth capitals
		{"dıps", "site/dips"},                        // dotless ı
		{"squ\u200dat", "site/squat"},                // zero-width joiner
		{"squ\u200cat", "site/squat"},                // zero-width non-joiner
		{"squ\u200bat", "site/squat"},                // zero-width space
		{"go\u2060blet", "site/squat"},               // word joiner
		{"bænk\u00adpres", "site/baenkpres"},         // soft hyphen
		{"\ufeffbænkpres", "site/baenkpres"},         // byte-order mark
		{"Kurzhantelrudern", "site/zwj"},             // invisible characters in the document
		{"ｋｕｒｚ\u00adｈａｎｔｅｌ\u200dｒｕｄｅｒｎ", "site/zwj"}, // and in the query, fullwidth
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10})
		if ids := topIDs(res); !slices.Contains(ids, c.want) {
			t.Errorf("%q: want %s among the hits, got %v", c.q, c.want, ids)
		}
	}
}

// TestHighlightLigature: a match in a document's ligature is marked where
// it is in the text as written.
func TestHighlightLigature(t *testing.T) {
	l := openUnicode(t)
	for q, want := range map[string]string{
		"fitness":     "<mark>ﬁtness</mark>",
		"flexibility": "<mark>ﬂexibility</mark>",
		"ﬁrst":        "<mark>ﬁrst</mark>",
	} {
		res := run(t, l, search.Request{Query: q, Size: 10})
		found := false
		for _, h := range res.Hits {
			if h.ID == "site/ligature" {
				found = true
				if body := strings.Join(h.Highlights.Body, " "); !strings.Contains(body, want) {
					t.Errorf("%q: body highlights %q lack %q", q, body, want)
				}
			}
		}
		if !found {
			t.Errorf("%q: site/ligature not found: %v", q, topIDs(res))
		}
	}
	res := run(t, l, search.Request{Query: "Kurzhantelrudern", Size: 1})
	if len(res.Hits) != 1 || !strings.Contains(res.Hits[0].Highlights.Title[0], "<mark>Kurz\u00adhantel\u200drudern</mark>") {
		t.Errorf("title highlight of the word with invisible characters: %+v", res.Hits)
	}
}
