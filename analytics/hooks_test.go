package analytics

import (
	"context"
	"database/sql"
)

// OpenAtVersion opens the database dsn names with the schema migrated to
// version v only, for tests of upgrades from older versions; the caller
// writes the old rows through the returned database and closes it.
func OpenAtVersion(ctx context.Context, dsn string, v int) (*sql.DB, error) {
	st, err := openUnmigrated(ctx, dsn)
	if err != nil {
		return nil, err
	}
	for step := 1; step <= v; step++ {
		if err := st.step(ctx, step); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st.db, nil
}
