package indexer

import (
	"math"
	"runtime/debug"
	"testing"

	"github.com/exsearch/exsearch/corpus"
)

// TestReadingGC: while reindex reads, the collector runs at the build's
// 400%, under the limit of a build of as many documents as there are files
// once they are listed; the caller's Progress still sees every call, and
// the settings found are restored.
func TestReadingGC(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	gcPercent := func() int { p := debug.SetGCPercent(0); debug.SetGCPercent(p); return p }
	seen := 0
	load := corpus.Options{Progress: func(corpus.Progress) { seen++ }}
	restore := readingGC(&load, BuildOptions{})
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != 400 || l != MemoryLimit(0) {
		t.Errorf("reading: GC %d%%, limit %d; want 400%%, %d", p, l, MemoryLimit(0))
	}
	load.Progress(corpus.Progress{Files: 1, TotalFiles: 1_000_000})
	load.Progress(corpus.Progress{Files: 2, TotalFiles: 1_000_000})
	if l := debug.SetMemoryLimit(-1); l != MemoryLimit(1_000_000) || seen != 2 {
		t.Errorf("after the files are listed: limit %d, want %d; %d progress calls seen, want 2", l, MemoryLimit(1_000_000), seen)
	}
	restore()
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != 100 || l != math.MaxInt64 {
		t.Errorf("restored: GC %d%%, limit %d", p, l)
	}
	restore = readingGC(&corpus.Options{}, BuildOptions{GCPercent: -1, MemoryLimit: -1})
	if p, l := gcPercent(), debug.SetMemoryLimit(-1); p != 100 || l != math.MaxInt64 {
		t.Errorf("left alone: GC %d%%, limit %d", p, l)
	}
	restore()
}
