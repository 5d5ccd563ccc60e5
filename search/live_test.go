package search

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

func publish(t *testing.T, dir string, titles ...string) string {
	t.Helper()
	var docs []corpus.Document
	for _, title := range titles {
		docs = append(docs, corpus.Document{ID: "t/" + title, Lang: "en", Kind: corpus.KindExercise, Title: title})
	}
	time.Sleep(time.Millisecond) // generation names are timestamps
	gen, err := indexer.Publish(context.Background(), dir, func(p string) error {
		return indexer.Build(context.Background(), p, docs, indexer.Meta{}, indexer.BuildOptions{})
	}, indexer.PublishOptions{Keep: 5})
	if err != nil {
		t.Fatal(err)
	}
	return gen
}

func TestLiveReload(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	gen1 := publish(t, dir, "squat")
	l, err := OpenLive(dir, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if swapped, err := l.Reload(); swapped || err != nil {
		t.Fatalf("reload with nothing new: %v %v", swapped, err)
	}

	// A search in flight on generation 1 holds it open across the swap.
	old, _ := l.acquire()
	gen2 := publish(t, dir, "squat", "lunge")
	if swapped, err := l.Reload(); !swapped || err != nil {
		t.Fatalf("reload: %v %v", swapped, err)
	}
	if res, err := old.Search(context.Background(), Request{Query: "lunge", Size: 1}); err != nil || res.Total != 0 {
		t.Errorf("in-flight search on the old generation: %v %v", res, err)
	}
	if _, err := os.Stat(filepath.Join(dir, gen1)); err != nil {
		t.Errorf("old generation removed while a search still used it: %v", err)
	}
	old.release()
	// Removing generations is reindex's job (under the lock, by --keep);
	// a server never removes one.
	if _, err := os.Stat(filepath.Join(dir, gen1)); err != nil {
		t.Errorf("the server removed the old generation: %v", err)
	}
	res, err := l.Search(context.Background(), Request{Query: "lunge", Size: 1})
	if err != nil || res.Total != 1 {
		t.Errorf("new generation: %v %v", res, err)
	}
	if st, _ := l.Status(); st.Generation != gen2 || st.Reloads != 1 {
		t.Errorf("status %+v", st)
	}

	// A published generation that cannot be opened is not served.
	bad := filepath.Join(dir, "gen-99999999T000000.000000000Z")
	os.MkdirAll(bad, 0o755)
	os.WriteFile(filepath.Join(bad, "index_meta.json"), []byte("{"), 0o644)
	os.Remove(filepath.Join(dir, "current"))
	os.Symlink(filepath.Base(bad), filepath.Join(dir, "current"))
	if swapped, err := l.Reload(); swapped || err == nil {
		t.Errorf("broken generation: swapped %v err %v", swapped, err)
	}
	if res, err := l.Search(context.Background(), Request{Query: "lunge", Size: 1}); err != nil || res.Total != 1 {
		t.Errorf("after a broken publication the previous index must keep serving: %v %v", res, err)
	}
}

func TestLiveClosed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	publish(t, dir, "squat")
	l, err := OpenLive(dir, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := l.Search(context.Background(), Request{Size: 1}); err != ErrClosed {
		t.Errorf("search after close: %v", err)
	}
}

func TestOpenLiveErrors(t *testing.T) {
	if _, err := OpenLive(filepath.Join(t.TempDir(), "missing"), LiveOptions{}); err == nil {
		t.Error("missing directory opened")
	}
	empty := t.TempDir()
	if _, err := OpenLive(empty, LiveOptions{}); err == nil {
		t.Error("empty directory opened")
	}
	garbage := t.TempDir()
	os.WriteFile(filepath.Join(garbage, "index_meta.json"), []byte("not json"), 0o644)
	if _, err := OpenLive(garbage, LiveOptions{}); err == nil {
		t.Error("corrupt index opened")
	}
}

func TestLiveCache(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	publish(t, dir, "squat")
	l, err := OpenLive(dir, LiveOptions{CacheSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	a, _ := l.Search(ctx, Request{Query: "squat", Size: 5})
	b, _ := l.Search(ctx, Request{Query: " squat ", Size: 5}) // the same, normalised
	if a.Total != 1 || b.Total != 1 {
		t.Fatalf("totals %d %d", a.Total, b.Total)
	}
	st, _ := l.Status()
	if st.Cache.Hits != 1 || st.Cache.Misses != 1 || st.Cache.Entries != 1 || !st.Cache.Enabled {
		t.Errorf("cache stats %+v", st.Cache)
	}
	if _, err := l.Search(ctx, Request{Size: -1}); err == nil {
		t.Error("bad request answered from the cache path")
	}
	// A new publication starts with an empty cache.
	publish(t, dir, "squat", "squat jump")
	if swapped, err := l.Reload(); !swapped || err != nil {
		t.Fatal(swapped, err)
	}
	c, _ := l.Search(ctx, Request{Query: "squat", Size: 5})
	if c.Total != 2 {
		t.Errorf("stale result after a new publication: %d", c.Total)
	}
	st, _ = l.Status()
	if st.Cache.Entries != 1 {
		t.Errorf("entries after reload %d", st.Cache.Entries)
	}
}
