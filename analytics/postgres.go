package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
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
		copy:        copyBatch,
	}}, nil
}

// copyBatch writes a batch with COPY, PostgreSQL's bulk load: a thousand
// searches a second as INSERTs cost the database server several times
// what COPY does. It reaches under database/sql to pgx's own connection
// for it.
func copyBatch(ctx context.Context, db *sql.DB, args [2][]any) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("analytics: connect: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("analytics: the pgx driver gave a %T", driverConn)
		}
		tx, err := c.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("analytics: begin: %w", err)
		}
		defer tx.Rollback(ctx)
		for i, t := range tables {
			n := len(args[i]) / columns[i]
			if n == 0 {
				continue
			}
			cols := strings.Split(t.columns, ", ")
			rows := pgx.CopyFromSlice(n, func(k int) ([]any, error) { return args[i][k*columns[i] : (k+1)*columns[i]], nil })
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, cols, rows); err != nil {
				return fmt.Errorf("analytics: copy %d rows into %s: %w", n, t.name, err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("analytics: commit: %w", err)
		}
		return nil
	})
}

var sqlOpen = sql.Open
