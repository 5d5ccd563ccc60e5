package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Live serves the index currently published in a directory and moves to a
// newly published one without a restart. The swap is a pointer store: a
// search that started on the old generation finishes there (it holds a
// reference), new searches use the new one, and the old one is closed when
// its last search releases it. Live never removes a generation: that is
// reindex's job, under the directory's lock (see indexer/publish.go); a
// server may not even have the right to.
//
// Publication is noticed by polling the "current" symlink. A readlink a
// second costs nothing, works on every file system (inotify does not on
// network mounts) and needs no extra dependency; a newly published index is
// served within one interval.
//
// A handover is checked: Live switches only to a generation whose files pass
// their checksums and that answers a probe (see verify.go). When current
// cannot be read, or names a generation that fails, Live keeps serving what
// it has, logs the reason once, retries later with a growing pause, and
// reports itself degraded in Status until the directory is sound again.
type Live struct {
	dir       string
	log       *slog.Logger
	cur       atomic.Pointer[Index]
	reloads   atomic.Int64
	cacheSize int
	cacheCounters
	limits limitLog // searches their budget cut short

	mu      sync.Mutex         // serialises reloads, guards what follows
	failed  map[string]failure // generations that could not be served
	linkErr string             // why current cannot be read; "" when it can
	onAbout string             // why the generation served is not current; "" when it is
}

// failure is a generation that failed its check, kept so that the failure
// is logged once and the check (which reads every byte) is not repeated
// every interval.
type failure struct {
	err   error
	next  time.Time     // not tried again before then
	pause time.Duration // the pause after the next failure
}

// Retry pauses for a generation that failed: it may be repaired in place
// (permissions fixed after a `sudo exsearch reindex`), so it is tried again,
// at first soon and then less often.
const (
	firstRetry = 10 * time.Second
	maxRetry   = 5 * time.Minute
)

// LiveOptions configure OpenLive. The zero value is ready to use: no
// logging, no response cache.
type LiveOptions struct {
	Logger *slog.Logger // nil: discard
	// CacheSize is the number of results cached per index generation;
	// 0 turns the response cache off.
	CacheSize int
}

// OpenLive opens the index published in dir (or the bare index dir is). If
// the generation current names fails its check, the newest older
// generation that passes is served instead (degraded, see Status), so a
// damaged publication does not keep a restarted server down; if none
// passes, the error is current's.
func OpenLive(dir string, opts LiveOptions) (*Live, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Live{dir: dir, log: log, cacheSize: opts.CacheSize, failed: map[string]failure{}}
	p, gen, err := indexer.Current(dir)
	if err != nil {
		return nil, err
	}
	ix, err := l.open(p, gen)
	if err == nil {
		l.cur.Store(ix)
		return l, nil
	}
	if gen == "" {
		return nil, err
	}
	l.fail(gen, err)
	gens := indexer.Generations(dir)
	for i := len(gens) - 1; i >= 0; i-- {
		if gens[i] == gen {
			continue
		}
		older, oerr := l.open(filepath.Join(dir, gens[i]), gens[i])
		if oerr != nil {
			l.log.Warn("older index generation cannot be served either", "generation", gens[i], "err", l.public(oerr))
			continue
		}
		l.onAbout = fmt.Sprintf("serving %s: current names %s, which cannot be served", gens[i], gen)
		l.log.Error("current index generation cannot be served; serving an older one", "current", gen, "serving", gens[i])
		l.cur.Store(older)
		return l, nil
	}
	return nil, err
}

// open opens, verifies and probes a generation.
func (l *Live) open(path, gen string) (*Index, error) {
	if err := VerifyFiles(path); err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix, err := Open(path)
	if err != nil {
		return nil, err
	}
	if err := ix.probe(); err != nil {
		ix.Close()
		return nil, fmt.Errorf("index %s: %w", path, err)
	}
	ix.meta.Generation = gen
	ix.cache = newResultCache(l.cacheSize)
	return ix, nil
}

