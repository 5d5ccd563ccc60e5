package quality_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/quality"
	"github.com/exsearch/exsearch/search"
)

// Floors, set from measurement a little below what the product reaches, so
// that a ranking change that loses quality fails CI. The targets are
// nDCG@10 ≥ 0.80 overall and no group below 0.65.
const (
	floorOverall = 0.80
	floorGroup   = 0.65
)

// TestQuality builds the plain-bleve baseline and exsearch indexes of the
// shared corpora, runs the judged queries on both and compares.
func TestQuality(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedtest.Qrels(t), "sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	judged, err := quality.ParseQrels(f, "sample.tsv")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	sources := sharedtest.Sources(t)
	var reports []*quality.Report
	for _, plain := range []bool{true, false} {
		dir := filepath.Join(t.TempDir(), "ix")
		if _, err := indexer.Reindex(context.Background(), dir, sources, indexer.ReindexOptions{Plain: plain}); err != nil {
			t.Fatal(err)
		}
		live, err := search.OpenLive(dir, search.LiveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := quality.Evaluate(context.Background(), live, judged)
		live.Close()
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, r)
	}
	var b strings.Builder
	names := []string{"plain-bleve", "exsearch"}
	quality.Compare(&b, names, reports)
	b.WriteString("\n")
	quality.PrintQueries(&b, names, reports)
	t.Log("\n" + b.String())

	ours := reports[1]
	if ours.Overall.NDCG < floorOverall {
		t.Errorf("overall nDCG@10 %.3f is below the floor %.2f", ours.Overall.NDCG, floorOverall)
	}
	for g, s := range ours.Groups {
		if s.NDCG < floorGroup {
			t.Errorf("group %s: nDCG@10 %.3f is below the floor %.2f", g, s.NDCG, floorGroup)
		}
	}
}

// TestQualityDetail prints the top ten of every query with grades when
// EXSEARCH_QUALITY_DETAIL is set (a tool for working on ranking).
func TestQualityDetail(t *testing.T) {
	if os.Getenv("EXSEARCH_QUALITY_DETAIL") == "" {
		t.Skip("set EXSEARCH_QUALITY_DETAIL=1 to print every ranking")
	}
	f, _ := os.Open(filepath.Join(sharedtest.Qrels(t), "sample.tsv"))
	judged, _ := quality.ParseQrels(f, "sample.tsv")
	f.Close()
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	for _, j := range judged {
		if q := os.Getenv("EXSEARCH_QUALITY_DETAIL"); q != "1" && q != j.Query {
			continue
		}
		res, _ := live.Search(context.Background(), search.Request{Query: j.Query, Size: 10, UILang: j.Lang, PreferLang: j.Lang})
		var b strings.Builder
		for i, h := range res.Hits {
			fmt.Fprintf(&b, "  %2d %d %.3f %s [%s] %s\n", i+1, j.Grades[h.ID], h.Score, h.ID, h.Lang, h.Title)
		}
		t.Logf("%s %s %q (%d hits)\n%s", j.Group, j.Lang, j.Query, res.Total, b.String())
	}
}

func TestMain(m *testing.M) { sharedtest.Main(m) }
