package analytics

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// The recorder stands between the request path and the store. Record and
// Click append to a bounded buffer under a mutex and return: they never
// wait for the store, never fail, and when the buffer is full they drop the
// record and count it. One goroutine takes the whole buffer (swapping in an
// empty one) and writes it in batches, one transaction per batch, every
// FlushInterval or as soon as BatchSize records are waiting. Records are
// kept by value and the writer is woken once per batch, not per record: a
// channel of records cost a heap object and a goroutine wake-up for every
// search, a tenth of the analytics' cost under load. A batch the store
// refuses is lost (and counted): analytics is worth less than a search, and
// a store that is down would otherwise fill memory. The last write error
// stays in Status until a batch is written again, for /readyz.

// RecorderOptions tune a Recorder; zero values take the defaults.
type RecorderOptions struct {
	QueueSize     int           // records waiting at most (4096)
	BatchSize     int           // records per transaction at most (600: three full INSERTs of searches, see store.go)
	FlushInterval time.Duration // longest a record waits before a write (1s)
	WriteTimeout  time.Duration // longest one batch may take (10s)
	// Retention, if positive, is how long rows are kept: older ones are
	// removed every PurgeInterval (1h).
	Retention     time.Duration
	PurgeInterval time.Duration
	Logger        *slog.Logger
}

// Recorder queues searches and clicks and writes them to a Store.
type Recorder struct {
	st     Store // touched by run only, once started
	kind   string
	dial   func(context.Context) (Store, error)
	dialed time.Time // last attempt to open the store
	owned  bool      // the recorder opened st, and closes it
	opts   RecorderOptions
	wake   chan struct{} // a batch is waiting (capacity 1)
	quit   chan struct{}
	done   chan struct{}

	// pending is what Record and Click have added since the writer last
	// took it; closed refuses more.
	pendingMu sync.Mutex
	pending   batch
	closed    bool

	queued, written, dropped, failed, writeErrors atomic.Uint64

	mu        sync.Mutex
	lastErr   error
	lastErrAt time.Time
}

// batch is searches and clicks waiting to be written.
type batch struct {
	searches []Search
	clicks   []Click
}

func (b *batch) len() int { return len(b.searches) + len(b.clicks) }

// reset empties b for reuse, letting go of what its records point to.
func (b *batch) reset() {
	clear(b.searches)
	clear(b.clicks)
	b.searches, b.clicks = b.searches[:0], b.clicks[:0]
}

// NewRecorder starts a recorder writing to st. Close stops it; closing st
// is the caller's.
func NewRecorder(st Store, opts RecorderOptions) *Recorder {
	return start(&Recorder{st: st, kind: Kind(st)}, opts)
}

// redial is how often a recorder whose store could not be opened tries
// again (see Dial).
const redial = 5 * time.Second

// Dial starts a recorder writing to the store named by dsn (see Open),
// which it opens itself, off the caller's path: a server starts whether or
// not its database answers. Until the store opens, each batch is lost (and
// counted) and the open's error is the recorder's Health; it tries again
// every few seconds, when there is something to write. Close closes the
// store too.
func Dial(dsn string, opts RecorderOptions) *Recorder {
	r := &Recorder{kind: kindOf(dsn), owned: true}
	r.dial = func(ctx context.Context) (Store, error) { return Open(ctx, dsn, opts.Retention) }
	return start(r, opts)
}

func start(r *Recorder, opts RecorderOptions) *Recorder {
	if opts.QueueSize <= 0 {
		opts.QueueSize = 4096
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 600
	}
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = time.Second
	}
	if opts.WriteTimeout <= 0 {
		opts.WriteTimeout = 10 * time.Second
	}
	if opts.PurgeInterval <= 0 {
		opts.PurgeInterval = time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	r.opts = opts
	r.wake, r.quit, r.done = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go r.run()
	return r
}

// Record queues a search; it never blocks.
func (r *Recorder) Record(s Search) {
	r.add(func(b *batch) { b.searches = append(b.searches, s) })
}

// Click queues a click; it never blocks.
func (r *Recorder) Click(c Click) {
	r.add(func(b *batch) { b.clicks = append(b.clicks, c) })
}

// add appends a record to what is waiting, if there is room, and wakes the
// writer once a batch is waiting; a record without room is dropped and
// counted.
func (r *Recorder) add(appendTo func(*batch)) {
	r.pendingMu.Lock()
	ok := !r.closed && r.pending.len() < r.opts.QueueSize
	if ok {
		appendTo(&r.pending)
	}
	n := r.pending.len()
	r.pendingMu.Unlock()
	if !ok {
		r.dropped.Add(1)
		return
	}
	r.queued.Add(1)
	if n == r.opts.BatchSize {
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}
}

// take hands the writer what is waiting and gives the adders spare, an
// emptied batch, to fill next.
func (r *Recorder) take(spare batch) batch {
	r.pendingMu.Lock()
	defer r.pendingMu.Unlock()
	b := r.pending
	r.pending = spare
	return b
}

