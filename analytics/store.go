package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Store keeps searches and clicks and answers reports. SQLite (sqlite.go)
// and PostgreSQL (postgres.go) implement it with the same tables and the
// same SQL, through database/sql; what differs between them is a dialect.
//
// The tables (see migrate.go), times in milliseconds since the Unix epoch,
// UTC, so that day arithmetic is integer arithmetic on both databases:
//
//	searches(id, at_ms, query_text, ui, prefer, source, hits, page_no, facets)  facets: the filters asked for and understood (facets.go)
//	clicks(search_id, at_ms, hit_rank, doc_id)
//	search_facets(search_id, at_ms, facet, value, understood)  facets of searches stored before schema version 2, read, never written
//
// No table has a column for anything that identifies a visitor.
type Store interface {
	Reporter
	// Write stores a batch in one transaction.
	Write(ctx context.Context, searches []Search, clicks []Click) error
	// Purge removes the rows older than before.
	Purge(ctx context.Context, before time.Time) (int64, error)
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	Close() error
}

// dialect is what differs between the databases.
type dialect struct {
	name string
	// placeholder returns the n-th (from 1) bind parameter.
	placeholder func(n int) string
	// collate follows an ORDER BY on text so that both order by bytes:
	// PostgreSQL otherwise orders by the database's locale.
	collate string
	// lock, if set, is run at the start of the migration transaction, so
	// that replicas starting together migrate one after the other.
	lock string
	// copy, if set, writes a batch's rows (the columns of tables) in one
	// transaction in the database's own bulk way, instead of INSERTs.
	copy func(ctx context.Context, db *sql.DB, searches []Search, clicks []Click) error
}

// sqlStore is a Store over database/sql.
type sqlStore struct {
	db *sql.DB
	d  dialect
	// full holds the prepared INSERT of rowsPerInsert rows, by table:
	// preparing a statement of a thousand placeholders was a third of the
	// writer's CPU when done for every chunk.
	fullMu sync.Mutex
	full   map[string]*sql.Stmt
}

