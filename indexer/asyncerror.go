package indexer

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Background write errors. Scorch writes an index from its own goroutines
// (the persister, the merger), and an error there never reaches the caller
// of Batch or ForceMerge: scorch reports it to a callback and tries again.
// On a full disk the persister tries forever (write a segment, ENOSPC,
// remove it, write it again, at full speed on one core), so a build waiting
// for its last batch to be persisted waited forever too, while its reindex
// held the publish lock.
//
// So every build names one callback, registered at init, and enters its
// store path in a registry with the cancel function of its context: the
// first background error cancels the build with that error as the cause,
// the waits in build.go return it, and Build closes the index, which stops
// scorch's retries. The build directory is then removed by Publish.
//
// What this relies on in scorch (bleve v2.5.7, index/scorch), each guarded
// by TestBuildDiskFull:
//
//   - NewScorch looks config["asyncErrorCallbackName"] up in
//     scorch.RegistryAsyncErrorCallbacks (read-only after init), and
//     fireAsyncError calls it with the error and the scorch path, which
//     bleve sets to the index directory joined with "store";
//   - a failed persist or merge is fired as a *scorch.ScorchError of type
//     ErrPersist whose message holds the system error's text ("no space
//     left on device"); the error itself is not kept;
//   - ForceMerge ignores its context once the merge is asked for (it
//     returns when the merge is done or the index closed), and the merger
//     retries a failed merge without end: mergeToOne waits for the build's
//     context as well;
//   - Close stops the retrying loops (they look at closeCh on every round)
//     and waits for them, so once it returns nothing writes into the
//     directory any more.

// asyncErrorCallback is the name Build gives scorch for its callback.
const asyncErrorCallback = "exsearch/indexer.build"

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncErrorCallback] = failBuild
}

// builds maps the store path of each index being built to the function
// that fails its build.
var builds = struct {
	sync.Mutex
	fail map[string]func(error)
}{fail: map[string]func(error){}}

// watchBuild returns a context that is cancelled, with the error as its
// cause, when scorch reports a background error for the index being built
// in dir. stop ends the watch; call it once the index is closed.
func watchBuild(ctx context.Context, dir string) (_ context.Context, stop func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	key := storePath(dir)
	builds.Lock()
	builds.fail[key] = func(err error) { cancel(fmt.Errorf("index %s: %w", dir, err)) }
	builds.Unlock()
	return ctx, func() {
		builds.Lock()
		delete(builds.fail, key)
		builds.Unlock()
		cancel(nil)
	}
}

// failBuild is the callback scorch calls, from its own goroutines, with a
// background error and the path of the index's store.
func failBuild(err error, path string) {
	// A cleanup error (an old snapshot or segment file not removed) leaves
	// a file behind in a still correct index; a full disk shows up as a
	// persist error as well.
	if errors.Is(err, scorch.ErrCleanup) {
		return
	}
	var se *scorch.ScorchError
	if errors.As(err, &se) {
		err = fmt.Errorf("%w in scorch's %s: %s", se.ErrType, se.Source, se.ErrMsg)
	}
	builds.Lock()
	fail := builds.fail[filepath.Clean(path)]
	builds.Unlock()
	if fail != nil {
		fail(err)
	}
}

// storePath is where bleve puts a scorch index inside dir, the path scorch
// reports its errors with.
func storePath(dir string) string {
	return filepath.Join(dir, "store")
}
