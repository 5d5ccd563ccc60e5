package indexer

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
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
//	  gen-20261121T…/                             (older ones, up to --keep in all)
//	  .build-…/                                   (a build in progress, or the leftover of a killed one)
//	  .lock                                       (held by the one reindex or rollback that may change DIR)
//	  analytics.sqlite                            (serve's analytics, when stored here; never touched by reindex)
//
// A build writes only into its own .build- directory. When the index is
// complete and closed, every file is synced, the build is checked (re-opened
// and queried, see PublishOptions.Check), the directory is renamed to its gen-
// name and the current symlink is replaced by rename(2), which is atomic: a
// reader sees either the old generation or the new one, never a half-built
// index. A build that fails, is killed or fails its check leaves current
// untouched; the next reindex removes its .build- leftovers.
//
// The invariant a reader may rely on: only the holder of .lock changes DIR,
// and a generation is removed only when current provably names another one
// and it is not among the newest --keep. Nothing is ever removed because
// something could not be read: a dangling or unreadable current link stops
// all removal. Servers never remove anything (they may run as a user who
// cannot); they only read current and open what it names.

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
	// Check, if set, is given the complete, synced build before it is
	// published; a build it rejects is removed and never becomes current.
	// exsearch's commands re-open the index and query it here
	// (search.Verify), so that what servers switch to has been read back.
	Check func(path string) error
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
	unlock, err := lockDir(ctx, dir, opts.LockTimeout)
	if err != nil {
		return "", err
	}
	defer unlock()

	if err := removeLeftovers(dir); err != nil {
		return "", err
	}
	now := time.Now().UTC()
	gen := genPrefix + now.Format("20060102T150405.000000000Z")
	tmp := filepath.Join(dir, buildPrefix+strings.TrimPrefix(gen, genPrefix))
	discard := func(err error) (string, error) {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := build(tmp); err != nil {
		return discard(err)
	}
	if err := ctx.Err(); err != nil {
		return discard(err)
	}
	_ = shareTree(tmp) // best effort: modes from the umask, not bleve's 0700 (perm.go); synced below
	if err := syncTree(tmp); err != nil {
		return discard(fmt.Errorf("sync new index: %w", err))
	}
	if opts.Check != nil {
		if err := opts.Check(tmp); err != nil {
			return discard(fmt.Errorf("the new index failed its check and was not published (%s still serves): %w", currentName(dir), err))
		}
	}
	if err := os.Rename(tmp, filepath.Join(dir, gen)); err != nil {
		return discard(fmt.Errorf("publish: %w", err))
	}
	if err := syncDir(dir); err != nil {
		return "", err
	}
	if err := switchCurrent(dir, gen); err != nil {
		return "", err
	}
	Prune(dir, opts.Keep)
	return gen, nil
}

// lockDir takes dir's publish lock, waiting up to wait for it.
func lockDir(ctx context.Context, dir string, wait time.Duration) (unlock func(), err error) {
	lock := flock.New(filepath.Join(dir, lockFile))
	locked, err := tryLock(ctx, lock, wait)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if !locked {
		return nil, fmt.Errorf("another reindex or rollback is changing %s (it holds %s)", dir, filepath.Join(dir, lockFile))
	}
	return func() { lock.Unlock() }, nil
}

// switchCurrent points current at gen by renaming a new symlink over it.
func switchCurrent(dir, gen string) error {
	link := filepath.Join(dir, ".current.tmp")
	os.Remove(link)
	if err := os.Symlink(gen, link); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := os.Rename(link, filepath.Join(dir, currentLink)); err != nil {
		os.Remove(link)
		return fmt.Errorf("publish: %w", err)
	}
	return syncDir(dir)
}

// currentName is the generation current names, for messages.
func currentName(dir string) string {
	if target, err := os.Readlink(filepath.Join(dir, currentLink)); err == nil {
		return target
	}
	return "the previous index"
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

// Prune removes the generations of dir that are neither current nor among
// the newest keep, and returns their names. It removes nothing unless
// current is a symlink naming an existing generation: a dangling, missing or
// unreadable link is a reason to keep everything, never to clean up. A
// server still reading a removed generation keeps working: its files are
// open, and an unlinked open file lives until it is closed. Only the lock
// holder calls it.
func Prune(dir string, keep int) (removed []string, err error) {
	if keep <= 0 {
		keep = DefaultKeep
	}
	target, err := os.Readlink(filepath.Join(dir, currentLink))
	if err != nil {
		return nil, fmt.Errorf("prune %s: current: %w", dir, err)
	}
	gens := Generations(dir)
	if !slices.Contains(gens, target) {
		return nil, fmt.Errorf("prune %s: current names %q, which is not a generation here", dir, target)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(gens)))
	for i, g := range gens {
		if g == target || i < keep {
			continue
		}
		if rmErr := os.RemoveAll(filepath.Join(dir, g)); rmErr != nil {
			err = errors.Join(err, fmt.Errorf("remove %s: %w", g, rmErr))
			continue
		}
		removed = append(removed, g)
	}
	return removed, err
}

// Rollback points current at gen, or, when gen is "", at the newest
// generation older than the one current names (the newest of all when
// current names none) that passes check. A generation that fails check is
// never made current. It returns the generation now current.
func Rollback(ctx context.Context, dir, gen string, check func(path string) error, lockWait time.Duration) (string, error) {
	if _, err := os.Stat(dir); err != nil {
		return "", fmt.Errorf("index directory: %w", err)
	}
	unlock, err := lockDir(ctx, dir, lockWait)
	if err != nil {
		return "", err
	}
	defer unlock()
	gens := Generations(dir)
	cur, _ := os.Readlink(filepath.Join(dir, currentLink))
	var candidates []string
	if gen != "" {
		if !slices.Contains(gens, gen) {
			return "", fmt.Errorf("rollback: %s has no generation %q (it has: %s)", dir, gen, strings.Join(gens, ", "))
		}
		candidates = []string{gen}
	} else {
		for i := len(gens) - 1; i >= 0; i-- {
			if !slices.Contains(gens, cur) || gens[i] < cur {
				candidates = append(candidates, gens[i])
			}
		}
		if len(candidates) == 0 {
			return "", fmt.Errorf("rollback: %s has no generation older than %s", dir, cur)
		}
	}
	var errs []error
	for _, g := range candidates {
		if check != nil {
			if err := check(filepath.Join(dir, g)); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", g, err))
				continue
			}
		}
		if err := switchCurrent(dir, g); err != nil {
			return "", err
		}
		return g, nil
	}
	return "", fmt.Errorf("rollback: no generation passed its check: %w", errors.Join(errs...))
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