// rebind turns the ? placeholders of q into the dialect's.
func (s *sqlStore) rebind(q string) string {
	if s.d.placeholder == nil {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString(s.d.placeholder(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rowsPerInsert bounds one INSERT's rows, well below SQLite's limit of bind
// parameters per statement.
const rowsPerInsert = 200

// tables are the tables a batch writes, with their columns.
var tables = []struct{ name, columns string }{
	{"searches", "id, at_ms, query_text, ui, prefer, source, hits, page_no, facets"},
	{"clicks", "search_id, at_ms, hit_rank, doc_id"},
}

// columns is the number of columns of each table, in the order of tables.
var columns = func() (n [2]int) {
	for i, t := range tables {
		n[i] = strings.Count(t.columns, ",") + 1
	}
	return n
}()

// batchArgs are a batch's column values, table by table (in the order of
// tables), row after row in one slice: what an INSERT binds. Integers are int64, the driver's own type: an int
// went through database/sql's reflection to become one, and a slice a row
// was an allocation a search.
func batchArgs(searches []Search, clicks []Click) [2][]any {
	var args [2][]any
	args[0] = make([]any, 0, len(searches)*columns[0])
	var buf []byte
	for _, r := range searches {
		buf = appendFacets(buf[:0], r.Filters, r.Understood)
		args[0] = append(args[0], r.ID, r.Time.UnixMilli(), r.Query, r.UI, r.Prefer, r.Source, int64(r.Total), int64(r.Page), string(buf))
	}
	args[1] = make([]any, 0, len(clicks)*columns[1])
	for _, c := range clicks {
		args[1] = append(args[1], c.SearchID, c.Time.UnixMilli(), int64(c.Rank), c.DocID)
	}
	return args
}

func (s *sqlStore) Write(ctx context.Context, searches []Search, clicks []Click) error {
	// Searches refined while typing (refine.go) are dropped first: if
	// that fails, nothing of the batch is written.
	searches, earlier := settle(searches, clicks)
	if len(earlier) > 0 {
		if err := s.dropRefined(ctx, earlier); err != nil {
			return err
		}
	}
	if s.d.copy != nil {
		return s.d.copy(ctx, s.db, searches, clicks)
	}
	args := batchArgs(searches, clicks)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("analytics: begin: %w", err)
	}
	defer tx.Rollback()
	for i, t := range tables {
		for chunk := range slices.Chunk(args[i], rowsPerInsert*columns[i]) {
			if err := s.insert(ctx, tx, t.name, t.columns, columns[i], chunk); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("analytics: commit: %w", err)
	}
	return nil
}

// insert adds rows to table in one statement: args are their values, ncol
// a row.
func (s *sqlStore) insert(ctx context.Context, tx *sql.Tx, table, columns string, ncol int, args []any) error {
	rows := len(args) / ncol
	if rows == 0 {
		return nil
	}
	var err error
	if rows == rowsPerInsert {
		var st *sql.Stmt
		if st, err = s.fullInsert(ctx, table, columns, ncol); err == nil {
			_, err = tx.StmtContext(ctx, st).ExecContext(ctx, args...)
		}
	} else {
		_, err = tx.ExecContext(ctx, s.insertSQL(table, columns, ncol, rows), args...)
	}
	if err != nil {
		return fmt.Errorf("analytics: insert %d rows into %s: %w", rows, table, err)
	}
	return nil
}

// insertSQL is the INSERT of rows rows of ncol columns into table.
func (s *sqlStore) insertSQL(table, columns string, ncol, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + columns + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", ncol), ", ") + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return s.rebind(b.String())
}

// fullInsert returns the prepared INSERT of rowsPerInsert rows into table,
// preparing it the first time: its text (a hundred kilobytes to build,
// for PostgreSQL's numbered placeholders) is built then only. database/sql
// keeps it prepared on each connection it has been used on.
func (s *sqlStore) fullInsert(ctx context.Context, table, columns string, ncol int) (*sql.Stmt, error) {
	s.fullMu.Lock()
	defer s.fullMu.Unlock()
	if st, ok := s.full[table]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, s.insertSQL(table, columns, ncol, rowsPerInsert))
	if err != nil {
		return nil, err
	}
	if s.full == nil {
		s.full = map[string]*sql.Stmt{}
	}
	s.full[table] = st
	return st, nil
}

func (s *sqlStore) Purge(ctx context.Context, before time.Time) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("analytics: purge: %w", err)
	}
	defer tx.Rollback()
	var n int64
	for _, table := range []string{"clicks", "search_facets", "searches"} {
		res, err := tx.ExecContext(ctx, s.rebind("DELETE FROM "+table+" WHERE at_ms < ?"), before.UnixMilli())
		if err != nil {
			return 0, fmt.Errorf("analytics: purge %s: %w", table, err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("analytics: purge: %w", err)
	}
	return n, nil
}

func (s *sqlStore) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

func (s *sqlStore) Close() error {
	s.fullMu.Lock()
	for _, st := range s.full {
		st.Close()
	}
	s.full = nil
	s.fullMu.Unlock()
	return s.db.Close()
}

// Open opens the store named by dsn: "postgres://…" or "postgresql://…" is
// PostgreSQL, anything else the path of a SQLite file. It migrates the
// schema and removes rows older than retention (0: keep everything).
func Open(ctx context.Context, dsn string, retention time.Duration) (Store, error) {
	st, err := openUnmigrated(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := st.migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if retention > 0 {
		if _, err := st.Purge(ctx, time.Now().Add(-retention)); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// openUnmigrated connects to the database dsn names.
func openUnmigrated(ctx context.Context, dsn string) (*sqlStore, error) {
	if kindOf(dsn) == "postgres" {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

// Kind names a store's database for logs: "sqlite" or "postgres".
func Kind(s Store) string {
	if st, ok := s.(*sqlStore); ok {
		return st.d.name
	}
	return "unknown"
}

// kindOf names the database a dsn is for: "postgres" or "sqlite".
func kindOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "postgres"
	}
	return "sqlite"
}

// redactDSN drops the password from a PostgreSQL DSN, for errors and logs.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		rest := dsn[i+3:]
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			user := rest[:at]
			if c := strings.Index(user, ":"); c >= 0 {
				user = user[:c] + ":xxx"
			}
			return dsn[:i+3] + user + rest[at:]
		}
	}
	return dsn
}

// StoreVersion is the schema version of a store opened by Open.
func StoreVersion(ctx context.Context, s Store) (int, error) {
	st, ok := s.(*sqlStore)
	if !ok {
		return 0, fmt.Errorf("analytics: not a store opened by Open")
	}
	return st.Version(ctx)
}
