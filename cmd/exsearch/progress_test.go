package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
)

func progressOutput(t *testing.T, mode string) string {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := newProgress(mode, f)
	if err != nil {
		t.Fatal(err)
	}
	p.every = 0 // a line for every step
	for i := 1; i <= 3; i++ {
		p.files(corpus.Progress{Path: "c/x", Files: i, TotalFiles: 3})
	}
	p.indexed(1000, 2000)
	p.indexed(2000, 2000)
	p.indexed(2000, 2000) // after the merge: not logged twice
	p.done()
	out, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestProgressLog(t *testing.T) {
	out := progressOutput(t, "log")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 {
		t.Fatalf("want 5 lines, got %d:\n%s", len(lines), out)
	}
	for i, want := range []string{
		"msg=reading files=1 of=3 files_per_s=",
		"msg=reading files=3 of=3",
		"msg=indexing docs=1000 of=2000 docs_per_s=",
		"msg=indexing docs=2000 of=2000",
	} {
		idx := []int{0, 2, 3, 4}[i]
		if !strings.Contains(lines[idx], want) {
			t.Errorf("line %d: want %q in %q", idx, want, lines[idx])
		}
	}
	if !strings.Contains(lines[3], "eta=") || strings.Contains(lines[4], "eta=") {
		t.Errorf("time left shown only while running:\n%s", out)
	}
}

// The bar redraws at most every 100 ms and clears itself when a phase ends,
// so only the first step of each phase is drawn here.
func TestProgressBar(t *testing.T) {
	out := progressOutput(t, "bar")
	for _, want := range []string{"reading", "(1/3", "files/s", "indexing", "(1000/2000", "docs/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar lacks %q:\n%q", want, out)
		}
	}
	if strings.Contains(out, "level=") {
		t.Errorf("bar mode wrote log lines: %q", out)
	}
}

func TestProgressModes(t *testing.T) {
	if out := progressOutput(t, "none"); out != "" {
		t.Errorf("none wrote %q", out)
	}
	// auto on a file (not a terminal) logs.
	if out := progressOutput(t, "auto"); !strings.Contains(out, "msg=reading") {
		t.Errorf("auto on a file: %q", out)
	}
	if _, err := newProgress("loud", os.Stderr); err == nil || !strings.Contains(err.Error(), "--progress") {
		t.Errorf("bad mode: %v", err)
	}
}
