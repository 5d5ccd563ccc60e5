//go:build linux

package indexer_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// mountTmpfs mounts a tmpfs of the given size (mount's size= option) on a
// new temporary directory and unmounts it when the test ends. Mounting
// needs root: elsewhere the test is skipped, but under CI it fails, since a
// skipped test there would hide a broken set-up.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a %s tmpfs on %s: %v (CI must run this test as root)", size, dir, err)
		}
		t.Skipf("mount a %s tmpfs on %s: %v (needs root; this fails under CI=true)", size, dir, err)
	}
	// MNT_DETACH: a build that hung holds files open in it.
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// TestBuildDiskFull: a reindex onto a disk that fills up fails within
// seconds with the system's error, leaves no build directory behind, and
// keeps the current generation serving. Scorch writes in the background and
// retries a failed write without end, so before asyncerror.go the build
// waited forever for its last batch to be persisted. Each way of building
// waits for scorch in its own place: the batches' persistence, bleve's own
// merging (plain), and the final merge into one segment.
func TestBuildDiskFull(t *testing.T) {
	docs, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	small := []corpus.Document{
		{ID: "t/a", Lang: "da", Kind: corpus.KindExercise, Title: "Bænkpres", Body: "Liggende på en bænk."},
		{ID: "t/b", Lang: "en", Kind: corpus.KindArticle, Title: "Squats", Body: "Squat deep."},
	}
	for _, c := range []struct {
		name string
		docs []corpus.Document
		opts indexer.BuildOptions
		want string // in the error, besides the system's
	}{
		// The shared corpus makes a 3.3 MB index.
		{"batches", docs, indexer.BuildOptions{}, ""},
		{"plain", docs, indexer.BuildOptions{Index: indexer.Options{Plain: true}}, ""},
		// Ten segments (2.5 MB), which fit, merged into one (2.3 MB), which
		// does not fit beside them. One worker, so that the persister does
		// not merge the batches itself as they arrive.
		{"merge", docs[:1300], indexer.BuildOptions{BatchSize: 130, Workers: 1}, "scorch's merger"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(mountTmpfs(t, "3m"), "ix")
			good, err := indexer.Publish(context.Background(), dir, build(context.Background(), small, indexer.BuildOptions{}), indexer.PublishOptions{})
			if err != nil {
				t.Fatalf("publish a small index: %v", err)
			}

			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				_, err := indexer.Publish(ctx, dir, build(ctx, c.docs, c.opts), indexer.PublishOptions{})
				done <- err
			}()
			select {
			case err = <-done:
			// Scorch's retries would go on for ever; a minute tells them
			// from a build the race detector and a busy machine slowed
			// (the plain one once took 25 s to fill the disk under CI).
			case <-time.After(time.Minute):
				cancel()
				t.Fatalf("reindex onto a full disk still running after a minute (scorch retrying its write); cancelled: %v", <-done)
			}
			t.Logf("failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
			for _, want := range []string{dir, "no space left on device", c.want} {
				if err == nil || !strings.Contains(err.Error(), want) {
					t.Errorf("error %v, want one that says %q", err, want)
				}
			}

			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".build-") {
					t.Errorf("build directory %s left behind", e.Name())
				}
			}
			if gens := indexer.Generations(dir); !slices.Equal(gens, []string{good}) {
				t.Errorf("generations %v, want only %s", gens, good)
			}
			p, gen, err := indexer.Current(dir)
			if err != nil || gen != good {
				t.Fatalf("current is %s (%v), want %s", gen, err, good)
			}
			idx, err := bleve.OpenUsing(p, map[string]any{"read_only": true})
			if err != nil {
				t.Fatalf("open the current index: %v", err)
			}
			defer idx.Close()
			if n, err := idx.DocCount(); err != nil || n != uint64(len(small)) {
				t.Errorf("current index holds %d documents (%v), want %d", n, err, len(small))
			}
		})
	}
}

func build(ctx context.Context, docs []corpus.Document, opts indexer.BuildOptions) func(string) error {
	return func(p string) error {
		return indexer.Build(ctx, p, docs, indexer.Meta{Corpora: []string{"t"}}, opts)
	}
}
