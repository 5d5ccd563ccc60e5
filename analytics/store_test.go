package analytics_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/pgtest"
)

func TestMain(m *testing.M) {
	defer pgtest.StopShared()
	m.Run()
}

// stores opens a fresh store of each kind for t.
func stores(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), analytics.SQLiteFile) },
		"postgres": func(t *testing.T) string { return pgtest.NewDatabase(t) },
	}
}

func open(t *testing.T, dsn string, retention time.Duration) analytics.Store {
	t.Helper()
	st, err := analytics.Open(context.Background(), dsn, retention)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var until = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func day(n int, hour int) time.Time {
	return until.AddDate(0, 0, -n).Truncate(24 * time.Hour).Add(time.Duration(hour) * time.Hour)
}

// fixture is a week of searches: what each report must make of it is
// worked out by hand in TestReport's table.
func fixture() ([]analytics.Search, []analytics.Click) {
	s := func(id string, at time.Time, q, ui string, total int, filters, understood map[string][]string) analytics.Search {
		return analytics.Search{ID: id, Time: at, Query: q, UI: ui, Prefer: ui, Source: "page", Total: total, Page: 1, Filters: filters, Understood: understood}
	}
	searches := []analytics.Search{
		s("a1", day(0, 1), "squat", "da", 10, map[string][]string{"equipment": {"kettlebell"}}, nil),
		s("a2", day(0, 2), "squat", "da", 12, nil, nil),
		s("a3", day(1, 3), "squat", "en", 8, nil, map[string][]string{"muscle": {"glutes"}}),
		s("b1", day(1, 4), "nordic", "en", 3, map[string][]string{"muscle": {"hamstrings"}}, map[string][]string{"muscle": {"hamstrings"}}),
		s("c1", day(2, 5), "zzzq", "da", 0, nil, nil),
		s("c2", day(3, 6), "zzzq", "da", 0, nil, nil),
		s("d1", day(2, 7), "plank", "de", 5, nil, nil),
		s("e1", day(4, 8), "", "da", 40, map[string][]string{"equipment": {"kettlebell", "band"}}, nil),
		s("old", day(20, 1), "squat", "da", 10, nil, nil), // outside 7 days
	}
	clicks := []analytics.Click{
		{SearchID: "a1", Time: day(0, 1).Add(time.Minute), Rank: 1, DocID: "x/1"},
		{SearchID: "a1", Time: day(0, 1).Add(2 * time.Minute), Rank: 3, DocID: "x/3"},
		{SearchID: "b1", Time: day(1, 4).Add(time.Minute), Rank: 2, DocID: "y/2"},
		{SearchID: "old", Time: day(20, 1).Add(time.Minute), Rank: 9, DocID: "z/9"},
	}
	return searches, clicks
}

func TestReport(t *testing.T) {
	cases := []struct {
		name  string
		p     analytics.Period
		check func(t *testing.T, r *analytics.Report)
	}{
		{"week", analytics.Period{Days: 7, Until: until}, func(t *testing.T, r *analytics.Report) {
			if r.Searches != 8 || r.Clicks != 3 {
				t.Errorf("searches %d clicks %d, want 8 and 3", r.Searches, r.Clicks)
			}
			if r.CTR != 2.0/8 || r.MeanClickedRank != 2 {
				t.Errorf("CTR %v mean rank %v, want 0.25 and 2", r.CTR, r.MeanClickedRank)
			}
			want := []analytics.QueryCount{
				{Query: "squat", Searches: 3, Clicks: 2, CTR: 1.0 / 3, MeanHits: 10},
				{Query: "zzzq", Searches: 2, MeanHits: 0},
				{Query: "nordic", Searches: 1, Clicks: 1, CTR: 1, MeanHits: 3},
				{Query: "plank", Searches: 1, MeanHits: 5},
			}
			if !reflect.DeepEqual(r.TopQueries, want) {
				t.Errorf("top queries\n got %+v\nwant %+v", r.TopQueries, want)
			}
			if want := []analytics.QueryCount{{Query: "zzzq", Searches: 2}}; !reflect.DeepEqual(r.NoResults, want) {
				t.Errorf("no results %+v, want %+v", r.NoResults, want)
			}
			if want := []analytics.QueryCount{{Query: "plank", Searches: 1, MeanHits: 5}}; !reflect.DeepEqual(r.NoClicks, want) {
				t.Errorf("no clicks %+v, want %+v", r.NoClicks, want)
			}
			wantF := []analytics.FacetCount{
				{Facet: "equipment", Value: "kettlebell", Searches: 2},
				{Facet: "equipment", Value: "band", Searches: 1},
				{Facet: "muscle", Value: "glutes", Searches: 1},
				{Facet: "muscle", Value: "hamstrings", Searches: 1}, // asked for and understood: once
			}
			if !reflect.DeepEqual(r.Facets, wantF) {
				t.Errorf("facets\n got %+v\nwant %+v", r.Facets, wantF)
			}
			if len(r.PerDay) != 8 { // 7 days from noon to noon touch 8 dates
				t.Fatalf("per day: %d rows %+v", len(r.PerDay), r.PerDay)
			}
			last := r.PerDay[len(r.PerDay)-1]
			if last.Day != "2026-11-30" || last.Searches != 2 || last.Clicks != 2 {
				t.Errorf("last day %+v, want 2026-11-30 with 2 searches, 2 clicks", last)
			}
			if want := []string{"da", "de", "en"}; !reflect.DeepEqual(r.Languages, want) {
				t.Errorf("languages %v, want %v", r.Languages, want)
			}
		}},
		{"english only", analytics.Period{Days: 7, Until: until, Lang: "en"}, func(t *testing.T, r *analytics.Report) {
			if r.Searches != 2 || r.Clicks != 1 || r.CTR != 0.5 || r.MeanClickedRank != 2 {
				t.Errorf("en: %d searches %d clicks CTR %v rank %v, want 2, 1, 0.5, 2", r.Searches, r.Clicks, r.CTR, r.MeanClickedRank)
			}
			if len(r.Languages) != 3 {
				t.Errorf("languages are the window's whatever the filter: %v", r.Languages)
			}
		}},
		{"one row per table", analytics.Period{Days: 7, Until: until, Rows: 1}, func(t *testing.T, r *analytics.Report) {
			if len(r.TopQueries) != 1 || r.TopQueries[0].Query != "squat" || len(r.Facets) != 1 {
				t.Errorf("rows 1: %+v %+v", r.TopQueries, r.Facets)
			}
		}},
		{"month", analytics.Period{Days: 30, Until: until}, func(t *testing.T, r *analytics.Report) {
			if r.Searches != 9 || r.Clicks != 4 || r.TopQueries[0].Searches != 4 {
				t.Errorf("30 days: %d searches %d clicks, top %+v", r.Searches, r.Clicks, r.TopQueries[0])
			}
		}},
		{"empty window", analytics.Period{Days: 1, Until: until.AddDate(1, 0, 0)}, func(t *testing.T, r *analytics.Report) {
			if r.Searches != 0 || r.CTR != 0 || r.MeanClickedRank != 0 || len(r.TopQueries) != 0 || r.TopQueries == nil || len(r.PerDay) != 2 {
				t.Errorf("empty: %+v", r)
			}
		}},
	}
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, dsn(t), 0)
			searches, clicks := fixture()
			ctx := context.Background()
			// Two batches, the clicks before their searches, as a
			// recorder may write them.
			if err := st.Write(ctx, nil, clicks); err != nil {
				t.Fatal(err)
			}
			if err := st.Write(ctx, searches, nil); err != nil {
				t.Fatal(err)
			}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					r, err := st.Report(ctx, c.p)
					if err != nil {
						t.Fatal(err)
					}
					c.check(t, r)
				})
			}
			if _, err := st.Report(ctx, analytics.Period{}); err == nil {
				t.Error("a report over 0 days: no error")
			}
		})
	}
}

