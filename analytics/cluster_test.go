package analytics_test

import (
	"testing"

	"github.com/exsearch/exsearch/internal/pgtest"
)

func startCluster(t *testing.T) *pgtest.Cluster { return pgtest.Start(t) }
