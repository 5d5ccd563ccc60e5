package search_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// TestCompoundQueries: closed compounds whose parts the shared corpora hold
// find what the parts name, in any language.
func TestCompoundQueries(t *testing.T) {
	l := openShared(t)
	dumbbell := regexp.MustCompile(`(?i)dumbbell|\bDB\b|håndvægt|kurzhantel`)
	barbell := regexp.MustCompile(`(?i)barbell|\bbar\b|stang|langhantel|\bLH\b`)
	row := regexp.MustCompile(`(?i)\brows?\b|roning|rudern`)
	squat := regexp.MustCompile(`(?i)squat|kniebeuge|knebøy|knæbøj`)
	jump := regexp.MustCompile(`(?i)jump|hopp|sprung`)
	kettlebell := regexp.MustCompile(`(?i)kettlebell`)
	cases := []struct {
		q, lang string
		top     int              // how many of the top hits are looked at…
		every   []*regexp.Regexp // …whose titles all match these…
		most    *regexp.Regexp   // …and most of them this
	}{
		{"håndvægtsroning", "da", 5, []*regexp.Regexp{row}, dumbbell},
		{"stangroning", "da", 5, []*regexp.Regexp{row}, barbell},
		{"Langhantelrudern", "de", 3, []*regexp.Regexp{row}, barbell},
		{"Kettlebellkniebeuge", "de", 5, []*regexp.Regexp{squat}, kettlebell},
		{"knebøyhopp", "no", 1, []*regexp.Regexp{squat, jump}, nil},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
			if len(res.Hits) < c.top {
				t.Fatalf("%q: %d hits, want at least %d", c.q, len(res.Hits), c.top)
			}
			most := 0
			for _, h := range res.Hits[:c.top] {
				for _, re := range c.every {
					if !re.MatchString(h.Title) {
						t.Errorf("%q: hit %q does not match %s", c.q, h.Title, re)
					}
				}
				if c.most != nil && c.most.MatchString(h.Title) {
					most++
				}
			}
			if c.most != nil && 2*most <= c.top {
				t.Errorf("%q: %d of the top %d titles match %s: %v", c.q, most, c.top, c.most, titles(res))
			}
		})
	}
}

// TestCompoundNeverNothing: a word made of indexed words finds something,
// even when no document holds all of its parts.
func TestCompoundNeverNothing(t *testing.T) {
	l := openShared(t)
	for _, q := range []string{"sprællemandsroning", "rygbøjningsroning", "bildækbænkpres", "Kurzhantelbizepscurls", "Bankdrückenkettlebell"} {
		if res := run(t, l, search.Request{Query: q, Size: 10}); res.Total == 0 {
			t.Errorf("%q: no hits", q)
		}
	}
}

// TestExactCompoundFirst: a title with the compound itself ranks above one
// with its parts apart.
func TestExactCompoundFirst(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(src, 0o755)
	for name, content := range map[string]string{
		"whole.md":  "---\ntitle: Kurzhantelrudern einarmig\nlanguage: de\n---\nZiehe die Hantel zur Hüfte.\n",
		"apart.md":  "---\ntitle: Rudern mit der Kurzhantel\nlanguage: de\n---\nZiehe die Hantel zur Hüfte.\n",
		"other.md":  "---\ntitle: Kniebeuge\nlanguage: de\n---\nGehe tief.\n",
		"hel.md":    "---\ntitle: Håndvægtsroning\nlanguage: da\n---\nTræk håndvægten op.\n",
		"dele.md":   "---\ntitle: Roning med håndvægt\nlanguage: da\n---\nTræk håndvægten op.\n",
		"andet.md":  "---\ntitle: Knæbøjning\nlanguage: da\n---\nGå dybt.\n",
		"stang.md":  "---\ntitle: Roning med stang\nlanguage: da\n---\nTræk stangen op.\n",
		"dumbel.md": "---\ntitle: Pres med håndvægt\nlanguage: da\n---\nPres op.\n",
	} {
		os.WriteFile(filepath.Join(src, name), []byte(content), 0o644)
	}
	s, err := corpus.Dir(src)
	if err != nil {
		t.Fatal(err)
	}
	l := openBuilt(t, s)
	for q, want := range map[string][]string{
		"Kurzhantelrudern": {"site/whole", "site/apart"},
		"håndvægtsroning":  {"site/hel", "site/dele"},
		"stangroning":      {"site/stang"},
	} {
		ids := topIDs(run(t, l, search.Request{Query: q, Size: 10}))
		if len(ids) < len(want) {
			t.Errorf("%q: got %v, want %v first", q, ids, want)
			continue
		}
		for i, id := range want {
			if ids[i] != id {
				t.Errorf("%q: got %v, want %v first", q, ids, want)
				break
			}
		}
	}
}

func titles(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Title)
	}
	return out
}

// TestNamedEquipment: an exercise's name that names its equipment
// ("kettlebell sving") finds the exercise, those with that equipment
// first: a tire swing is a swing, not a kettlebell swing.
func TestNamedEquipment(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang, equipment string }{
		{"kettlebell sving", "no", "kettlebell"},
		{"kettlebell swing", "da", "kettlebell"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 4, PreferLang: c.lang})
		if len(res.Hits) < 4 {
			t.Fatalf("%q: %d hits", c.q, len(res.Hits))
		}
		for _, h := range res.Hits {
			if !hasValue(h.Equipment, c.equipment) {
				t.Errorf("%q: %s (%s) has %v, not %s", c.q, h.ID, h.Title, h.Equipment, c.equipment)
			}
		}
	}
}
