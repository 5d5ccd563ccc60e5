package indexer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
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

// TestPublishCheck: a build that fails its check is never published and
// leaves nothing behind.
func TestPublishCheck(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	gen1, err := Publish(context.Background(), dir, buildFn(testDocs), PublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checked := ""
	_, err = Publish(context.Background(), dir, buildFn(testDocs), PublishOptions{Check: func(p string) error {
		checked = p
		return errors.New("probe: query finds nothing")
	}})
	if err == nil || !strings.Contains(err.Error(), "failed its check") || !strings.Contains(err.Error(), gen1) {
		t.Fatalf("publish of a build that fails its check: %v", err)
	}
	if !strings.HasPrefix(filepath.Base(checked), buildPrefix) {
		t.Errorf("check was given %q, want the build directory", checked)
	}
	if _, gen, _ := Current(dir); gen != gen1 {
		t.Errorf("current moved to %s", gen)
	}
	if gens := Generations(dir); len(gens) != 1 {
		t.Errorf("generations %v", gens)
	}
	if _, err := os.Stat(checked); !os.IsNotExist(err) {
		t.Errorf("the rejected build is still there: %v", err)
	}
}

// TestPrune: generations are removed only when current provably names
// another one and they are not among the newest keep.
func TestPrune(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	var gens []string
	for i := 0; i < 4; i++ {
		time.Sleep(2 * time.Millisecond)
		g, err := Publish(context.Background(), dir, buildFn(testDocs[:1]), PublishOptions{Keep: 10})
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, g)
	}
	link := filepath.Join(dir, currentLink)
	for name, breakLink := range map[string]func(){
		"dangling":     func() { os.Remove(link); os.Symlink("gen-gone", link) },
		"regular file": func() { os.Remove(link); os.WriteFile(link, []byte(gens[3]), 0o644) },
		"missing":      func() { os.Remove(link) },
		"outside":      func() { os.Remove(link); os.Symlink("../elsewhere", link) },
	} {
		breakLink()
		if removed, err := Prune(dir, 1); err == nil || len(removed) > 0 {
			t.Errorf("%s current: prune removed %v (err %v)", name, removed, err)
		}
		if got := Generations(dir); len(got) != 4 {
			t.Fatalf("%s current: generations %v", name, got)
		}
	}
	// Rolled back to the oldest: it is kept, and so are the newest keep.
	os.Remove(link)
	os.Symlink(gens[0], link)
	removed, err := Prune(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(removed, ",") != gens[1] {
		t.Errorf("removed %v, want only %s", removed, gens[1])
	}
	if got := Generations(dir); strings.Join(got, ",") != strings.Join([]string{gens[0], gens[2], gens[3]}, ",") {
		t.Errorf("kept %v", got)
	}
}

// TestRollback: to the newest older generation that passes the check, or
// to a named one; never to one that fails.
func TestRollback(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	var gens []string
	for i := 0; i < 3; i++ {
		time.Sleep(2 * time.Millisecond)
		g, err := Publish(context.Background(), dir, buildFn(testDocs[:1]), PublishOptions{Keep: 10})
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, g)
	}
	bad := map[string]bool{gens[1]: true}
	check := func(p string) error {
		if bad[filepath.Base(p)] {
			return errors.New("damaged")
		}
		return nil
	}
	got, err := Rollback(context.Background(), dir, "", check, 0)
	if err != nil || got != gens[0] {
		t.Fatalf("rollback skipping a damaged generation: %q %v", got, err)
	}
	if _, gen, _ := Current(dir); gen != gens[0] {
		t.Errorf("current is %s", gen)
	}
	if _, err := Rollback(context.Background(), dir, "", check, 0); err == nil {
		t.Error("rolled back past the oldest generation")
	}
	if _, err := Rollback(context.Background(), dir, gens[1], check, 0); err == nil {
		t.Error("rolled back to a generation that fails its check")
	}
	if _, err := Rollback(context.Background(), dir, "gen-nope", check, 0); err == nil || !strings.Contains(err.Error(), gens[2]) {
		t.Errorf("unknown generation: %v", err)
	}
	if got, err := Rollback(context.Background(), dir, gens[2], check, 0); err != nil || got != gens[2] {
		t.Errorf("roll forward to a named generation: %q %v", got, err)
	}
	if len(Generations(dir)) != 3 {
		t.Errorf("rollback removed a generation: %v", Generations(dir))
	}
}

// What else lives in the index directory (serve's analytics.sqlite with its
// WAL files) survives publishing and pruning: only gen- and .build- entries
// are ever removed.
func TestPublishKeepsOtherFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if _, err := Publish(context.Background(), dir, buildFn(testDocs[:1]), PublishOptions{Keep: 1}); err != nil {
		t.Fatal(err)
	}
	others := []string{"analytics.sqlite", "analytics.sqlite-wal", "analytics.sqlite-shm"}
	for _, name := range others {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		time.Sleep(2 * time.Millisecond)
		if _, err := Publish(context.Background(), dir, buildFn(testDocs[:1]), PublishOptions{Keep: 1}); err != nil {
			t.Fatal(err)
		}
	}
	if got := Generations(dir); len(got) != 1 {
		t.Fatalf("generations %v, want 1 (keep 1)", got)
	}
	for _, name := range others {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