// fail records that gen cannot be served, logging it the first time.
func (l *Live) fail(gen string, err error) {
	f, seen := l.failed[gen]
	if !seen {
		l.log.Error("index generation cannot be served; keeping the one being served", "generation", gen, "err", l.public(err))
		f.pause = firstRetry
	}
	f.err = err
	f.next = time.Now().Add(f.pause)
	f.pause = min(2*f.pause, maxRetry)
	l.failed[gen] = f
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
		if msg := l.public(err); msg != l.linkErr {
			l.linkErr = msg
			l.log.Error("the published index cannot be read; still serving the one open", "generation", old.meta.Generation, "err", msg)
		}
		return false, err
	}
	if l.linkErr != "" {
		l.log.Info("the published index can be read again", "generation", gen)
		l.linkErr = ""
	}
	if gen == "" || gen == old.meta.Generation {
		l.onAbout = ""
		return false, nil
	}
	if f, ok := l.failed[gen]; ok && time.Now().Before(f.next) {
		return false, f.err
	}
	ix, err := l.open(p, gen)
	if err != nil {
		l.fail(gen, err)
		l.onAbout = fmt.Sprintf("serving %s: current names %s, which cannot be served", old.meta.Generation, gen)
		return false, err
	}
	// The old generation serves while the new one's speller and
	// alternatives are built (see buildSuggesterSoon): no visitor waits for
	// them. A failure is
	// kept in ix and reported by the searches that need the speller.
	_, _ = ix.suggesterOnce()
	ix.alternativesOnce()
	if _, ok := l.failed[gen]; ok {
		l.log.Info("index generation that failed before now passes its check", "generation", gen)
		delete(l.failed, gen)
	}
	l.onAbout = ""
	l.cur.Store(ix)
	old.release()
	l.reloads.Add(1)
	l.log.Info("serving newly published index", "generation", gen, "docs", ix.meta.Total, "previous", old.meta.Generation)
	return true, nil
}

// public is err's text with the index directory's path left out: it is
// shown on /readyz, which anyone may read.
func (l *Live) public(err error) string {
	msg := err.Error()
	paths := []string{filepath.Clean(l.dir)}
	if abs, aerr := filepath.Abs(l.dir); aerr == nil {
		paths = append(paths, abs)
	}
	for _, p := range paths {
		msg = strings.ReplaceAll(msg, p+string(filepath.Separator), "")
	}
	for _, p := range paths {
		msg = strings.ReplaceAll(msg, p, "the index directory")
	}
	return msg
}

// Watch reloads every interval until ctx is done. Reload logs what goes
// wrong, once per cause.
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

// read runs f on the current index, held for the call. Every reading
// method goes through it, so each runs with faults turned into panics and
// recovered (see verify.go): a damaged segment costs the request, not the
// process, and marks the generation bad.
func read[T any](l *Live, f func(*Index) (T, error)) (_ T, err error) {
	ix, err := l.acquire()
	if err != nil {
		var none T
		return none, err
	}
	defer ix.release()
	defer l.observe(ix, &err)
	defer faults()()
	defer guard(&err, l.faulted(ix))
	return f(ix)
}

