package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
)

// The analytics command's views of a report. The report comes from a
// Reporter the test sets in place of the store (openReporter): the stores
// are tested in package analytics against real databases.

type fixedReporter struct {
	r       analytics.Report
	periods []analytics.Period
	closed  bool
}

func (f *fixedReporter) Report(_ context.Context, p analytics.Period) (*analytics.Report, error) {
	f.periods = append(f.periods, p)
	r := f.r
	r.Days, r.Lang, r.Until, r.Since = p.Days, p.Lang, p.Until, p.Until.AddDate(0, 0, -p.Days)
	return &r, nil
}

func (f *fixedReporter) Close() error { f.closed = true; return nil }

// useReporter makes the analytics command read f, and records the DSN it
// was opened with.
func useReporter(t *testing.T, f *fixedReporter) *string {
	var dsn string
	old := openReporter
	openReporter = func(_ context.Context, d string) (analytics.Reporter, io.Closer, error) {
		dsn = d
		return f, f, nil
	}
	t.Cleanup(func() { openReporter = old })
	return &dsn
}

func cliReport() analytics.Report {
	return analytics.Report{
		Searches: 10, Clicks: 4, CTR: 0.4, MeanClickedRank: 1.5,
		TopQueries: []analytics.QueryCount{{Query: "squat", Searches: 6, Clicks: 4, CTR: 4.0 / 6, MeanHits: 30},
			{Query: "=cmd|' /C calc'!A0", Searches: 2}, {Query: "red\x1b[31mtext\u202e", Searches: 2}},
		NoResults: []analytics.QueryCount{{Query: "kettelbell", Searches: 2}},
		Facets:    []analytics.FacetCount{{Facet: "equipment", Value: "kettlebell", Searches: 3}},
		PerDay:    []analytics.DayCount{{Day: time.Now().UTC().Format(time.DateOnly), Searches: 10, Clicks: 4}},
	}
}

func TestAnalyticsCommand(t *testing.T) {
	f := &fixedReporter{r: cliReport()}
	dsn := useReporter(t, f)
	index := t.TempDir()
	out, err := runCmd(t, "analytics", "--index", index)
	if err != nil {
		t.Fatal(err)
	}
	if *dsn != filepath.Join(index, "analytics.sqlite") {
		t.Errorf("opened %q, want the SQLite file beside the index", *dsn)
	}
	if len(f.periods) != 2 || f.periods[0].Days != 7 || f.periods[1].Days != 30 || f.periods[0].Lang != "" || !f.closed {
		t.Errorf("periods %+v, closed %v: want 7 and 30 days of all languages, and the store closed", f.periods, f.closed)
	}
	for _, want := range []string{"last 7 days", "last 30 days", "click-through rate 40.0%", "mean clicked rank 1.5",
		"Top queries", "Queries with no results", "kettelbell", "Queries with results but no clicks\n  (nothing in this period)",
		"Facet usage", "Searches per day"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`\n  squat +6 +4 +66\.7% +30\.0\n`).MatchString(out) {
		t.Errorf("the squat row is not aligned as a table:\n%s", out)
	}
	if strings.ContainsAny(out, "\x1b\u202e") {
		t.Errorf("a recorded query's escape sequence reached the terminal:\n%q", out)
	}

	out, err = runCmd(t, "analytics", "--analytics-dsn", "postgres://db/exsearch", "--days", "30", "--lang", "de", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var reports []analytics.Report
	if err := json.Unmarshal([]byte(out), &reports); err != nil || len(reports) != 1 || reports[0].Days != 30 || reports[0].Lang != "de" || reports[0].TopQueries[0].Query != "squat" {
		t.Errorf("--json: %v %+v\n%s", err, reports, out)
	}
	if *dsn != "postgres://db/exsearch" {
		t.Errorf("opened %q, want --analytics-dsn", *dsn)
	}

	out, err = runCmd(t, "analytics", "--cache-dir", "/tmp/x", "--days", "7", "--csv", "top-queries")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "Query" || rows[2][0] != "'=cmd|' /C calc'!A0" {
		t.Errorf("--csv: %v %q", err, rows)
	}
	if *dsn != "/tmp/x/analytics.sqlite" {
		t.Errorf("opened %q, want the SQLite file in the cache directory", *dsn)
	}
}

func TestAnalyticsCommandErrors(t *testing.T) {
	useReporter(t, &fixedReporter{r: cliReport()})
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--days", "7,x"}, `--days: want whole numbers of days from 1 to 366, like 7,30; got "x"`},
		{[]string{"--days", "0"}, `--days`},
		{[]string{"--days", ","}, `--days: want at least one period`},
		{[]string{"--lang", "sv"}, `--lang: want all, da, no, de or en, got "sv"`},
		{[]string{"--csv", "queries"}, `--csv: no table "queries"`},
		{[]string{"--csv", "facets"}, `--csv prints one period`},
		{[]string{"--csv", "facets", "--json", "--days", "7"}, `--json and --csv`},
		{[]string{"extra"}, `analytics takes no arguments`},
	} {
		_, err := runCmd(t, append([]string{"analytics", "--cache-dir", t.TempDir()}, c.args...)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.args, err, c.want)
		}
	}
}
