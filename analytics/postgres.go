package analytics

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

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
// for it, and sends COPY's text form (copySearches), which it writes itself:
// pgx's CopyFrom sends the binary form, each value boxed in an interface
// and encoded through its type map.
func copyBatch(ctx context.Context, db *sql.DB, searches []Search, clicks []Click) error {
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
		rows := [2]int{len(searches), len(clicks)}
		text := [2][]byte{copySearches(searches), copyClicks(clicks)}
		for i, t := range tables {
			if rows[i] == 0 {
				continue
			}
			if _, err := tx.Conn().PgConn().CopyFrom(ctx, bytes.NewReader(text[i]), "COPY "+t.name+" ("+t.columns+") FROM STDIN"); err != nil {
				return fmt.Errorf("analytics: copy %d rows into %s: %w", rows[i], t.name, err)
			}
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("analytics: commit: %w", err)
		}
		return nil
	})
}

// copySearches is the searches' rows of the searches table (its columns
// in the order of tables) in COPY's text form: columns split by tabs, rows
// ended by newlines, texts escaped (appendCopyString).
func copySearches(searches []Search) []byte {
	var b, facets []byte
	for _, r := range searches {
		facets = appendFacets(facets[:0], r.Filters, r.Understood)
		b = appendCopyString(b, r.ID)
		b = strconv.AppendInt(append(b, '\t'), r.Time.UnixMilli(), 10)
		b = appendCopyString(append(b, '\t'), r.Query)
		b = appendCopyString(append(b, '\t'), r.UI)
		b = appendCopyString(append(b, '\t'), r.Prefer)
		b = appendCopyString(append(b, '\t'), r.Source)
		b = strconv.AppendInt(append(b, '\t'), int64(r.Total), 10)
		b = strconv.AppendInt(append(b, '\t'), int64(r.Page), 10)
		b = appendCopyString(append(b, '\t'), facets)
		b = append(b, '\n')
	}
	return b
}

// copyClicks is copySearches for the clicks table.
func copyClicks(clicks []Click) []byte {
	var b []byte
	for _, c := range clicks {
		b = appendCopyString(b, c.SearchID)
		b = strconv.AppendInt(append(b, '\t'), c.Time.UnixMilli(), 10)
		b = strconv.AppendInt(append(b, '\t'), int64(c.Rank), 10)
		b = appendCopyString(append(b, '\t'), c.DocID)
		b = append(b, '\n')
	}
	return b
}

// appendCopyString appends s escaped for COPY's text form: the backslash
// and the characters that would split a column or a row are written with
// a backslash, so that \N, NULL's mark, can only be a text's own two
// letters.
func appendCopyString[T string | []byte](b []byte, s T) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, c)
		}
	}
	return b
}

var sqlOpen = sql.Open