// Search runs req on the current index.
func (l *Live) Search(ctx context.Context, req Request) (*Result, error) {
	return read(l, func(ix *Index) (*Result, error) {
		if ix.cache == nil {
			return l.logLimited(ix.Search(ctx, req))
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
		res, err := l.logLimited(ix.Search(ctx, req))
		if err == nil {
			res.share()
			ix.cache.lru.Add(key, res)
		}
		return res, err
	})
}

// logLimited logs a search its work budget cut short (see limit.go), at
// most one a while; a cached answer did no work and is not logged again.
func (l *Live) logLimited(res *Result, err error) (*Result, error) {
	if err == nil && len(res.Limited) > 0 {
		l.limits.log(l.log, res)
	}
	return res, err
}

// Document returns a document from the current index.
func (l *Live) Document(ctx context.Context, id string) (*corpus.Document, error) {
	return read(l, func(ix *Index) (*corpus.Document, error) { return ix.Document(ctx, id) })
}

// Alternatives returns exercises that can replace one, from the current
// index.
func (l *Live) Alternatives(ctx context.Context, req AlternativesRequest) (*Alternatives, error) {
	return read(l, func(ix *Index) (*Alternatives, error) { return ix.Alternatives(ctx, req) })
}

// Suggest completes text from the current index.
func (l *Live) Suggest(ctx context.Context, text, ui, prefer string) (*Suggestions, error) {
	return read(l, func(ix *Index) (*Suggestions, error) { return ix.Suggest(ctx, text, ui, prefer) })
}

// Overview returns the taxonomy of the current index with counts.
func (l *Live) Overview(ctx context.Context, ui string) (*Overview, error) {
	return read(l, func(ix *Index) (*Overview, error) { return ix.Overview(ctx, ui) })
}

// faulted returns what to do when a fault is recovered in ix.
func (l *Live) faulted(ix *Index) func(*FaultError) {
	return func(fe *FaultError) {
		first := ix.bad.Load() == nil
		ix.markBad(fe)
		if first {
			l.log.Error("reading the index failed; its files are damaged: run exsearch verify, then reindex or rollback",
				"generation", ix.meta.Generation, "err", fe.Value, "stack", string(fe.Stack))
		}
	}
}

// observe marks ix bad when reading it failed for a reason other than the
// request's: bytes that do not decode are damaged files too, whether they
// faulted or not. Deferred before guard, it sees what guard recovered.
func (l *Live) observe(ix *Index, err *error) {
	e := *err
	var re *RequestError
	var fe *FaultError
	switch {
	case e == nil, errors.As(e, &re), errors.As(e, &fe), errors.Is(e, ErrNotFound),
		errors.Is(e, context.Canceled), errors.Is(e, context.DeadlineExceeded):
		return
	}
	l.faulted(ix)(&FaultError{Value: e.Error()})
}

// Label names a facet value in the interface language ui.
func (l *Live) Label(facet, value, ui string) (label string) {
	label = value // what a recovered fault leaves
	ix, err := l.acquire()
	if err != nil {
		return value
	}
	defer ix.release()
	defer l.observe(ix, &err)
	defer faults()()
	defer guard(&err, l.faulted(ix))
	return ix.Label(facet, value, ui)
}

// Status describes what is being served.
type Status struct {
	indexer.Meta
	Reloads int64      `json:"reloads"`
	Cache   CacheStats `json:"cache"`
	// Problems say why the server is degraded: it answers, but not from
	// what is published, or from files that are damaged. None when all is
	// well. They name generations, never the directory's path.
	Problems []string `json:"problems,omitempty"`
}

// Status returns the current index's metadata.
func (l *Live) Status() (Status, error) {
	ix, err := l.acquire()
	if err != nil {
		return Status{}, err
	}
	defer ix.release()
	st := Status{Meta: ix.Meta(), Reloads: l.reloads.Load(), Problems: l.problems(ix)}
	st.Cache = CacheStats{Size: l.cacheSize, Hits: l.hits.Load(), Misses: l.misses.Load()}
	if ix.cache != nil {
		st.Cache.Enabled, st.Cache.Entries = true, ix.cache.lru.Len()
	}
	return st, nil
}

// problems lists what is wrong with the directory and with ix, the
// generation served.
func (l *Live) problems(ix *Index) []string {
	var out []string
	l.mu.Lock()
	if l.linkErr != "" {
		out = append(out, "the published index cannot be read: "+l.linkErr)
	}
	if l.onAbout != "" {
		out = append(out, l.onAbout)
		if f, ok := l.failed[l.pending()]; ok {
			out = append(out, l.pending()+": "+l.public(f.err))
		}
	}
	l.mu.Unlock()
	if fe := ix.bad.Load(); fe != nil {
		out = append(out, fmt.Sprintf("%s is damaged: a read failed (%v)", ix.meta.Generation, fe.Value))
	}
	return out
}

// pending is the generation current names, when it is not the one served.
func (l *Live) pending() string {
	target, _ := os.Readlink(filepath.Join(l.dir, "current"))
	return target
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
