package analytics

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// The owner's views (/admin, "exsearch analytics") show a Report as the
// same tables, and export each as CSV. The tables are defined once here, so
// that the page, the terminal and the CSV files always agree on columns and
// numbers.
//
// Queries are visitor input. A CSV cell that starts with = + - @ (or a tab
// or carriage return) is a formula to a spreadsheet, and a recorded query
// such as =HYPERLINK(…) would run on the owner's machine when the export is
// opened; WriteCSV prefixes such cells with ' (OWASP's advice), which
// spreadsheets show as text.

// Column is one column of a Table.
type Column struct {
	Name string
	// Numeric columns are right-aligned on the page and in the terminal.
	Numeric bool
}

// Table is one of a Report's tables, its cells written out.
type Table struct {
	// Name identifies the table in URLs and flags ("top-queries").
	Name    string
	Title   string
	Columns []Column
	Rows    [][]string
}

// TableNames are the tables of a report, in the order the views show them.
var TableNames = []string{"top-queries", "no-results", "no-clicks", "facets", "per-day"}

// Tables returns every table of r, in the order of TableNames.
func Tables(r *Report) []Table {
	out := make([]Table, 0, len(TableNames))
	for _, name := range TableNames {
		t, _ := TableOf(r, name)
		out = append(out, t)
	}
	return out
}

// TableOf returns r's table called name; an unknown name is an error that
// lists the known ones.
func TableOf(r *Report, name string) (Table, error) {
	queryCols := []Column{{"Query", false}, {"Searches", true}, {"Clicks", true}, {"CTR", true}, {"Mean hits", true}}
	switch name {
	case "top-queries":
		return Table{name, "Top queries", queryCols, queryRows(r.TopQueries)}, nil
	case "no-results":
		return Table{name, "Queries with no results", queryCols, queryRows(r.NoResults)}, nil
	case "no-clicks":
		return Table{name, "Queries with results but no clicks", queryCols, queryRows(r.NoClicks)}, nil
	case "facets":
		t := Table{Name: name, Title: "Facet usage", Columns: []Column{{"Facet", false}, {"Value", false}, {"Searches", true}}}
		for _, f := range r.Facets {
			t.Rows = append(t.Rows, []string{f.Facet, f.Value, strconv.Itoa(f.Searches)})
		}
		return t, nil
	case "per-day":
		t := Table{Name: name, Title: "Searches per day", Columns: []Column{{"Day", false}, {"Searches", true}, {"Clicks", true}}}
		for _, d := range Days(r) {
			t.Rows = append(t.Rows, []string{d.Day, strconv.Itoa(d.Searches), strconv.Itoa(d.Clicks)})
		}
		return t, nil
	}
	return Table{}, fmt.Errorf("no table %q (want one of %v)", name, TableNames)
}

func queryRows(qs []QueryCount) [][]string {
	var rows [][]string
	for _, q := range qs {
		rows = append(rows, []string{q.Query, strconv.Itoa(q.Searches), strconv.Itoa(q.Clicks), Percent(q.CTR),
			strconv.FormatFloat(q.MeanHits, 'f', 1, 64)})
	}
	return rows
}

// Percent writes a share (0.125) as a percentage ("12.5%").
func Percent(share float64) string {
	return strconv.FormatFloat(100*share, 'f', 1, 64) + "%"
}

// Days are r's searches per day with every day of the window present, days
// without searches as zeros, oldest first: a chart of them has one bar per
// day, and a gap is a day, not a missing one. The window is the r.Days
// days that end on Until's day (UTC); a day the store reports outside it is
// kept, in order, rather than dropped.
func Days(r *Report) []DayCount {
	byDay := map[string]DayCount{}
	for _, d := range r.PerDay {
		have := byDay[d.Day]
		byDay[d.Day] = DayCount{Day: d.Day, Searches: have.Searches + d.Searches, Clicks: have.Clicks + d.Clicks}
	}
	if !r.Until.IsZero() {
		last := r.Until.UTC()
		for i := r.Days - 1; i >= 0; i-- {
			day := last.AddDate(0, 0, -i).Format(time.DateOnly)
			if _, ok := byDay[day]; !ok {
				byDay[day] = DayCount{Day: day}
			}
		}
	}
	out := make([]DayCount, 0, len(byDay))
	for _, d := range byDay {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b DayCount) int { return cmp.Compare(a.Day, b.Day) })
	return out
}

// WriteCSV writes t as CSV, a header row first, each cell safe to open in
// a spreadsheet (see the top of this file).
func WriteCSV(w io.Writer, t Table) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range t.Rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = NotFormula(cell)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// NotFormula makes a cell text to a spreadsheet: one that starts with a
// character that begins a formula gets a leading '.
func NotFormula(cell string) string {
	if cell == "" {
		return cell
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + cell
	}
	return cell
}
