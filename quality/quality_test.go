package quality_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
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

// Floors of the held-out half of our own judged set, testdata/test.tsv, a
// little below what exsearch reaches. When the set was split: overall
// 0.616, 18 queries with relevant documents found nothing. Now (after the
// sixteenth and seventeenth rounds): overall 0.852; article 0.843, exercise
// 0.848, muscle 0.878; da 0.892, de 0.870, en 0.822, no 0.821; every query
// finds something. The targets are 0.85 overall, 0.75 per group and
// language and no zero-hit query; each floor rises as ranking work lands.
const (
	floorTestOverall = 0.84
	floorTestGroup   = 0.83
	floorTestLang    = 0.81
	// maxTestZeroHits is how many test queries with relevant documents may
	// find nothing.
	maxTestZeroHits = 0
)

// testSet is the held-out half of the judged set; devSet the half ranking
// work may look at. They are split once, by testdata/split.py, from the judged queries.
// devAdded are judged queries added to the dev half after the split
// (testdata/README.md says when and how); never to test.
const (
	devSet  = "testdata/dev.tsv"
	testSet = "testdata/test.tsv"
)

var devAdded = []string{"testdata/dev-round10.tsv", "testdata/dev-round11.tsv", "testdata/dev-round12.tsv", "testdata/dev-round13.tsv", "testdata/dev-round14.tsv", "testdata/dev-round15.tsv", "testdata/dev-round16.tsv", "testdata/dev-round17.tsv"}

// TestQuality builds the plain-bleve baseline and exsearch indexes of the
// shared corpora, runs the judged queries on both and compares: the public
// sample, and the held-out half of our own judged set.
func TestQuality(t *testing.T) {
	sample, err := quality.ReadQrels(filepath.Join(sharedtest.Qrels(t), "sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	type judgedSet struct {
		name                   string
		judged                 []quality.Judged
		overall, group, byLang float64 // floors
		zeroHits               int
	}
	test, err := quality.ReadQrels(testSet)
	if err != nil {
		t.Fatal(err)
	}
	sets := []judgedSet{
		{name: "sample.tsv", judged: sample, overall: floorOverall, group: floorGroup},
		{testSet, test, floorTestOverall, floorTestGroup, floorTestLang, maxTestZeroHits},
	}

	sources := sharedtest.Sources(t)
	names := []string{"plain-bleve", "exsearch"}
	var lives []*search.Live
	for _, plain := range []bool{true, false} {
		dir := filepath.Join(t.TempDir(), "ix")
		if _, err := indexer.Reindex(context.Background(), dir, sources, indexer.ReindexOptions{Plain: plain}); err != nil {
			t.Fatal(err)
		}
		live, err := search.OpenLive(dir, search.LiveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer live.Close()
		lives = append(lives, live)
	}
	for _, set := range sets {
		var reports []*quality.Report
		for _, live := range lives {
			r, err := quality.Evaluate(context.Background(), live, set.judged)
			if err != nil {
				t.Fatal(err)
			}
			reports = append(reports, r)
		}
		var b strings.Builder
		quality.Compare(&b, names, reports)
		b.WriteString("\n")
		quality.PrintQueries(&b, names, reports)
		t.Logf("%s\n%s", set.name, b.String())

		ours := reports[1]
		if ours.Overall.NDCG < set.overall {
			t.Errorf("%s: overall nDCG@10 %.3f is below the floor %.2f", set.name, ours.Overall.NDCG, set.overall)
		}
		for g, s := range ours.Groups {
			if s.NDCG < set.group {
				t.Errorf("%s: group %s: nDCG@10 %.3f is below the floor %.2f", set.name, g, s.NDCG, set.group)
			}
		}
		for l, s := range ours.Langs {
			if s.NDCG < set.byLang {
				t.Errorf("%s: language %s: nDCG@10 %.3f is below the floor %.2f", set.name, l, s.NDCG, set.byLang)
			}
		}
		if zero := ours.ZeroHits(); len(zero) > set.zeroHits {
			for _, q := range zero {
				t.Errorf("%s:%d: %s %s %q has relevant documents but found nothing", set.name, q.Line, q.Group, q.Lang, q.Query)
			}
			t.Errorf("%s: %d queries with relevant documents found nothing; at most %d may", set.name, len(zero), set.zeroHits)
		}
	}
}

// TestJudgedSplit checks that the dev half (with the queries added to it
// later) and the test half share no query: a query tuned on dev must not be
// scored again as held out.
func TestJudgedSplit(t *testing.T) {
	test, err := quality.ReadQrels(testSet)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, f := range append([]string{devSet}, devAdded...) {
		dev, err := quality.ReadQrels(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range dev {
			where := fmt.Sprintf("%s:%d", f, j.Line)
			if other, ok := seen[j.Key()]; ok {
				t.Errorf("%s: %s %q is also %s", where, j.Lang, j.Query, other)
			}
			seen[j.Key()] = where
		}
	}
	for _, j := range test {
		if other, ok := seen[j.Key()]; ok {
			t.Errorf("%s:%d: %s %q is also %s", testSet, j.Line, j.Lang, j.Query, other)
		}
	}
}

// TestJudgedIDs checks that every judged id of every file in testdata names
// a document of the shared corpora, so that a misspelt id fails instead of
// silently counting as a relevant document nobody can find.
func TestJudgedIDs(t *testing.T) {
	files, err := filepath.Glob("testdata/*.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no judged sets in testdata")
	}
	docs, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{NoInference: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, d := range docs {
		ids[d.ID] = true
	}
	for _, f := range files {
		if f == altPairs {
			continue // pairs, not judged queries: TestAlternativesPairs checks its ids
		}
		judged, err := quality.ReadQrels(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range judged {
			for id := range j.Grades {
				if !ids[id] {
					t.Errorf("%s:%d: %q judges %s, which is no document of ../shared", f, j.Line, j.Query, id)
				}
			}
		}
	}
}

// TestQualityDetail prints the top ten of every query with grades when
// EXSEARCH_QUALITY_DETAIL is set (a tool for working on ranking).
func TestQualityDetail(t *testing.T) {
	if os.Getenv("EXSEARCH_QUALITY_DETAIL") == "" {
		t.Skip("set EXSEARCH_QUALITY_DETAIL=1 to print every ranking")
	}
	judged, err := quality.ReadQrels(filepath.Join(sharedtest.Qrels(t), "sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
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