func TestMigrationsIdempotent(t *testing.T) {
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			d := dsn(t)
			st := open(t, d, 0)
			searches, _ := fixture()
			if err := st.Write(context.Background(), searches, nil); err != nil {
				t.Fatal(err)
			}
			st.Close()
			again := open(t, d, 0)
			r, err := again.Report(context.Background(), analytics.Period{Days: 30, Until: until})
			if err != nil || r.Searches != len(searches) {
				t.Fatalf("reopened: %v searches, %v", r, err)
			}
			v, err := analytics.StoreVersion(context.Background(), again)
			if err != nil || v != analytics.SchemaVersion {
				t.Errorf("schema version %d, %v; want %d", v, err, analytics.SchemaVersion)
			}
		})
	}
}

func TestRetention(t *testing.T) {
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			d := dsn(t)
			now := time.Now()
			st := open(t, d, 0)
			searches := []analytics.Search{
				{ID: "new", Time: now.Add(-time.Hour), Query: "new", Filters: map[string][]string{"muscle": {"glutes"}}},
				{ID: "old", Time: now.AddDate(0, 0, -91), Query: "old", Filters: map[string][]string{"muscle": {"calves"}}},
			}
			clicks := []analytics.Click{{SearchID: "old", Time: now.AddDate(0, 0, -91), Rank: 1, DocID: "a"}, {SearchID: "new", Time: now, Rank: 1, DocID: "b"}}
			if err := st.Write(context.Background(), searches, clicks); err != nil {
				t.Fatal(err)
			}
			st.Close()
			// Opening removes what is older than the retention.
			st = open(t, d, analytics.DefaultRetention)
			r, err := st.Report(context.Background(), analytics.Period{Days: 365})
			if err != nil {
				t.Fatal(err)
			}
			if r.Searches != 1 || r.Clicks != 1 || len(r.Facets) != 1 || r.Facets[0].Value != "glutes" {
				t.Errorf("after retention: %d searches, %d clicks, facets %+v; want only the new ones", r.Searches, r.Clicks, r.Facets)
			}
			n, err := st.Purge(context.Background(), now.Add(time.Minute))
			if err != nil || n != 2 {
				t.Errorf("purge of everything removed %d rows (%v), want 2 (search, click)", n, err)
			}
		})
	}
}

