package search_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
)

func TestMain(m *testing.M) { sharedtest.Main(m) }

func sharedIndex(tb testing.TB) string { return sharedtest.Index(tb) }

func openShared(t *testing.T) *search.Live {
	t.Helper()
	l, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func run(t *testing.T, l *search.Live, req search.Request) *search.Result {
	t.Helper()
	res, err := l.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("%+v: %v", req, err)
	}
	return res
}

func rank(res *search.Result, id string) int {
	for i, h := range res.Hits {
		if h.ID == id {
			return i + 1
		}
	}
	return 0
}

const (
	seedNordic   = "seeds/000_81e3d64a3fd8258c"
	seedBackward = "seeds/003_be84671168f680db"
)

func TestSearchSeeds(t *testing.T) {
	l := openShared(t)
	cases := []struct {
		q       string
		id      string
		maxRank int
	}{
		{"nordic hamstring", seedNordic, 1},
		{"baglår", seedNordic, 10},
		{"Nordic Hamstring", seedNordic, 1},
		{"baklengs", seedBackward, 1},
		{"jogge baklengs", seedBackward, 1},
		{"hamstrings injuries", "seeds/001_ac31f50bb39ac580", 10},
		{"ballerne", "seeds/004_c9a4d7fabb4b82ba", 10},
	}
	for _, c := range cases {
		res := run(t, l, search.Request{Query: c.q, Size: 10})
		if r := rank(res, c.id); r == 0 || r > c.maxRank {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			t.Errorf("%q: %s at rank %d, want ≤ %d; hits %v", c.q, c.id, r, c.maxRank, got)
		}
	}
}

// Each language's query is analysed by its own analyzer: stemmed forms find
// their documents in every language.
func TestSearchLanguages(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang string }{
		{"bænkpres", "da"}, {"Kniebeugen", "de"}, {"squatting", "en"}, {"baklengs", "no"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 5})
		if len(res.Hits) == 0 || res.Hits[0].Lang != c.lang {
			t.Errorf("%q: top hit %+v, want a %s document", c.q, res.Hits, c.lang)
		}
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	l := openShared(t)
	all := run(t, l, search.Request{Query: "", Size: 0})
	if all.Total < 2000 {
		t.Fatalf("browse all: %d documents", all.Total)
	}
	sum := func(values []search.FacetValue) (n int) {
		for _, v := range values {
			n += v.Count
		}
		return n
	}
	// Every document has exactly one language and one kind.
	if sum(all.Facets["lang"]) != int(all.Total) || sum(all.Facets["kind"]) != int(all.Total) {
		t.Errorf("lang %d, kind %d, total %d", sum(all.Facets["lang"]), sum(all.Facets["kind"]), all.Total)
	}
	var hamstrings int
	for _, v := range all.Facets["muscle"] {
		if v.Value == "hamstrings" {
			hamstrings = v.Count
		}
	}
	if hamstrings == 0 {
		t.Fatal("no hamstrings facet value")
	}
	filtered := run(t, l, search.Request{Filters: map[string][]string{"muscle": {"hamstrings"}}, Size: 100})
	if int(filtered.Total) != hamstrings {
		t.Errorf("muscle=hamstrings gives %d hits, its facet count said %d", filtered.Total, hamstrings)
	}
	if filtered.Total >= all.Total {
		t.Error("filter did not narrow")
	}
	for _, h := range filtered.Hits {
		found := false
		for _, m := range h.Muscle {
			found = found || m.Value == "hamstrings"
		}
		if !found {
			t.Errorf("%s has muscles %v", h.ID, h.Muscle)
		}
	}
	if sum(filtered.Facets["lang"]) != int(filtered.Total) {
		t.Errorf("language counts %d do not add up to %d", sum(filtered.Facets["lang"]), filtered.Total)
	}
	for _, v := range filtered.Facets["muscle"] {
		if v.Value == "hamstrings" && (!v.Selected || v.Count != int(filtered.Total)) {
			t.Errorf("selected facet value %+v", v)
		}
	}

	// OR within a facet, AND across facets.
	de := run(t, l, search.Request{Filters: map[string][]string{"lang": {"de"}}, Size: 0}).Total
	en := run(t, l, search.Request{Filters: map[string][]string{"lang": {"en"}}, Size: 0}).Total
	deOrEn := run(t, l, search.Request{Filters: map[string][]string{"lang": {"de", "en"}}, Size: 0}).Total
	if deOrEn != de+en {
		t.Errorf("lang=de|en %d, want %d+%d", deOrEn, de, en)
	}
	both := run(t, l, search.Request{Filters: map[string][]string{"lang": {"de"}, "muscle": {"hamstrings"}}, Size: 0}).Total
	if both == 0 || both >= de || both >= uint64(hamstrings) {
		t.Errorf("lang=de AND muscle=hamstrings: %d (de %d, hamstrings %d)", both, de, hamstrings)
	}
	// A selected value nothing has is still listed, so it can be unselected.
	none := run(t, l, search.Request{Filters: map[string][]string{"equipment": {"no-such-thing"}}, Size: 10})
	found := false
	for _, v := range none.Facets["equipment"] {
		found = found || (v.Value == "no-such-thing" && v.Selected && v.Count == 0)
	}
	if none.Total != 0 || !found {
		t.Errorf("unknown value: %d hits, facet %+v", none.Total, none.Facets["equipment"])
	}
}

