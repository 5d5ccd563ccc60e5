// Package sharedtest gives tests the real corpora in ../shared (beside the
// project) and a real index built from them, and an index of the embedded
// default corpus for tests that must run without them. The data is read in
// place, never copied into the project.
//
// When the data is missing, tests skip on a developer's machine but fail
// under CI (CI=true), where a skipped test would hide a broken set-up.
package sharedtest

import (
	"context"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
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
	rootOnce sync.Once
	tmpRoot  string
	rootErr  error

	indexOnce sync.Once
	indexDir  string
	indexErr  error

	defaultOnce sync.Once
	defaultDir  string
	defaultErr  error
)

// root is this test binary's temporary directory, removed by Main.
func root(t testing.TB) string {
	t.Helper()
	rootOnce.Do(func() { tmpRoot, rootErr = os.MkdirTemp("", "exsearch-test-") })
	if rootErr != nil {
		t.Fatal(rootErr)
	}
	return tmpRoot
}

// Index returns a published index directory of ../shared/corpus and
// ../shared/seeds, built once per test binary (so never by another bleve
// than the test's). Call Main from TestMain so that it is removed
// afterwards.
func Index(t testing.TB) string {
	t.Helper()
	sources := Sources(t)
	dir := root(t)
	indexOnce.Do(func() {
		indexDir = filepath.Join(dir, "index")
		_, indexErr = indexer.Reindex(context.Background(), indexDir, sources, indexer.ReindexOptions{})
	})
	if indexErr != nil {
		t.Fatalf("build the shared index: %v", indexErr)
	}
	return indexDir
}

// DefaultBatch is the batch size DefaultIndex builds with: the embedded
// corpus's 60 documents make several segments.
const DefaultBatch = 8

// DefaultIndex returns a published index directory of the embedded default
// corpus, built once per test binary in batches of DefaultBatch documents,
// so that it has several segments. It needs nothing beside the project:
// tests that must never skip (the guards of the search package's
// assumptions about bleve) use it.
func DefaultIndex(t testing.TB) string {
	t.Helper()
	dir := root(t)
	defaultOnce.Do(func() {
		defaultDir = filepath.Join(dir, "default-index")
		_, defaultErr = indexer.Reindex(context.Background(), defaultDir, []corpus.Source{corpus.DefaultSource()},
			indexer.ReindexOptions{Build: indexer.BuildOptions{BatchSize: DefaultBatch, SegmentPerBatch: true}})
	})
	if defaultErr != nil {
		t.Fatalf("build the default corpus's index: %v", defaultErr)
	}
	return defaultDir
}

// Main runs the tests and removes the shared index afterwards; then it
// runs each of after (stopping what the package's tests started, such as
// pgtest's cluster).
func Main(m *testing.M, after ...func()) {
	code := m.Run()
	for _, f := range after {
		f()
	}
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

// BlevePath is the module whose version decides what index files are made
// and read.
const BlevePath = "github.com/blevesearch/bleve/v2"

// BleveVersion is the version of bleve the test is built with ("v2.5.7";
// with a replacement, what replaces it), for keying indexes cached between
// runs: an index built by one bleve is not what another would build, and a
// test of the other must not read it. It is read from the binary's build
// information, as `exsearch version` does; a test binary carries no
// dependencies there (go test leaves them out), so then it is read from
// go.mod, whose requirement is the version selected (bleve is a direct
// dependency).
func BleveVersion(t testing.TB) string {
	t.Helper()
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == BlevePath {
				if r := d.Replace; r != nil {
					return "replaced by " + r.Path + " " + r.Version
				}
				return d.Version
			}
		}
	}
	dir, err := ModuleRoot()
	if err != nil {
		t.Fatalf("bleve's version: no go.mod: %v", err)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatalf("bleve's version: %v", err)
	}
	version := ""
	for _, line := range strings.Split(string(mod), "\n") {
		line = strings.TrimSpace(line)
		line = strings.TrimPrefix(strings.TrimPrefix(line, "require "), "replace ")
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != BlevePath {
			continue
		}
		if i := slices.Index(f, "=>"); i >= 0 {
			return "replaced by " + strings.Join(f[i+1:], " ")
		}
		version = f[1]
	}
	if version == "" {
		t.Fatalf("bleve's version: %s is not required in go.mod", BlevePath)
	}
	return version
}
