package main

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/exsearch/exsearch/internal/pgtest"
)

// The replicas of TestReplicasBehindNginx record into one PostgreSQL, a
// private cluster of the test's own (pgtest, Debian's postgresql package),
// as deploy/compose.yaml's replicas do. Analytics rows carry no replica id,
// so the check is twofold:
//
//   - each replica was asked one search of its own directly (a marker), and
//     each marker must be there: every replica's rows land, the SIGKILLed
//     one's (written before it died) and its restarted successor's included;
//   - the searches rows number at least what the load had answered through
//     nginx, less what the killed replica can have had queued and not yet
//     written (bounded by the searches all replicas answered in the 1.5 s
//     before the kill; the recorder writes every second), and at most that
//     plus the searches that were on their way at the kill (recorded by the
//     dying replica and, retried by nginx, by another).
func init() {
	analyticsHook = func(t *testing.T) ([]string, func(*testing.T, replicaAnalytics)) {
		dsn := pgtest.Start(t).DSN("postgres")
		return []string{"--analytics-dsn", dsn}, func(t *testing.T, got replicaAnalytics) {
			db, err := sql.Open("pgx", dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			low := got.recorded + got.extra - got.lostAtMost
			high := got.recorded + got.extra + got.clients
			var rows int64
			var missing []string
			// The live replicas write within a second; wait for them.
			deadline := time.Now().Add(10 * time.Second)
			for {
				if err := db.QueryRow("SELECT count(*) FROM searches").Scan(&rows); err != nil {
					t.Fatal(err)
				}
				missing = missing[:0]
				for _, m := range got.markers {
					var n int
					if err := db.QueryRow("SELECT count(*) FROM searches WHERE query_text = $1", m).Scan(&n); err != nil {
						t.Fatal(err)
					}
					if n != 1 {
						missing = append(missing, m)
					}
				}
				if len(missing) == 0 && rows >= low || time.Now().After(deadline) {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			time.Sleep(1500 * time.Millisecond) // anything still queued
			if err := db.QueryRow("SELECT count(*) FROM searches").Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if len(missing) > 0 {
				t.Errorf("analytics: no row (or more than one) for %s in the shared PostgreSQL", strings.Join(missing, ", "))
			}
			if rows < low || rows > high {
				t.Errorf("analytics: %d search rows in the shared PostgreSQL, want %d to %d (%d recorded searches answered through nginx, %d asked directly, at most %d lost with the killed replica's queue)",
					rows, low, high, got.recorded, got.extra, got.lostAtMost)
			}
			t.Logf("analytics: %d search rows in the one PostgreSQL for %d recorded searches answered through nginx and %d asked directly (the killed replica could lose at most %d); markers of all %d replica processes present",
				rows, got.recorded, got.extra, got.lostAtMost, len(got.markers))
		}
	}
}