func TestSearchLabels(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "nordic hamstring", UILang: "da", Size: 1})
	h := res.Hits[0]
	if h.Muscle[0].Label != "Baglår" {
		t.Errorf("da label %+v", h.Muscle)
	}
	for _, v := range res.Facets["lang"] {
		if v.Value == "da" && v.Label != "Dansk" {
			t.Errorf("lang label %+v", v)
		}
	}
	res = run(t, l, search.Request{Query: "nordic hamstring", UILang: "de", Size: 1})
	if res.Hits[0].Muscle[0].Label != "Beinbeuger" {
		t.Errorf("de label %+v", res.Hits[0].Muscle)
	}
}

func TestSearchHighlights(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "nordic hamstring", Size: 3})
	h := res.Hits[0]
	if len(h.Highlights.Title) != 1 || h.Highlights.Title[0] != "Baglår, <mark>Nordic</mark> <mark>hamstring</mark>" {
		t.Errorf("title highlight %q", h.Highlights.Title)
	}
	for _, h := range res.Hits {
		for _, f := range h.Highlights.Body {
			rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(f)
			if strings.ContainsAny(rest, "<>") {
				t.Errorf("%s: body highlight holds markup other than <mark>: %q", h.ID, f)
			}
			if rest == h.Title {
				t.Errorf("%s: body highlight repeats the title", h.ID)
			}
		}
	}
}

func TestSearchPaging(t *testing.T) {
	l := openShared(t)
	p1 := run(t, l, search.Request{Query: "squat", Size: 5, Page: 1})
	p2 := run(t, l, search.Request{Query: "squat", Size: 5, Page: 2})
	if p1.Total != p2.Total || len(p1.Hits) != 5 || len(p2.Hits) != 5 {
		t.Fatalf("totals %d/%d hits %d/%d", p1.Total, p2.Total, len(p1.Hits), len(p2.Hits))
	}
	seen := map[string]bool{}
	for _, h := range append(p1.Hits, p2.Hits...) {
		if seen[h.ID] {
			t.Errorf("%s on both pages", h.ID)
		}
		seen[h.ID] = true
	}
	last := run(t, l, search.Request{Query: "squat", Size: 5, Page: int(p1.Total/5) + 2})
	if len(last.Hits) != 0 {
		t.Errorf("page past the end has %d hits", len(last.Hits))
	}
}

func TestSearchBadRequests(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		req   search.Request
		param string
	}{
		{search.Request{Size: -1}, "size"},
		{search.Request{Size: 101}, "size"},
		{search.Request{Size: 10, Page: -1}, "page"},
		{search.Request{Size: 100, Page: 1000}, "page"},
		{search.Request{Query: strings.Repeat("x", 2000), Size: 1}, "q"},
		{search.Request{Filters: map[string][]string{"colour": {"red"}}, Size: 1}, "colour"},
		{search.Request{UILang: "fr", Size: 1}, "ui"},
	} {
		_, err := l.Search(context.Background(), c.req)
		var re *search.RequestError
		if !errors.As(err, &re) || re.Param != c.param {
			t.Errorf("%+v: error %v, want a RequestError naming %q", c.req, err, c.param)
		}
	}
	// Text that analyses to nothing is not an error: it matches nothing.
	res := run(t, l, search.Request{Query: "!!! ???", Size: 10})
	if res.Total != 0 {
		t.Errorf("punctuation matched %d", res.Total)
	}
}

func TestDocument(t *testing.T) {
	l := openShared(t)
	d, err := l.Document(context.Background(), seedNordic)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Baglår, Nordic hamstring" || d.Lang != "da" || len(d.Equipment) != 2 {
		t.Errorf("document %+v", d)
	}
	if _, err := l.Document(context.Background(), "seeds/nope"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}
