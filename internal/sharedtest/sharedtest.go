// Package sharedtest gives tests the real corpora in ../shared (beside the
// project) and a real index built from them. The data is read in place,
// never copied into the project.
//
// When the data is missing, tests skip on a developer's machine but fail
// under CI (CI=true), where a skipped test would hide a broken set-up.
package sharedtest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Dir returns the absolute path of the shared data directory.
func Dir(t testing.TB) string {
	t.Helper()
	root, err := ModuleRoot()
	if err == nil {
		dir := filepath.Join(root, "..", "shared")
		if st, err := os.Stat(filepath.Join(dir, "corpus")); err == nil && st.IsDir() {
			return dir
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("the shared corpora are missing: want ../shared/corpus beside the project (module root %s)", root)
	}
	t.Skip("../shared is not beside the project; skipping (this fails under CI=true)")
	return ""
}

// Corpus, Seeds and Qrels return the shared data's directories.
func Corpus(t testing.TB) string { return filepath.Join(Dir(t), "corpus") }
func Seeds(t testing.TB) string  { return filepath.Join(Dir(t), "seeds") }
func Qrels(t testing.TB) string  { return filepath.Join(Dir(t), "qrels") }

// Sources returns the shared corpus and seeds as corpus sources, named
// "corpus" and "seeds" as the document id convention expects.
func Sources(t testing.TB) []corpus.Source {
	t.Helper()
	var out []corpus.Source
	for _, d := range []string{Corpus(t), Seeds(t)} {
		s, err := corpus.Dir(d)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

var (
	indexOnce sync.Once
	indexDir  string
	indexErr  error
	tmpRoot   string
)

// Index returns a published index directory of ../shared/corpus and
// ../shared/seeds, built once per test binary. Call Main from TestMain so
// that it is removed afterwards.
func Index(t testing.TB) string {
	t.Helper()
	sources := Sources(t)
	indexOnce.Do(func() {
		tmpRoot, indexErr = os.MkdirTemp("", "exsearch-test-")
		if indexErr != nil {
			return
		}
		indexDir = filepath.Join(tmpRoot, "index")
		_, indexErr = indexer.Reindex(context.Background(), indexDir, sources, indexer.ReindexOptions{})
	})
	if indexErr != nil {
		t.Fatalf("build the shared index: %v", indexErr)
	}
	return indexDir
}

// Main runs the tests and removes the shared index afterwards.
func Main(m *testing.M) {
	code := m.Run()
	if tmpRoot != "" {
		os.RemoveAll(tmpRoot)
	}
	os.Exit(code)
}

// ModuleRoot is the directory of go.mod, above the test's working
// directory: the shared data and the npm tools are found from there.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
