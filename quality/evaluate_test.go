package quality_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/quality"
	"github.com/exsearch/exsearch/search"
)

// TestEvaluateByLangAndZeroHits runs judged queries of two languages on the
// embedded default corpus: the report must sum them up per language as well
// as per group, and list a judged query that finds nothing.
func TestEvaluateByLangAndZeroHits(t *testing.T) {
	live, err := search.OpenLive(sharedtest.DefaultIndex(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	judged, err := quality.ParseQrels(strings.NewReader(
		"exercise\tde\tKlimmzug\tdefault/de/exercises/klimmzug=2\n"+
			"exercise\ten\tbench press\tdefault/en/exercises/barbell-bench-press=2\n"+
			"exercise\ten\tqqxzvvqk\tdefault/en/exercises/barbell-bench-press=2\n"+
			"article\ten\tzzqqxvvk\tdefault/en/exercises/barbell-back-squat=0\n"), "inline")
	if err != nil {
		t.Fatal(err)
	}
	r, err := quality.Evaluate(context.Background(), live, judged)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.LangNames(); strings.Join(got, ",") != "de,en" {
		t.Errorf("languages %v, want de,en", got)
	}
	if s := r.Langs["de"]; s.Queries != 1 || s.NDCG == 0 {
		t.Errorf("de: %+v, want 1 query that finds its exercise", s)
	}
	if s := r.Langs["en"]; s.Queries != 3 {
		t.Errorf("en: %d queries, want 3", s.Queries)
	}
	if s := r.Groups["exercise"]; s.Queries != 3 {
		t.Errorf("exercise: %d queries, want 3", s.Queries)
	}
	zero := r.ZeroHits()
	if len(zero) != 1 || zero[0].Query != "qqxzvvqk" {
		t.Errorf("zero-hit queries %v, want only qqxzvvqk (the other has nothing relevant)", zero)
	}
	var b strings.Builder
	quality.Compare(&b, []string{"exsearch"}, []*quality.Report{r})
	for _, want := range []string{"lang de", "lang en", "overall", "found nothing", "qqxzvvqk"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("Compare output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestReadQrelsSeveral reads two files as one set, and names the file of a
// bad line.
func TestReadQrelsSeveral(t *testing.T) {
	dir := t.TempDir()
	a, b, bad := dir+"/a.tsv", dir+"/b.tsv", dir+"/bad.tsv"
	writeFile(t, a, "exercise\tde\tKniebeugen\tx=2\n")
	writeFile(t, b, "muscle\ten\tquads\ty=1\n")
	writeFile(t, bad, "muscle\ten\tquads\ty=3\n")
	j, err := quality.ReadQrels(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(j) != 2 || j[0].Key() != "de\tkniebeugen" || j[1].Query != "quads" {
		t.Errorf("got %+v", j)
	}
	if _, err := quality.ReadQrels(a, bad); err == nil || !strings.Contains(err.Error(), "bad.tsv:1") {
		t.Errorf("bad grade: err %v, want one naming bad.tsv:1", err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestParseQrelsRefuses: a malformed judged file is refused with an error
// that names the file, the line and the column, before any query runs.
func TestParseQrelsRefuses(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"article\tda\n", "f.tsv:1: want group, lang, query"},
		{"# comment\narticle\txx\tfoo\tseeds/a=2\n", `f.tsv:2: lang (column 2) "xx"`},
		{"\tda\tfoo\tseeds/a=2\n", "f.tsv:1: group (column 1) is empty"},
		{"article\tda\t \tseeds/a=2\n", "f.tsv:1: query (column 3) is empty"},
		{"\xff\xfe\tda\tfoo\tseeds/a=1\n", "f.tsv:1: not valid UTF-8"},
		{"article\tda\tfoo\tseeds/a=3\n", `f.tsv:1: "seeds/a=3": grade must be 0, 1 or 2`},
		{"article\tda\tfoo\tseeds/a\n", `f.tsv:1: "seeds/a" is not id=grade`},
	} {
		_, err := quality.ParseQrels(strings.NewReader(c.text), "f.tsv")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want an error with %q", c.text, err, c.want)
		}
	}
}