// A store of schema version 1 (facets as rows of search_facets) opens
// migrated: its old searches keep counting in facet usage beside the new
// ones, whose facets are a column (facets.go), and the purge removes both.
func TestUpgradeKeepsOldFacets(t *testing.T) {
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			d := dsn(t)
			ctx := context.Background()
			old, err := analytics.OpenAtVersion(ctx, d, 1)
			if err != nil {
				t.Fatal(err)
			}
			q := `INSERT INTO searches (id, at_ms, query_text, ui, prefer, source, hits, page_no) VALUES ('v1', 1000, 'squat', 'da', 'da', 'page', 3, 1)`
			q2 := `INSERT INTO search_facets (search_id, at_ms, facet, value, understood) VALUES ('v1', 1000, 'muscle', 'glutes', 0), ('v1', 1000, 'muscle', 'glutes', 1), ('v1', 1000, 'equipment', 'band', 0)`
			for _, q := range []string{q, q2} {
				if _, err := old.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
			old.Close()

			st := open(t, d, 0)
			odd := "a\tb\n\\c" // a value with an escape's characters
			weird := "x\ty\nz\\"
			searches := []analytics.Search{
				{ID: "v2a", Time: time.UnixMilli(2000), Query: "squat", UI: "da", Filters: map[string][]string{"muscle": {"glutes", "glutes"}, "lang": {"da"}}, Understood: map[string][]string{"muscle": {"glutes"}}},
				{ID: "v2b", Time: time.UnixMilli(3000), Query: "band", UI: "en", Filters: map[string][]string{"equipment": {"band", weird}}, Understood: map[string][]string{"tag": {odd}}},
			}
			if err := st.Write(ctx, searches, nil); err != nil {
				t.Fatal(err)
			}
			r, err := st.Report(ctx, analytics.Period{Days: 1, Until: time.UnixMilli(60_000)})
			if err != nil {
				t.Fatal(err)
			}
			want := []analytics.FacetCount{
				{Facet: "equipment", Value: "band", Searches: 2},
				{Facet: "muscle", Value: "glutes", Searches: 2},
				{Facet: "equipment", Value: weird, Searches: 1},
				{Facet: "lang", Value: "da", Searches: 1},
				{Facet: "tag", Value: odd, Searches: 1},
			}
			if !reflect.DeepEqual(r.Facets, want) {
				t.Errorf("facets after the upgrade\n got %+v\nwant %+v", r.Facets, want)
			}
			if r.Searches != 3 {
				t.Errorf("%d searches, want 3", r.Searches)
			}
			if r, err := st.Report(ctx, analytics.Period{Days: 1, Until: time.UnixMilli(60_000), Lang: "en"}); err != nil || len(r.Facets) != 3 {
				t.Errorf("English facets: %+v, %v; want band, the odd band and the odd tag", r, err)
			}
			n, err := st.Purge(ctx, time.UnixMilli(60_000))
			if err != nil || n != 6 {
				t.Errorf("purge removed %d rows (%v), want 6 (3 searches, 3 old facet rows)", n, err)
			}
		})
	}
}

