package corpus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/synth"
)

// TestLoadWorkersAgree: reading files several at once changes nothing that
// Load returns or reports: documents, the report, problems and warnings in
// their order (and so which source keeps a contested id), and the progress
// calls. Each corpus is loaded one file at a time and with several
// workers, more than there are cores too, and the two outcomes must be
// equal byte for byte. Run it with -race.
func TestLoadWorkersAgree(t *testing.T) {
	corpora := []struct {
		name    string
		sources func(t *testing.T) []corpus.Source
	}{
		{"default", func(*testing.T) []corpus.Source { return []corpus.Source{corpus.DefaultSource()} }},
		{"troubled", func(*testing.T) []corpus.Source { return []corpus.Source{{Name: "site", FS: troubledCorpus()}} }},
		{"shared", func(t *testing.T) []corpus.Source { return sharedtest.Sources(t) }},
		{"generated", generatedCorpus},
	}
	for _, c := range corpora {
		t.Run(c.name, func(t *testing.T) {
			sources := c.sources(t)
			want := loadOutcome(t, sources, 1)
			for _, workers := range []int{2, 5} {
				if got := loadOutcome(t, sources, workers); got != want {
					t.Errorf("%d workers: the outcome differs from one worker's: %s", workers, firstDifference(got, want))
				}
			}
		})
	}
}

// loadOutcome loads sources with the given number of workers and returns
// everything Load gave, as text.
func loadOutcome(t *testing.T, sources []corpus.Source, workers int) string {
	t.Helper()
	var b, progress strings.Builder
	enc := json.NewEncoder(&b)
	opts := corpus.Options{Workers: workers, Progress: func(p corpus.Progress) { fmt.Fprintf(&progress, "progress %+v\n", p) }}
	docs, rep, err := corpus.Load(context.Background(), sources, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if err := enc.Encode(d); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Encode(rep); err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(&b, "problem %q %d %q\n", p.Path, p.Line, p.Err)
	}
	for _, p := range rep.Warnings {
		fmt.Fprintf(&b, "warning %q %d %q\n", p.Path, p.Line, p.Err)
	}
	return b.String() + progress.String()
}

