package search

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Live serves the index currently published in a directory and moves to a
// newly published one without a restart. The swap is a pointer store: a
// search that started on the old generation finishes there (it holds a
// reference), new searches use the new one, and the old one is closed (and
// its directory removed) when its last search releases it.
//
// Publication is noticed by polling the "current" symlink. A readlink a
// second costs nothing, works on every file system (inotify does not on
// network mounts) and needs no extra dependency; a newly published index is
// served within one interval.
type Live struct {
	dir       string
	log       *slog.Logger
	cur       atomic.Pointer[Index]
	reloads   atomic.Int64
	cacheSize int
	cacheCounters

	mu     sync.Mutex // serialises reloads
	failed string     // generation that failed to open, to log it once
}

// LiveOptions configure OpenLive.
type LiveOptions struct {
	Logger *slog.Logger
	// CacheSize is the number of results cached per index generation;
	// 0 turns the response cache off.
	CacheSize int
}

// OpenLive opens the index published in dir (or the bare index dir is),
// with no response cache.
func OpenLive(dir string, log *slog.Logger) (*Live, error) {
	return OpenLiveWith(dir, LiveOptions{Logger: log})
}

// OpenLiveWith opens the index published in dir with options.
func OpenLiveWith(dir string, opts LiveOptions) (*Live, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Live{dir: dir, log: log, cacheSize: opts.CacheSize}
	p, gen, err := indexer.Current(dir)
	if err != nil {
		return nil, err
	}
	ix, err := l.open(p, gen)
	if err != nil {
		return nil, err
	}
	l.cur.Store(ix)
	return l, nil
}

func (l *Live) open(path, gen string) (*Index, error) {
	ix, err := Open(path)
	if err != nil {
		return nil, err
	}
	ix.meta.Generation = gen
	ix.cache = newResultCache(l.cacheSize)
	if gen != "" {
		ix.onClose = func() { l.removeIfStale(gen) }
	}
	return ix, nil
}

// removeIfStale deletes a closed generation unless it is (again) current.
func (l *Live) removeIfStale(gen string) {
	if _, cur, err := indexer.Current(l.dir); err == nil && cur == gen {
		return
	}
	if err := os.RemoveAll(filepath.Join(l.dir, gen)); err != nil {
		l.log.Warn("remove old index generation", "generation", gen, "err", err)
		return
	}
	l.log.Info("removed old index generation", "generation", gen)
}

// Reload opens the currently published generation if it is not the one being
// served. It reports whether it swapped.
func (l *Live) Reload() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.cur.Load()
	if old == nil {
		return false, ErrClosed
	}
	p, gen, err := indexer.Current(l.dir)
	if err != nil {
		return false, err
	}
	if gen == "" || gen == old.meta.Generation {
		return false, nil
	}
	ix, err := l.open(p, gen)
	if err != nil {
		if l.failed != gen {
			l.failed = gen
			l.log.Error("newly published index cannot be opened; still serving the previous one", "generation", gen, "err", err)
		}
		return false, err
	}
	l.cur.Store(ix)
	old.release()
	l.reloads.Add(1)
	l.log.Info("serving newly published index", "generation", gen, "docs", ix.meta.Total, "previous", old.meta.Generation)
	return true, nil
}

// Watch reloads every interval until ctx is done.
func (l *Live) Watch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.Reload()
		}
	}
}

// ErrClosed is returned by a Live that has been closed.
var ErrClosed = errors.New("index closed")

// acquire returns the current index with a reference held.
func (l *Live) acquire() (*Index, error) {
	for {
		ix := l.cur.Load()
		if ix == nil {
			return nil, ErrClosed
		}
		if ix.acquire() {
			return ix, nil
		}
		// Swapped and closed between Load and acquire: the pointer now
		// holds the newer index.
	}
}

// Search runs req on the current index.
func (l *Live) Search(ctx context.Context, req Request) (*Result, error) {
	ix, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer ix.release()
	if ix.cache == nil {
		return ix.Search(ctx, req)
	}
	start := time.Now()
	if err := req.normalize(); err != nil {
		return nil, err
	}
	key := cacheKey(req)
	if res, ok := ix.cache.lru.Get(key); ok {
		l.hits.Add(1)
		cp := *res
		cp.TookMS = float64(time.Since(start).Microseconds()) / 1000
		return &cp, nil
	}
	l.misses.Add(1)
	res, err := ix.Search(ctx, req)
	if err == nil {
		ix.cache.lru.Add(key, res)
	}
	return res, err
}

// Document returns a document from the current index.
func (l *Live) Document(ctx context.Context, id string) (*corpus.Document, error) {
	ix, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer ix.release()
	return ix.Document(ctx, id)
}

// Suggest completes text from the current index.
func (l *Live) Suggest(ctx context.Context, text, ui, prefer string) (*Suggestions, error) {
	ix, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer ix.release()
	return ix.Suggest(ctx, text, ui, prefer)
}

// Overview returns the taxonomy of the current index with counts.
func (l *Live) Overview(ctx context.Context, ui string) (*Overview, error) {
	ix, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer ix.release()
	return ix.Overview(ctx, ui)
}

// Label names a facet value in the interface language ui.
func (l *Live) Label(facet, value, ui string) string {
	ix, err := l.acquire()
	if err != nil {
		return value
	}
	defer ix.release()
	return ix.Label(facet, value, ui)
}

// Status describes what is being served.
type Status struct {
	indexer.Meta
	Reloads int64      `json:"reloads"`
	Cache   CacheStats `json:"cache"`
}

// Status returns the current index's metadata.
func (l *Live) Status() (Status, error) {
	ix, err := l.acquire()
	if err != nil {
		return Status{}, err
	}
	defer ix.release()
	st := Status{Meta: ix.Meta(), Reloads: l.reloads.Load()}
	st.Cache = CacheStats{Size: l.cacheSize, Hits: l.hits.Load(), Misses: l.misses.Load()}
	if ix.cache != nil {
		st.Cache.Enabled, st.Cache.Entries = true, ix.cache.lru.Len()
	}
	return st, nil
}

// Close closes the served index once in-flight searches are done.
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	ix := l.cur.Swap(nil)
	if ix == nil {
		return errors.New("already closed")
	}
	ix.release()
	return nil
}
