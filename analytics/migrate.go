package analytics

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Migrations are numbered steps, applied in order, each in its own
// transaction together with its row in schema_migrations; a store applies
// on open the steps its database has not had. A step is never edited once
// released: a change to the schema is a new step. The SQL is the subset
// SQLite and PostgreSQL read alike (TEXT, BIGINT, INTEGER; no booleans, no
// timestamps: times are milliseconds since the epoch, UTC).
var migrations = []string{
	// Indexes cost every write and a server may write a thousand
	// searches a second: searches and search_facets are indexed by time
	// alone (the reports and the purge select by time, and search_facets
	// carries its search's time for that), clicks also by search, for
	// counting a search's clicks.
	1: `CREATE TABLE searches (
		id TEXT NOT NULL,
		at_ms BIGINT NOT NULL,
		query_text TEXT NOT NULL,
		ui TEXT NOT NULL,
		prefer TEXT NOT NULL,
		source TEXT NOT NULL,
		hits BIGINT NOT NULL,
		page_no INTEGER NOT NULL
	);
	CREATE INDEX searches_at ON searches (at_ms);
	CREATE TABLE search_facets (
		search_id TEXT NOT NULL,
		at_ms BIGINT NOT NULL,
		facet TEXT NOT NULL,
		value TEXT NOT NULL,
		understood INTEGER NOT NULL
	);
	CREATE INDEX search_facets_at ON search_facets (at_ms);
	CREATE TABLE clicks (
		search_id TEXT NOT NULL,
		at_ms BIGINT NOT NULL,
		hit_rank INTEGER NOT NULL,
		doc_id TEXT NOT NULL
	);
	CREATE INDEX clicks_search ON clicks (search_id);
	CREATE INDEX clicks_at ON clicks (at_ms)`,
	// A search's facets move into its own row (facets.go): a row per
	// facet value in search_facets, with its index entry, was more than
	// half of what a batch wrote. search_facets stays for the rows written
	// before; reports count both, and the purge empties it with time.
	2: `ALTER TABLE searches ADD COLUMN facets TEXT NOT NULL DEFAULT ''`,
}

// SchemaVersion is the version the migrations bring a store to.
var SchemaVersion = len(migrations) - 1

func (s *sqlStore) migrate(ctx context.Context) error {
	for v := 1; v < len(migrations); v++ {
		if err := s.step(ctx, v); err != nil {
			return fmt.Errorf("analytics: migration %d: %w", v, err)
		}
	}
	return nil
}

// step applies migration v unless it was applied, under the dialect's lock.
func (s *sqlStore) step(ctx context.Context, v int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.d.lock != "" {
		if _, err := tx.ExecContext(ctx, s.d.lock); err != nil {
			return err
		}
	}
	// Under the lock: two PostgreSQL sessions creating the same table at
	// once may both fail to see the other's and collide.
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)`); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	for _, stmt := range strings.Split(migrations[v], ";") {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO schema_migrations (version, applied_ms) VALUES (?, ?)`), v, time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

// Version is the highest migration applied to the store.
func (s *sqlStore) Version(ctx context.Context) (int, error) {
	var v int
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}