// Status is a recorder's counters and health.
type Status struct {
	Store string `json:"store"` // "sqlite" or "postgres"
	// Queued, Written, Dropped and Failed count records: taken on the
	// queue, stored, refused because the queue was full (or the recorder
	// closed), and lost in a batch the store refused.
	Queued  uint64 `json:"queued"`
	Written uint64 `json:"written"`
	Dropped uint64 `json:"dropped"`
	Failed  uint64 `json:"failed"`
	// WriteErrors counts batches the store refused.
	WriteErrors uint64 `json:"write_errors"`
	Waiting     int    `json:"waiting"` // records waiting to be written now
	// LastError is the last write's error, empty once a batch is written
	// again; LastErrorAt is when it happened.
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
}

// Status returns the recorder's counters and its last write error.
func (r *Recorder) Status() Status {
	r.pendingMu.Lock()
	waiting := r.pending.len()
	r.pendingMu.Unlock()
	st := Status{Store: r.kind, Queued: r.queued.Load(), Written: r.written.Load(), Dropped: r.dropped.Load(),
		Failed: r.failed.Load(), WriteErrors: r.writeErrors.Load(), Waiting: waiting}
	r.mu.Lock()
	if r.lastErr != nil {
		st.LastError, st.LastErrorAt = r.lastErr.Error(), r.lastErrAt
	}
	r.mu.Unlock()
	return st
}

// Health is nil while the store takes what it is given, else the last
// write's error.
func (r *Recorder) Health() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.lastErr
}

// Close stops taking records, writes what is queued, and returns when it is
// written or ctx ends (then what is left is lost). It does not close the
// store.
func (r *Recorder) Close(ctx context.Context) error {
	r.pendingMu.Lock()
	was := r.closed
	r.closed = true
	r.pendingMu.Unlock()
	if was {
		return nil
	}
	close(r.quit)
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
		return errors.New("analytics: closed before the queue was written: " + ctx.Err().Error())
	}
}

func (r *Recorder) run() {
	defer close(r.done)
	defer func() {
		if r.owned && r.st != nil {
			r.st.Close()
		}
	}()
	if r.st == nil {
		r.open()
	}
	tick := time.NewTicker(r.opts.FlushInterval)
	defer tick.Stop()
	purge := time.NewTicker(r.opts.PurgeInterval)
	defer purge.Stop()
	var spare batch
	flush := func() {
		b := r.take(spare)
		// What waited is written BatchSize records a transaction.
		for s, c := b.searches, b.clicks; len(s)+len(c) > 0; {
			ns := min(len(s), r.opts.BatchSize)
			nc := min(len(c), r.opts.BatchSize-ns)
			r.write(s[:ns], c[:nc])
			s, c = s[ns:], c[nc:]
		}
		b.reset()
		spare = b
	}
	for {
		select {
		case <-r.wake:
			flush()
		case <-tick.C:
			flush()
		case <-purge.C:
			r.purge()
		case <-r.quit:
			// closed is set: nothing is added after this take.
			flush()
			return
		}
	}
}

func (r *Recorder) write(searches []Search, clicks []Click) {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.WriteTimeout)
	defer cancel()
	n := uint64(len(searches) + len(clicks))
	if n == 0 {
		return
	}
	var err error
	if r.st == nil && time.Since(r.dialed) >= redial {
		r.open()
	}
	if r.st == nil {
		r.mu.Lock()
		err = r.lastErr
		r.mu.Unlock()
	} else {
		err = r.st.Write(ctx, searches, clicks)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if r.lastErr == nil {
			r.opts.Logger.Error("analytics: store refused a batch; searches go on, their records are lost", "records", n, "err", err)
		}
		r.failed.Add(n)
		r.writeErrors.Add(1)
		r.lastErr, r.lastErrAt = err, time.Now()
		return
	}
	if r.lastErr != nil {
		r.opts.Logger.Info("analytics: store takes batches again")
	}
	r.written.Add(n)
	r.lastErr = nil
}

// open opens the store of a dialling recorder.
func (r *Recorder) open() {
	r.dialed = time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.WriteTimeout)
	defer cancel()
	st, err := r.dial(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if r.lastErr == nil {
			r.opts.Logger.Error("analytics: the store cannot be opened; searches go on unrecorded, retrying", "store", r.kind, "err", err)
		}
		r.lastErr, r.lastErrAt = err, time.Now()
		return
	}
	r.opts.Logger.Info("analytics: store open", "store", r.kind)
	r.st, r.lastErr = st, nil
}

func (r *Recorder) purge() {
	if r.opts.Retention <= 0 || r.st == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.WriteTimeout)
	defer cancel()
	n, err := r.st.Purge(ctx, time.Now().Add(-r.opts.Retention))
	if err != nil {
		r.opts.Logger.Warn("analytics: removing old rows failed", "err", err)
		return
	}
	if n > 0 {
		r.opts.Logger.Info("analytics: removed rows older than the retention", "rows", n, "retention", r.opts.Retention)
	}
}
