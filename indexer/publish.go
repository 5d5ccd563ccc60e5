package indexer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

// A published index directory looks like this:
//
//	DIR/
//	  current -> gen-20261122T003000.123456789Z   (symlink: what servers serve)
//	  gen-20261122T003000.123456789Z/             (a complete bleve index)
//	  gen-20261121T…/                             (the previous one, kept for servers still on it)
//	  .build-…/                                   (a build in progress, or the leftover of a killed one)
//	  .lock                                       (held by the one reindex that may publish)
//
// A build writes only into its own .build- directory. When the index is
// complete and closed, every file is synced, the directory is renamed to its
// gen- name and the current symlink is replaced by rename(2), which is atomic:
// a reader sees either the old generation or the new one, never a half-built
// index. A build that fails or is killed leaves current untouched; the next
// reindex removes its .build- leftovers.

const (
	currentLink = "current"
	genPrefix   = "gen-"
	buildPrefix = ".build-"
	lockFile    = ".lock"
)

// DefaultKeep is how many generations Publish keeps (the new current one and
// the one before it, which a server may still be answering from).
const DefaultKeep = 2

// PublishOptions tune Publish.
type PublishOptions struct {
	// Keep is the number of generations to keep; 0 means DefaultKeep.
	Keep int
	// LockTimeout is how long to wait for another reindex to finish
	// publishing into the same directory; 0 means do not wait.
	LockTimeout time.Duration
}

// Publish builds a new generation in dir with build and makes it current.
// build is given an empty, not yet existing path to create the index at. On
// any error the current generation is left as it was.
func Publish(ctx context.Context, dir string, build func(path string) error, opts PublishOptions) (string, error) {
	if opts.Keep <= 0 {
		opts.Keep = DefaultKeep
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("index directory: %w", err)
	}
	lock := flock.New(filepath.Join(dir, lockFile))
	locked, err := tryLock(ctx, lock, opts.LockTimeout)
	if err != nil {
		return "", fmt.Errorf("lock %s: %w", dir, err)
	}
	if !locked {
		return "", fmt.Errorf("another reindex is publishing into %s (it holds %s)", dir, filepath.Join(dir, lockFile))
	}
	defer lock.Unlock()

	if err := removeLeftovers(dir); err != nil {
		return "", err
	}
	now := time.Now().UTC()
	gen := genPrefix + now.Format("20060102T150405.000000000Z")
	tmp := filepath.Join(dir, buildPrefix+strings.TrimPrefix(gen, genPrefix))
	if err := build(tmp); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := ctx.Err(); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := syncTree(tmp); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("sync new index: %w", err)
	}
	_ = shareTree(tmp) // best effort: modes from the umask, not bleve's 0700 (perm.go)
	if err := os.Rename(tmp, filepath.Join(dir, gen)); err != nil {
		os.RemoveAll(tmp)
		return "", fmt.Errorf("publish: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return "", err
	}
	link := filepath.Join(dir, ".current.tmp")
	os.Remove(link)
	if err := os.Symlink(gen, link); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(link, filepath.Join(dir, currentLink)); err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	if err := syncDir(dir); err != nil {
		return "", err
	}
	prune(dir, gen, opts.Keep)
	return gen, nil
}

func tryLock(ctx context.Context, l *flock.Flock, wait time.Duration) (bool, error) {
	if wait <= 0 {
		return l.TryLock()
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	ok, err := l.TryLockContext(ctx, 100*time.Millisecond)
	if errors.Is(err, context.DeadlineExceeded) {
		return false, nil
	}
	return ok, err
}

// removeLeftovers deletes builds that a killed reindex left behind. Only the
// lock holder calls it, so no live build is touched.
func removeLeftovers(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("index directory: %w", err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), buildPrefix) || e.Name() == ".current.tmp" {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("remove leftover %s: %w", e.Name(), err)
			}
		}
	}
	return nil
}

// prune removes all but the newest keep generations. The current one is
// never removed. A server still reading an older generation keeps working:
// its files are open, and an unlinked open file lives until it is closed.
func prune(dir, current string, keep int) {
	gens := Generations(dir)
	sort.Sort(sort.Reverse(sort.StringSlice(gens)))
	kept := 0
	for _, g := range gens {
		if g == current || kept < keep-1 {
			if g != current {
				kept++
			}
			continue
		}
		os.RemoveAll(filepath.Join(dir, g))
	}
}

// Generations lists the gen- directories in dir, oldest first.
func Generations(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) {
			gens = append(gens, e.Name())
		}
	}
	sort.Strings(gens)
	return gens
}

// Current returns the path of the generation dir serves, and its name. A
// directory that holds a bare bleve index (no current link) is served as it
// is, with an empty generation name.
func Current(dir string) (path, gen string, err error) {
	target, err := os.Readlink(filepath.Join(dir, currentLink))
	if err == nil {
		if filepath.IsAbs(target) || strings.Contains(target, string(filepath.Separator)) {
			return "", "", fmt.Errorf("%s: current points outside the index directory (%s)", dir, target)
		}
		p := filepath.Join(dir, target)
		if _, err := os.Stat(filepath.Join(p, "index_meta.json")); err != nil {
			return "", "", fmt.Errorf("%s: current generation %s is not an index: %w", dir, target, err)
		}
		return p, target, nil
	}
	if _, statErr := os.Stat(filepath.Join(dir, "index_meta.json")); statErr == nil {
		return dir, "", nil
	}
	if _, statErr := os.Stat(dir); statErr != nil {
		return "", "", fmt.Errorf("index directory %s: %w", dir, statErr)
	}
	return "", "", fmt.Errorf("%s holds no published index (build one with: exsearch reindex --index %s CORPUS_DIR...)", dir, dir)
}

func syncTree(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return syncDir(p)
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
