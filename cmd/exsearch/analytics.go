package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/corpus"
)

// openReporter opens the analytics store dsn names (a postgres:// URL or a
// SQLite file) for reading reports, and returns it with what closes it.
// Tests replace it.
var openReporter = func(ctx context.Context, dsn string) (analytics.Reporter, io.Closer, error) {
	st, err := analytics.Open(ctx, dsn, 0)
	if err != nil {
		return nil, nil, err
	}
	return st, st, nil
}

// defaultAnalyticsDSN is the SQLite file serve records into when no
// --analytics-dsn is given: in the index directory it serves, or, for the
// embedded corpus (rebuilt in place), in the cache directory beside it.
// serve and the analytics command both find it here.
func defaultAnalyticsDSN(index, cacheDir string) (string, error) {
	if index != "" {
		return filepath.Join(index, analytics.SQLiteFile), nil
	}
	dir, err := defaultIndexDir(cacheDir)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), analytics.SQLiteFile), nil
}

func analyticsCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch analytics", flag.ContinueOnError)
	dsn := fs.String("analytics-dsn", "", "analytics store: postgres://… or a SQLite file (default: the one serve records into, found by --index or --cache-dir)")
	index := fs.String("index", "", "index directory serve serves, to find the default SQLite store")
	cacheDir := fs.String("cache-dir", "", "cache directory of the embedded corpus, to find the default SQLite store")
	days := fs.String("days", "7,30", "comma-separated periods, in days up to now (1–366)")
	lang := fs.String("lang", "all", "interface language: all, da, no, de or en")
	asJSON := fs.Bool("json", false, "print the reports as JSON (an array, one report per period)")
	csvTable := fs.String("csv", "", "print one table as CSV, for one period: "+strings.Join(analytics.TableNames, ", "))
	return &ffcli.Command{
		Name:       "analytics",
		ShortUsage: "exsearch analytics [flags]",
		ShortHelp:  "show what visitors search for, fail to find and click",
		LongHelp: `Print the site owner's search analytics, as /admin shows them: for each
period (--days, by default the last 7 and 30 days) and an interface language
(--lang), the number of searches and clicks, the click-through rate and mean
clicked rank, then the tables: top queries, queries with no results, queries
with results but no clicks, facet usage and searches per day.

--json prints the reports as JSON, --csv TABLE one table as CSV (cells that a
spreadsheet would take for a formula start with ').

The store is the one serve records into: --analytics-dsn, or by default the
SQLite file found as serve finds it (--index, --cache-dir).`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("analytics takes no arguments (got %q)", strings.Join(args, " "))
			}
			periods, err := parseDays(*days)
			if err != nil {
				return err
			}
			l := *lang
			if l == "all" {
				l = ""
			} else if !corpus.IsLanguage(l) {
				return fmt.Errorf(`--lang: want all, da, no, de or en, got %q`, *lang)
			}
			if *asJSON && *csvTable != "" {
				return errors.New("--json and --csv: give one of them")
			}
			if *csvTable != "" {
				if _, err := analytics.TableOf(&analytics.Report{}, *csvTable); err != nil {
					return fmt.Errorf("--csv: %w", err)
				}
				if len(periods) != 1 {
					return fmt.Errorf("--csv prints one period: give one --days value (got %q)", *days)
				}
			}
			source := *dsn
			if source == "" {
				if source, err = defaultAnalyticsDSN(*index, *cacheDir); err != nil {
					return err
				}
			}
			rep, closer, err := openReporter(ctx, source)
			if err != nil {
				return err
			}
			defer closer.Close()
			var reports []*analytics.Report
			for _, n := range periods {
				r, err := rep.Report(ctx, analytics.Period{Days: n, Until: time.Now(), Lang: l})
				if err != nil {
					return fmt.Errorf("analytics report for %d days: %w", n, err)
				}
				reports = append(reports, r)
			}
			switch {
			case *asJSON:
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(reports)
			case *csvTable != "":
				t, _ := analytics.TableOf(reports[0], *csvTable)
				return analytics.WriteCSV(stdout, t)
			}
			for i, r := range reports {
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				printReport(stdout, r)
			}
			return nil
		},
	}
}

// parseDays reads --days: comma-separated whole numbers of days, 1 to 366.
func parseDays(v string) ([]int, error) {
	var out []int
	for _, s := range splitList(v) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 366 {
			return nil, fmt.Errorf("--days: want whole numbers of days from 1 to 366, like 7,30; got %q", s)
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--days: want at least one period, like 7,30; got %q", v)
	}
	return out, nil
}

// printReport writes r for a terminal: its figures, then each table with
// its columns aligned, numbers to the right.
func printReport(w io.Writer, r *analytics.Report) {
	lang := "all interface languages"
	if r.Lang != "" {
		lang = "interface language " + r.Lang
	}
	fmt.Fprintf(w, "Search analytics, last %d days (%s to %s UTC), %s\n", r.Days,
		r.Since.UTC().Format("2006-01-02 15:04"), r.Until.UTC().Format("2006-01-02 15:04"), lang)
	rank := "–"
	if r.Clicks > 0 {
		rank = strconv.FormatFloat(r.MeanClickedRank, 'f', 1, 64)
	}
	fmt.Fprintf(w, "  searches %d   clicks %d   click-through rate %s   mean clicked rank %s\n",
		r.Searches, r.Clicks, analytics.Percent(r.CTR), rank)
	for _, t := range analytics.Tables(r) {
		fmt.Fprintf(w, "\n%s\n", t.Title)
		if len(t.Rows) == 0 {
			fmt.Fprintln(w, "  (nothing in this period)")
			continue
		}
		printTable(w, t)
	}
}

// printTable writes t's header and rows in aligned columns. Cells are
// visitor input: control characters (a terminal's escape sequences) and
// bidirectional overrides are shown as U+FFFD, not obeyed.
func printTable(w io.Writer, t analytics.Table) {
	rows := append([][]string{nil}, t.Rows...)
	for _, c := range t.Columns {
		rows[0] = append(rows[0], c.Name)
	}
	width := make([]int, len(t.Columns))
	for i, row := range rows {
		for j := range row {
			row[j] = printable(row[j])
			width[j] = max(width[j], utf8.RuneCountInString(row[j]))
		}
		rows[i] = row
	}
	for _, row := range rows {
		var b strings.Builder
		b.WriteString(" ")
		for j, cell := range row {
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(cell))
			b.WriteString(" ")
			if t.Columns[j].Numeric {
				b.WriteString(pad + cell)
			} else if j < len(row)-1 {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(cell)
			}
			b.WriteString(" ")
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return utf8.RuneError
		}
		return r
	}, s)
}
