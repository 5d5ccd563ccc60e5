package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Reports are the same SQL on both stores. Everything is counted by the
// search's time: a search belongs to the window when it was made in it, and
// its clicks count with it, whenever they came. The window is [Until −
// Days·24h, Until); Lang restricts it to searches with that interface
// language. Empty queries (browsing by filters alone) count as searches but
// are left out of the query tables. Ties in the tables are broken by the
// query's bytes, so both stores list the same rows in the same order.

// DefaultRows is how many rows each table of a report has.
const DefaultRows = 20

// window selects the searches of a period with their number of clicks.
// Its parameters are since, until, lang, lang (windowArgs).
const window = `WITH w AS (
	SELECT s.id, s.query_text, s.hits, s.at_ms,
		(SELECT COUNT(*) FROM clicks c WHERE c.search_id = s.id) AS nclicks
	FROM searches s
	WHERE s.at_ms >= ? AND s.at_ms < ? AND (? = '' OR s.ui = ?)
) `

func windowArgs(since, until time.Time, lang string) []any {
	return []any{since.UnixMilli(), until.UnixMilli(), lang, lang}
}

// queryTable is a query table over w; where and having select its rows.
func queryTable(where, having, collate string) string {
	return window + `SELECT query_text, COUNT(*),
		CAST(SUM(nclicks) AS BIGINT),
		CAST(SUM(CASE WHEN nclicks > 0 THEN 1 ELSE 0 END) AS BIGINT),
		AVG(CAST(hits AS DOUBLE PRECISION))
	FROM w WHERE query_text <> '' ` + where + `
	GROUP BY query_text ` + having + `
	ORDER BY COUNT(*) DESC, query_text` + collate + ` LIMIT ?`
}

func (s *sqlStore) Report(ctx context.Context, p Period) (*Report, error) {
	if p.Days < 1 {
		return nil, fmt.Errorf("analytics: report over %d days: want at least 1", p.Days)
	}
	until := p.Until
	if until.IsZero() {
		until = time.Now()
	}
	until = until.UTC()
	since := until.Add(-time.Duration(p.Days) * 24 * time.Hour)
	rows := p.Rows
	if rows <= 0 {
		rows = DefaultRows
	}
	r := &Report{Days: p.Days, Since: since, Until: until, Lang: p.Lang}
	args := windowArgs(since, until, p.Lang)

	var clicked int
	if err := s.db.QueryRowContext(ctx, s.rebind(window+`SELECT COUNT(*),
		CAST(COALESCE(SUM(nclicks), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN nclicks > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM w`), args...).
		Scan(&r.Searches, &r.Clicks, &clicked); err != nil {
		return nil, fmt.Errorf("analytics: report totals: %w", err)
	}
	r.CTR = ratio(clicked, r.Searches)
	var mean sql.NullFloat64
	if err := s.db.QueryRowContext(ctx, s.rebind(window+`SELECT AVG(CAST(c.hit_rank AS DOUBLE PRECISION))
		FROM clicks c JOIN w ON w.id = c.search_id`), args...).Scan(&mean); err != nil {
		return nil, fmt.Errorf("analytics: report mean clicked rank: %w", err)
	}
	r.MeanClickedRank = mean.Float64

	var err error
	if r.TopQueries, err = s.queries(ctx, queryTable("", "", s.d.collate), args, rows); err != nil {
		return nil, fmt.Errorf("analytics: top queries: %w", err)
	}
	if r.NoResults, err = s.queries(ctx, queryTable("AND hits = 0", "", s.d.collate), args, rows); err != nil {
		return nil, fmt.Errorf("analytics: queries without results: %w", err)
	}
	if r.NoClicks, err = s.queries(ctx, queryTable("AND hits > 0", "HAVING SUM(nclicks) = 0", s.d.collate), args, rows); err != nil {
		return nil, fmt.Errorf("analytics: queries without clicks: %w", err)
	}
	if r.Facets, err = s.facets(ctx, args, rows); err != nil {
		return nil, fmt.Errorf("analytics: facet usage: %w", err)
	}
	if r.PerDay, err = s.perDay(ctx, args, since, until); err != nil {
		return nil, fmt.Errorf("analytics: searches per day: %w", err)
	}
	if r.Languages, err = s.languages(ctx, since, until); err != nil {
		return nil, fmt.Errorf("analytics: languages: %w", err)
	}
	return r, nil
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s *sqlStore) queries(ctx context.Context, q string, args []any, limit int) ([]QueryCount, error) {
	rs, err := s.db.QueryContext(ctx, s.rebind(q), append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := []QueryCount{}
	for rs.Next() {
		var qc QueryCount
		var clicked int
		if err := rs.Scan(&qc.Query, &qc.Searches, &qc.Clicks, &clicked, &qc.MeanHits); err != nil {
			return nil, err
		}
		qc.CTR = ratio(clicked, qc.Searches)
		out = append(out, qc)
	}
	return out, rs.Err()
}

const dayMS = 24 * 60 * 60 * 1000

// perDay counts searches and their clicks by the search's UTC day, with a
// row for every day of the window, zero or not.
func (s *sqlStore) perDay(ctx context.Context, args []any, since, until time.Time) ([]DayCount, error) {
	rs, err := s.db.QueryContext(ctx, s.rebind(window+`SELECT at_ms / `+fmt.Sprint(dayMS)+` AS day, COUNT(*), CAST(SUM(nclicks) AS BIGINT)
		FROM w GROUP BY at_ms / `+fmt.Sprint(dayMS)), args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	counts := map[int64]DayCount{}
	for rs.Next() {
		var day int64
		var dc DayCount
		if err := rs.Scan(&day, &dc.Searches, &dc.Clicks); err != nil {
			return nil, err
		}
		counts[day] = dc
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	out := []DayCount{}
	for day := since.UnixMilli() / dayMS; day <= (until.UnixMilli()-1)/dayMS; day++ {
		dc := counts[day]
		dc.Day = time.UnixMilli(day * dayMS).UTC().Format(time.DateOnly)
		out = append(out, dc)
	}
	return out, nil
}

// languages lists the interface languages of the window's searches,
// whatever the period's Lang.
func (s *sqlStore) languages(ctx context.Context, since, until time.Time) ([]string, error) {
	rs, err := s.db.QueryContext(ctx, s.rebind(`SELECT ui FROM searches WHERE at_ms >= ? AND at_ms < ? AND ui <> '' GROUP BY ui ORDER BY ui`+s.d.collate),
		since.UnixMilli(), until.UnixMilli())
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	out := []string{}
	for rs.Next() {
		var l string
		if err := rs.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rs.Err()
}
