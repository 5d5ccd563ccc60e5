package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/search"
)

// TestServeAnalyticsEndToEnd runs serve (in process, as run does) with an
// admin token and its default analytics store, SQLite beside the index;
// searches and a click go through its HTTP API and page, and /admin (its
// CSV exports, by bearer token) and `exsearch analytics --json` must then
// show the same numbers, which are the ones sent.
func TestServeAnalyticsEndToEnd(t *testing.T) {
	const token = "end-to-end-admin-token-0123456789"
	dir, _ := seedsIndex(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--index", dir, "--addr", addr, "--admin-token", token, "--log-level", "warn"}, io.Discard)
	}()
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve exited with %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not shut down")
		}
	}()
	base := "http://" + addr
	waitReady(t, base, done)

	var res struct {
		SearchID string `json:"search_id"`
		search.Result
	}
	getJSON(t, base+"/api/search?q=Squat&size=5", &res)
	if !analytics.ValidID(res.SearchID) || len(res.Hits) == 0 {
		t.Fatalf("squat: search id %q, %d hits", res.SearchID, len(res.Hits))
	}
	getJSON(t, base+"/api/search?q=squat&source=widget", &struct{}{})
	getJSON(t, base+"/api/search?q=zzqqxx+wwvv", &struct{}{})
	if resp, err := http.Get(base + "/?q=squat&ui=da"); err != nil || resp.StatusCode != 200 {
		t.Fatalf("page: %v %v", err, resp)
	} else {
		resp.Body.Close()
	}
	click := `{"search_id":"` + res.SearchID + `","rank":1,"id":"` + res.Hits[0].ID + `"}`
	resp, err := http.Post(base+"/api/click", "text/plain;charset=UTF-8", strings.NewReader(click))
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("click: %v %v", err, resp)
	}
	resp.Body.Close()

	// /admin's tables, once the recorder has written the 5 records: the
	// count per day first, then the top queries, which were written with
	// it or before (the other order could read the top queries just
	// before the batch and the counts just after).
	var top, perDay [][]string
	deadline := time.Now().Add(15 * time.Second)
	for {
		perDay = adminCSV(t, base, token, "per-day")
		top = adminCSV(t, base, token, "top-queries")
		if sumColumn(t, perDay, 1) == 4 && sumColumn(t, perDay, 2) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/admin never showed 4 searches and 1 click: per day %v, top %v", perDay, top)
		}
		time.Sleep(100 * time.Millisecond)
	}
	want := [][]string{{"squat", "3", "1", "33.3%"}, {"zzqqxx wwvv", "1", "0", "0.0%"}}
	var got [][]string
	for _, row := range top {
		got = append(got, row[:4])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("/admin top queries %v, want %v", got, want)
	}
	page := adminGet(t, base+"/admin?days=7", token)
	for _, s := range []string{"squat", "zzqqxx wwvv"} {
		if !strings.Contains(page, s) {
			t.Errorf("/admin's page lacks %q", s)
		}
	}

	// The terminal's view reads the same store (found as serve finds it,
	// by --index) and says the same.
	out, err := runCmd(t, "analytics", "--index", dir, "--json", "--days", "7")
	if err != nil {
		t.Fatal(err)
	}
	var reports []analytics.Report
	if err := json.Unmarshal([]byte(out), &reports); err != nil || len(reports) != 1 {
		t.Fatalf("analytics --json: %v\n%s", err, out)
	}
	r := reports[0]
	if r.Searches != 4 || r.Clicks != 1 || r.MeanClickedRank != 1 {
		t.Errorf("analytics --json: %d searches, %d clicks, mean rank %v; want 4, 1, 1", r.Searches, r.Clicks, r.MeanClickedRank)
	}
	var cli [][]string
	for _, q := range r.TopQueries {
		cli = append(cli, []string{q.Query, strconv.Itoa(q.Searches), strconv.Itoa(q.Clicks), analytics.Percent(q.CTR)})
	}
	if !reflect.DeepEqual(cli, got) {
		t.Errorf("analytics --json top queries %v, /admin %v", cli, got)
	}
}

// adminGet fetches an /admin URL with the admin token as a bearer token.
func adminGet(t *testing.T, u, token string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	return string(b)
}

// adminCSV is one of /admin's tables as CSV rows, without the header.
func adminCSV(t *testing.T, base, token, table string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(adminGet(t, base+"/admin/export/"+table+".csv?days=7", token))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s.csv: %v %v", table, rows, err)
	}
	return rows[1:]
}

func sumColumn(t *testing.T, rows [][]string, col int) int {
	t.Helper()
	n := 0
	for _, row := range rows {
		v, err := strconv.Atoi(row[col])
		if err != nil {
			t.Fatalf("column %d of %v: %v", col, row, err)
		}
		n += v
	}
	return n
}
