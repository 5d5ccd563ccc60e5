package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// PostgreSQL is the store many replicas share. Its tables and SQL are
// SQLite's (store.go); the dialect adds numbered placeholders, byte order
// for text, and a transaction-scoped advisory lock around migrations so
// that replicas starting together do not race to create the tables.

// migrationLock is the advisory lock key of the migrations: any constant
// that other users of the database are unlikely to pick.
const migrationLock = 0x6578_7365_6172_6368 // "exsearch"

func openPostgres(ctx context.Context, dsn string) (*sqlStore, error) {
	db, err := sqlOpen("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("analytics: open %s: %w", redactDSN(dsn), err)
	}
	db.SetMaxOpenConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("analytics: connect to %s: %w", redactDSN(dsn), err)
	}
	return &sqlStore{db: db, d: dialect{
		name:        "postgres",
		placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
		collate:     ` COLLATE "C"`,
		lock:        "SELECT pg_advisory_xact_lock(" + strconv.Itoa(migrationLock) + ")",
	}}, nil
}

var sqlOpen = sql.Open
