package indexer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/corpus"
)

var testDocs = []corpus.Document{
	{ID: "t/a", Lang: "da", Kind: corpus.KindExercise, Title: "Bænkpres", Body: "Liggende på en bænk.", Muscle: []string{"chest"}},
	{ID: "t/b", Lang: "en", Kind: corpus.KindArticle, Title: "Squats", Body: "Squat deep."},
}

func buildFn(docs []corpus.Document) func(string) error {
	return func(p string) error {
		return Build(context.Background(), p, docs, Meta{Corpora: []string{"t"}}, BuildOptions{})
	}
}

func openMeta(t *testing.T, dir string) *Meta {
	t.Helper()
	p, gen, err := Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.OpenUsing(p, map[string]any{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	m, err := ReadMeta(idx)
	if err != nil {
		t.Fatal(err)
	}
	m.Generation = gen
	return m
}

func TestPublish(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if _, _, err := Current(dir); err == nil {
		t.Fatal("Current of a missing directory succeeded")
	}
	gen1, err := Publish(context.Background(), dir, buildFn(testDocs), PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := openMeta(t, dir)
	if m.Generation != gen1 || m.Total != 2 || m.Schema != SchemaVersion {
		t.Errorf("meta %+v", m)
	}

	// A failed build leaves the current generation in place and no leftovers.
	_, err = Publish(context.Background(), dir, func(p string) error {
		os.MkdirAll(p, 0o755)
		os.WriteFile(filepath.Join(p, "half"), []byte("x"), 0o644)
		return errors.New("boom")
	}, PublishOptions{})
	if err == nil {
		t.Fatal("failed build published")
	}
	if _, gen, _ := Current(dir); gen != gen1 {
		t.Errorf("current moved to %s after a failed build", gen)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != currentLink && e.Name() != lockFile && e.Name() != gen1 {
			t.Errorf("leftover %s", e.Name())
		}
	}

	// A killed build's leftovers are cleaned by the next publish, and only
	// DefaultKeep generations remain.
	os.MkdirAll(filepath.Join(dir, buildPrefix+"killed"), 0o755)
	var gens []string
	for i := 0; i < 3; i++ {
		time.Sleep(2 * time.Millisecond)
		g, err := Publish(context.Background(), dir, buildFn(testDocs[:1]), PublishOptions{})
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, g)
	}
	if _, err := os.Stat(filepath.Join(dir, buildPrefix+"killed")); !os.IsNotExist(err) {
		t.Error("leftover build not removed")
	}
	if got := Generations(dir); len(got) != DefaultKeep || got[1] != gens[2] || got[0] != gens[1] {
		t.Errorf("generations %v, want the last %d of %v", got, DefaultKeep, gens)
	}
	if m := openMeta(t, dir); m.Total != 1 || m.Generation != gens[2] {
		t.Errorf("meta after republish %+v", m)
	}
}

func TestPublishLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	started := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := Publish(context.Background(), dir, func(p string) error {
			close(started)
			<-release
			return buildFn(testDocs)(p)
		}, PublishOptions{})
		done <- err
	}()
	<-started
	if _, err := Publish(context.Background(), dir, buildFn(testDocs), PublishOptions{}); err == nil {
		t.Error("a second reindex published while the first held the lock")
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestCurrentBareIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bare")
	if err := buildFn(testDocs)(dir); err != nil {
		t.Fatal(err)
	}
	p, gen, err := Current(dir)
	if err != nil || p != dir || gen != "" {
		t.Errorf("Current(bare) = %q, %q, %v", p, gen, err)
	}
	empty := t.TempDir()
	if _, _, err := Current(empty); err == nil {
		t.Error("an empty directory was accepted as an index")
	}
}

func TestReindexSummary(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	os.MkdirAll(src, 0o755)
	os.WriteFile(filepath.Join(src, "a.md"), []byte("---\ntitle: A\nlanguage: da\nequipment: [bildæk, sværdfisk]\n---\nTekst\n"), 0o644)
	os.WriteFile(filepath.Join(src, "b.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	s, _ := corpus.Dir(src)

	_, err := Reindex(context.Background(), filepath.Join(dir, "ix"), []corpus.Source{s}, ReindexOptions{Strict: true})
	var se *StrictError
	if !errors.As(err, &se) || len(se.Problems) != 1 {
		t.Fatalf("strict run: %v", err)
	}
	if Exists(filepath.Join(dir, "ix")) {
		t.Error("strict failure published an index")
	}
	sum, err := Reindex(context.Background(), filepath.Join(dir, "ix"), []corpus.Source{s}, ReindexOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Report.Total() != 1 || len(sum.Report.Problems) != 1 || sum.Generation == "" {
		t.Errorf("summary %+v", sum.Report)
	}
	m := openMeta(t, filepath.Join(dir, "ix"))
	if m.Labels["equipment"]["svaerdfisk"] != "sværdfisk" || m.Labels["equipment"]["tire"] != "" || m.Skipped != 1 {
		t.Errorf("meta labels %v skipped %d", m.Labels, m.Skipped)
	}
	if sum.Report.Unmapped["equipment"]["sværdfisk"] != 1 {
		t.Errorf("unmapped %v", sum.Report.Unmapped)
	}
}
