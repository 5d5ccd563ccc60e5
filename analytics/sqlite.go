package analytics

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo
)

// SQLite is the default store: one file in the data directory, written by
// one process. WAL lets the owner's reports read while a batch is written;
// busy_timeout makes a writer wait for another instead of failing at once;
// synchronous=NORMAL is safe with WAL (a crash loses at most the last
// batches, never the file). Transactions begin IMMEDIATE, taking the write
// lock up front, so that two writers queue instead of deadlocking on an
// upgrade from read to write.

// SQLiteFile is the store's file name in the data directory.
const SQLiteFile = "analytics.sqlite"

func openSQLite(ctx context.Context, path string) (*sqlStore, error) {
	if path == "" {
		return nil, fmt.Errorf("analytics: no SQLite file named")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("analytics: %w", err)
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	q.Set("_txlock", "immediate")
	db, err := sqlOpen("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("analytics: open %s: %w", path, err)
	}
	// One writer at a time is all SQLite has; a few connections let
	// reports read beside it.
	db.SetMaxOpenConns(4)
	// Switching to WAL takes a lock that busy_timeout does not wait
	// for: a second process opening the file at the same moment (a
	// restart overlapping the old process) is told SQLITE_BUSY. Try again.
	err = db.PingContext(ctx)
	for deadline := time.Now().Add(5 * time.Second); err != nil && strings.Contains(err.Error(), "SQLITE_BUSY") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		err = db.PingContext(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("analytics: open %s: %w", path, err)
	}
	return &sqlStore{db: db, d: dialect{name: "sqlite"}}, nil
}
