package analytics

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestNotFormula(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"squat":             "squat",
		"=1+1":              "'=1+1",
		"+45 kg":            "'+45 kg",
		"-2":                "'-2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\t=1":              "'\t=1",
		"\r=1":              "'\r=1",
		"a=1":               "a=1",
		"<script>":          "<script>",
		"'already a quote'": "'already a quote'",
	} {
		if got := NotFormula(in); got != want {
			t.Errorf("NotFormula(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDays(t *testing.T) {
	until := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	r := &Report{Days: 3, Until: until, PerDay: []DayCount{
		{Day: "2026-12-03", Searches: 4, Clicks: 1},
		{Day: "2026-11-20", Searches: 1}, // outside the window: kept
		{Day: "2026-12-01", Searches: 2},
		{Day: "2026-12-01", Searches: 1, Clicks: 1}, // twice: added up
	}}
	var got []string
	for _, d := range Days(r) {
		got = append(got, d.Day+":"+strconv.Itoa(d.Searches)+"/"+strconv.Itoa(d.Clicks))
	}
	want := "2026-11-20:1/0 2026-12-01:3/1 2026-12-02:0/0 2026-12-03:4/1"
	if strings.Join(got, " ") != want {
		t.Errorf("Days = %v, want %s", got, want)
	}
	// A Until in another zone counts by its UTC day.
	r = &Report{Days: 1, Until: time.Date(2026, 12, 4, 0, 30, 0, 0, time.FixedZone("CET", 3600))}
	if d := Days(r); len(d) != 1 || d[0].Day != "2026-12-03" {
		t.Errorf("Days in CET = %v, want 2026-12-03", d)
	}
}

func TestWriteCSV(t *testing.T) {
	r := &Report{TopQueries: []QueryCount{{Query: `=HYPERLINK("x")`, Searches: 2, Clicks: 1, CTR: 0.5, MeanHits: 3.25}, {Query: "a,\"b\"\nc", Searches: 1}}}
	tab, err := TableOf(r, "top-queries")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Query", "Searches", "Clicks", "CTR", "Mean hits"}, {`'=HYPERLINK("x")`, "2", "1", "50.0%", "3.2"}, {"a,\"b\"\nc", "1", "0", "0.0%", "0.0"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	if _, err := TableOf(r, "nope"); err == nil || !strings.Contains(err.Error(), "top-queries") {
		t.Errorf("unknown table: %v, want an error listing the tables", err)
	}
}