func TestParseRetention(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "1d": 24 * time.Hour, "36h": 36 * time.Hour} {
		if got, err := analytics.ParseRetention("--analytics-retention", in); err != nil || got != want {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0d", "-3d", "90", "ninety days", "1m", "d"} {
		if _, err := analytics.ParseRetention("--analytics-retention", in); err == nil {
			t.Errorf("%q: no error", in)
		} else if !containsAll(err.Error(), "--analytics-retention", "90d") {
			t.Errorf("%q: error %q does not name the flag and show an example", in, err)
		}
	}
}

// Replicas starting together migrate one store at once: every open
// succeeds and the schema is migrated once.
func TestMigrationsConcurrent(t *testing.T) {
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			d := dsn(t)
			errs := make(chan error, 4)
			for range 4 {
				go func() {
					st, err := analytics.Open(context.Background(), d, analytics.DefaultRetention)
					if err == nil {
						st.Close()
					}
					errs <- err
				}()
			}
			for range 4 {
				if err := <-errs; err != nil {
					t.Error(err)
				}
			}
			v, err := analytics.StoreVersion(context.Background(), open(t, d, 0))
			if err != nil || v != analytics.SchemaVersion {
				t.Errorf("schema version %d, %v", v, err)
			}
		})
	}
}

// TestWriteKeepsText: every character a query, a filter value or a
// document id may hold comes back as it was written, in both stores (in
// PostgreSQL they go through COPY's text form, where tabs, newlines,
// carriage returns and backslashes are escaped and "\N" would be NULL).
func TestWriteKeepsText(t *testing.T) {
	texts := []string{
		"tab\there", "new\nline", "carriage\rreturn", `back\slash`, `\N`, `\.`, `\\N`,
		"trailing\\", `"quoted", 'single'`, "ﬁtness ｓｑｕａｔ knæbøjning Übung", "=HYPERLINK(1)",
	}
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, dsn(t), 0)
			ctx := context.Background()
			var searches []analytics.Search
			var clicks []analytics.Click
			for i, q := range texts {
				id := fmt.Sprintf("%032x", i+1)
				searches = append(searches, analytics.Search{ID: id, Time: until.Add(-time.Hour), Query: q, UI: "da", Prefer: "da", Source: "api", Total: i + 1, Page: 1,
					Filters: map[string][]string{"equipment": {q}}})
				clicks = append(clicks, analytics.Click{SearchID: id, Time: until.Add(-time.Minute), Rank: 1, DocID: "doc/" + q})
			}
			if err := st.Write(ctx, searches, clicks); err != nil {
				t.Fatal(err)
			}
			r, err := st.Report(ctx, analytics.Period{Days: 1, Until: until, Rows: 100})
			if err != nil {
				t.Fatal(err)
			}
			if r.Searches != len(texts) || r.Clicks != len(texts) {
				t.Errorf("%d searches and %d clicks, want %d of each", r.Searches, r.Clicks, len(texts))
			}
			got := map[string]analytics.QueryCount{}
			for _, q := range r.TopQueries {
				got[q.Query] = q
			}
			values := map[string]bool{}
			for _, f := range r.Facets {
				values[f.Value] = true
			}
			for i, q := range texts {
				if c, ok := got[q]; !ok || c.Clicks != 1 || c.MeanHits != float64(i+1) {
					t.Errorf("query %q: %+v (found %v), want 1 click and %d hits", q, c, ok, i+1)
				}
				if !values[q] {
					t.Errorf("filter value %q not reported back", q)
				}
			}
		})
	}
}
