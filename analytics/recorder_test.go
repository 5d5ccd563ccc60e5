package analytics_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
)

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// waitFor polls cond until it holds or a few seconds pass.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestRecorderWritesBatches(t *testing.T) {
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, dsn(t), 0)
			rec := analytics.NewRecorder(st, analytics.RecorderOptions{FlushInterval: 50 * time.Millisecond})
			now := time.Now()
			for i := range 100 {
				id := analytics.NewID()
				rec.Record(analytics.Search{ID: id, Time: now, Query: "squat", UI: "da", Total: 3})
				if i%10 == 0 {
					rec.Click(analytics.Click{SearchID: id, Time: now, Rank: 1, DocID: "a"})
				}
			}
			waitFor(t, "110 records written", func() bool { return rec.Status().Written == 110 })
			if err := rec.Close(context.Background()); err != nil {
				t.Fatal(err)
			}
			r, err := st.Report(context.Background(), analytics.Period{Days: 1, Until: now.Add(time.Minute)})
			if err != nil || r.Searches != 100 || r.Clicks != 10 {
				t.Fatalf("report: %+v, %v", r, err)
			}
			if s := rec.Status(); s.Queued != 110 || s.Dropped != 0 || s.WriteErrors != 0 || s.LastError != "" || s.Store != kind {
				t.Errorf("status %+v", s)
			}
		})
	}
}

// A full queue drops and counts, and Record returns at once: the store
// here is one whose writer is held inside a transaction by another
// connection, so the recorder cannot write at all.
func TestRecorderQueueFullDrops(t *testing.T) {
	path := filepath.Join(t.TempDir(), analytics.SQLiteFile)
	st := open(t, path, 0)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	holder, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	rec := analytics.NewRecorder(st, analytics.RecorderOptions{QueueSize: 8, BatchSize: 8, FlushInterval: time.Millisecond})
	defer rec.Close(context.Background())
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	for range 10000 {
		rec.Record(analytics.Search{ID: analytics.NewID(), Time: start, Query: "q"})
	}
	elapsed := time.Since(start)
	s := rec.Status()
	// At most a batch in the writer's hands and a queue's worth taken.
	if s.Queued+s.Dropped != 10000 || s.Queued > 8+8 {
		t.Errorf("queued %d dropped %d of 10000 into a queue of 8", s.Queued, s.Dropped)
	}
	if elapsed > time.Second {
		t.Errorf("10000 records took %v: Record blocks", elapsed)
	}
	// Close writes what was queued, once the writer may write.
	if _, err := holder.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	holder.Close()
	if err := rec.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := rec.Status().Written; w != s.Queued {
		t.Errorf("written %d after Close, queued %d", w, s.Queued)
	}
	rec.Record(analytics.Search{ID: analytics.NewID()})
	if d := rec.Status().Dropped; d != s.Dropped+1 {
		t.Errorf("a record after Close: dropped %d, want %d", d, s.Dropped+1)
	}
}

// A store that fails loses its batches, counts them, reports the error in
// Health and Status, and recovers on its own once it takes batches again.
func TestRecorderStoreDown(t *testing.T) {
	c := startCluster(t)
	dsn := c.DSN("postgres")
	st := open(t, dsn, 0)
	rec := analytics.NewRecorder(st, analytics.RecorderOptions{FlushInterval: 20 * time.Millisecond, WriteTimeout: 2 * time.Second})
	defer rec.Close(context.Background())
	rec.Record(analytics.Search{ID: analytics.NewID(), Time: time.Now(), Query: "before"})
	waitFor(t, "the first record written", func() bool { return rec.Status().Written == 1 })
	c.Stop()
	start := time.Now()
	rec.Record(analytics.Search{ID: analytics.NewID(), Time: time.Now(), Query: "during"})
	if time.Since(start) > 100*time.Millisecond {
		t.Errorf("Record took %v with the store down", time.Since(start))
	}
	waitFor(t, "the write error", func() bool { return rec.Health() != nil })
	s := rec.Status()
	if s.WriteErrors == 0 || s.Failed != 1 || s.LastError == "" || s.LastErrorAt.IsZero() {
		t.Errorf("status with the store down: %+v", s)
	}
}

// A running recorder removes rows older than the retention, not only on
// open.
func TestRecorderPurges(t *testing.T) {
	st := open(t, filepath.Join(t.TempDir(), analytics.SQLiteFile), 0)
	old := time.Now().Add(-2 * time.Hour)
	if err := st.Write(context.Background(), []analytics.Search{{ID: "old", Time: old, Query: "old"}}, nil); err != nil {
		t.Fatal(err)
	}
	rec := analytics.NewRecorder(st, analytics.RecorderOptions{Retention: time.Hour, PurgeInterval: 20 * time.Millisecond})
	defer rec.Close(context.Background())
	rec.Record(analytics.Search{ID: analytics.NewID(), Time: time.Now(), Query: "new"})
	waitFor(t, "the old row removed and the new one written", func() bool {
		r, err := st.Report(context.Background(), analytics.Period{Days: 1, Until: time.Now().Add(time.Minute)})
		return err == nil && r.Searches == 1 && r.TopQueries[0].Query == "new"
	})
}