func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %.300s\nwant %.300s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// troubledCorpus is a few hundred files among which some of every kind of
// trouble: problems and warnings, in files and in dataset records, ids
// claimed twice, fixtures that span files, languages to detect.
func troubledCorpus() fstest.MapFS {
	fsys := fstest.MapFS{}
	add := func(name, content string) { fsys[name] = &fstest.MapFile{Data: []byte(content)} }
	for i := range 300 {
		dir := fmt.Sprintf("d%d", i/10%7) // ten files a folder, folders revisited
		switch i % 10 {
		case 0:
			add(fmt.Sprintf("%s/p%03d.md", dir, i), fmt.Sprintf("---\ntitle: Squat %d\nlanguage: da\nequipment: [kettlebell, noget-ukendt]\ntags: [styrke, styrke]\nlast_modified_at: %s\n---\n# {{ page.title }}\n\nMed {%% for e in page.equipment %%}{{ e }} {%% endfor %%}.\n\n## Udførelse\n\nStå   oprejst.<br>Bøj knæ.\n", i, map[bool]string{true: "yesterday", false: "2020-01-02"}[i%20 == 0]))
		case 1:
			add(fmt.Sprintf("%s/p%03d.txt", dir, i), fmt.Sprintf("Deadlift %d\r\n\r\nLift the bar from the floor with a straight back.\r\n", i))
		case 2:
			add(fmt.Sprintf("%s/p%03d.txt", dir, i-2), "Claimed twice\n\nThe page beside this article has its id.\n")
		case 3:
			add(fmt.Sprintf("%s/p%03d.md", dir, i), "---\ntitle: x\ntags: [a, b\nlanguage: da\n---\nbody\n")
		case 4:
			add(fmt.Sprintf("%s/p%03d.md", dir, i), "---\ntitle: Liquid\nlanguage: en\n---\n{% for x in (1..10000000) %}x{% endfor %} Press {{ page.title | nosuchfilter }}\n")
		case 5:
			add(fmt.Sprintf("%s/p%03d.md", dir, i), []string{"", "\x89PNG\x00", "Tit\xffel\n\nbody\n", "---\nlanguage: fr\ntitle: x\n---\n", "---\nlanguage: da\n---\nno title\n"}[i/10%5])
		case 6:
			// The first record claims the id of the page after it.
			add(fmt.Sprintf("%s/p%03d.json", dir, i), fmt.Sprintf(`[{"id": "p%03d", "name": "Record", "primaryMuscles": ["chest"], "instructions": ["a", " b  c "]}, {"id": "", "name": "no id"}, {"id": "a/b", "name": "slash"}, {"id": "ok%d", "name": "OK", "primaryMuscles": [], "equipment": "barbell", "level": "beginner"}]`, i+1, i))
		case 7:
			add(fmt.Sprintf("%s/p%03d.md", dir, i), fmt.Sprintf("\ufeff---\ntitle: Kniebeuge %d\n---\nKniebeuge mit der Langhantel, die Knie zeigen nach außen.\n", i))
		case 8:
			add(fmt.Sprintf("%s/p%03d.txt", dir, i), "1234\n\n5678\n")
		default:
			add(fmt.Sprintf("%s/p%03d.json", dir, i), `{"not": "a dataset"}`)
		}
	}
	fixture := func(recs ...string) string { return "[" + strings.Join(recs, ",") + "]" }
	add("wger/a-translations.json", fixture(
		`{"model": "exercises.translation", "pk": 1, "fields": {"name": "Curl", "description": "<p>Bend the <b>arm</b>.</p>", "language": 2, "uuid": "u1", "exercise": 1}}`,
		`{"model": "exercises.translation", "pk": 2, "fields": {"name": "Curl again", "description": "<p>x</p>", "language": 2, "uuid": "u1", "exercise": 9}}`,
		`{"model": "exercises.translation", "pk": 3, "fields": {"name": "Bizeps", "description": "<p>Arm beugen.</p>", "language": 1, "uuid": "u3", "exercise": 1}}`))
	add("wger/b-exercises.json", fixture(`{"model": "exercises.exercise", "pk": 1, "fields": {"category": 8, "muscles": [1], "equipment": [3]}}`))
	add("wger/c-muscles.json", fixture(`{"model": "exercises.muscle", "pk": 1, "fields": {"name": "Biceps brachii"}}`))
	add("lonely/muscles.json", fixture(`{"model": "exercises.muscle", "pk": 1, "fields": {"name": "Biceps"}}`))
	add("README.md", "not content")
	add(".hidden.md", "not content")
	return fsys
}

// generatedCorpus writes a corpus as `exsearch gen-corpus` does.
func generatedCorpus(t *testing.T) []corpus.Source {
	pool, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := synth.New(pool, corpus.DefaultTaxonomy())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "gen")
	if err := g.Write(dir, 600); err != nil {
		t.Fatal(err)
	}
	s, err := corpus.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return []corpus.Source{s}
}

// BenchmarkLoadGenerated loads 2,000 generated pages one file at a time
// and with GOMAXPROCS workers: reading is most of what Load does.
func BenchmarkLoadGenerated(b *testing.B) {
	pool, _, err := corpus.Load(context.Background(), sharedtest.Sources(b), corpus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	g, err := synth.New(pool, corpus.DefaultTaxonomy())
	if err != nil {
		b.Fatal(err)
	}
	dir := filepath.Join(b.TempDir(), "gen")
	if err := g.Write(dir, 2000); err != nil {
		b.Fatal(err)
	}
	s, err := corpus.Dir(dir)
	if err != nil {
		b.Fatal(err)
	}
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := corpus.Load(context.Background(), []corpus.Source{s}, corpus.Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
