package pgtest_test

import (
	"database/sql"
	"testing"

	"github.com/exsearch/exsearch/internal/pgtest"
)

func TestMain(m *testing.M) {
	defer pgtest.StopShared()
	m.Run()
}

func TestCluster(t *testing.T) {
	for range 2 {
		dsn := pgtest.NewDatabase(t)
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow("SELECT 1 + 1").Scan(&n); err != nil || n != 2 {
			t.Fatalf("SELECT 1 + 1 on %s: %d, %v", dsn, n, err)
		}
		db.Close()
	}
}
