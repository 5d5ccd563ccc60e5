package analytics_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/cputime"
	"github.com/exsearch/exsearch/internal/pgtest"
)

// BenchmarkWrite is the writer's cost per search record, in batches of
// the recorder's size, with filters like the load test's (half of the
// searches filter by language and muscle, some have an understood
// equipment): what analytics add to each search besides the request path.
// The PostgreSQL figure is the client's side only; the server's CPU is
// measured by bench/analytics-load.sh. cpu-ns/search is the process's CPU
// time (the collector's included), the steadier figure on a busy machine.
func BenchmarkWrite(b *testing.B) {
	dsns := map[string]func(b *testing.B) string{
		"sqlite":   func(b *testing.B) string { return filepath.Join(b.TempDir(), analytics.SQLiteFile) },
		"postgres": func(b *testing.B) string { return pgtest.NewDatabase(b) },
	}
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			st, err := analytics.Open(context.Background(), dsns[kind](b), 0)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			const batch = 600
			searches := make([]analytics.Search, batch)
			now := time.Now()
			for i := range searches {
				s := analytics.Search{Time: now, Query: fmt.Sprintf("squat %d", i%50), UI: "da", Prefer: "da", Source: "api", Total: 40, Page: 1}
				if i%2 == 0 {
					s.Filters = map[string][]string{"lang": {"da"}, "muscle": {"legs"}}
				}
				if i%4 == 0 {
					s.Understood = map[string][]string{"equipment": {"barbell"}}
				}
				searches[i] = s
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cputime.Process()
			for b.Loop() {
				for i := range searches {
					searches[i].ID = analytics.NewID()
				}
				if err := st.Write(context.Background(), searches, nil); err != nil {
					b.Fatal(err)
				}
			}
			cpu = cputime.Process() - cpu
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/search")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*batch), "cpu-ns/search")
		})
	}
}
