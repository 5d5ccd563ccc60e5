package analytics

import (
	"context"
	"sync"
)

// StoreReporter answers reports from the store a DSN names, opened on the
// first report and kept: a server whose database is down at start still
// starts, and its /admin answers once the database does.
type StoreReporter struct {
	dsn string
	mu  sync.Mutex
	st  Store
}

// NewStoreReporter returns a reporter on the store dsn names (see Open).
func NewStoreReporter(dsn string) *StoreReporter { return &StoreReporter{dsn: dsn} }

// Report implements Reporter.
func (r *StoreReporter) Report(ctx context.Context, p Period) (*Report, error) {
	r.mu.Lock()
	if r.st == nil {
		st, err := Open(ctx, r.dsn, 0)
		if err != nil {
			r.mu.Unlock()
			return nil, err
		}
		r.st = st
	}
	st := r.st
	r.mu.Unlock()
	return st.Report(ctx, p)
}

// Close closes the store, if it was opened.
func (r *StoreReporter) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.st == nil {
		return nil
	}
	err := r.st.Close()
	r.st = nil
	return err
}
