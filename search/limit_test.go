package search

import (
	"bufio"
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestBudgetSparesOrdinaryQueries: on the indexes the comparison tests
// use, the budgets cut none of the benchmark's query log, the comparison
// tests' queries, the quality judgements' queries or random requests made
// as the comparison fuzzer makes them, so the comparison tests check the
// product's path, budget and all (agreesWithBleve also fails a request the
// budget cut).
func TestBudgetSparesOrdinaryQueries(t *testing.T) {
	var queries []string
	for _, q := range loggedQueries() {
		queries = append(queries, q.Text)
	}
	queries = append(queries, "nordic hamstring", "kettelbell", "Kniebeuge", "bænkpres skrå",
		"romanian dedlift", "hamstrings", "squa", "håndvægtsbænkpres", "barbell squat", "the", "sqaut deadlfit kettelbell")
	queries = append(queries, judgedQueries(t)...)
	forEachIndex(t, func(t *testing.T, ix *Index) {
		v := vocabularyOf(t, ix)
		r := rand.New(rand.NewPCG(12, 1))
		texts := slices.Clone(queries)
		for range 300 {
			texts = append(texts, v.text(r, 1+r.IntN(5)))
		}
		for _, q := range texts {
			res, err := ix.Search(context.Background(), Request{Query: q, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Limited) > 0 {
				t.Errorf("%q: the budget cut %q", q, res.Limited)
			}
		}
	})
}

// judgedQueries are the queries of the quality package's judgements.
func judgedQueries(t *testing.T) []string {
	f, err := os.Open(filepath.Join(sharedtest.Qrels(t), "sample.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if cols := strings.Split(sc.Text(), "\t"); len(cols) > 2 {
			out = append(out, cols[2])
		}
	}
	if len(out) == 0 {
		t.Fatal("no judged queries")
	}
	return out
}

// TestBudgetHostile: issue 13's query is cut short, not failed: the words
// named are words of the query as typed, every word is still looked up
// within one edit (the request drops to one edit, and the budget is not
// used up), and the answer is the same each time.
func TestBudgetHostile(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	q, p := ix.query(Request{Query: hostileQuery})
	b := newBudget(ExpansionBudget, p.typed)
	_, release, err := ix.evaluate(context.Background(), q, b)
	if err != nil {
		t.Fatal(err)
	}
	release()
	if b.edits != 1 || b.left == 0 {
		t.Errorf("edits %d, %d steps left: want one edit for all and steps to spare", b.edits, b.left)
	}
	words := strings.Fields(hostileQuery)
	var first *Result
	for range 2 {
		res, err := ix.Search(context.Background(), Request{Query: hostileQuery, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Limited) < len(words)/2 {
			t.Errorf("limited %q, want most of the words", res.Limited)
		}
		for _, w := range res.Limited {
			if !slices.Contains(words, w) {
				t.Errorf("limited %q: not a word of the query", w)
			}
		}
		res.TookMS = 0
		if first != nil && !equalResults(first, res) {
			t.Errorf("a second search answered differently")
		}
		first = res
	}
}

func equalResults(a, b *Result) bool {
	return a.Total == b.Total && slices.EqualFunc(a.Hits, b.Hits, func(x, y Hit) bool { return x.ID == y.ID && x.Score == y.Score }) &&
		a.Corrected == b.Corrected && slices.Equal(a.Limited, b.Limited)
}

// TestBudgetLadder: as a budget shrinks, a misspelt word is looked up
// within fewer edits and then as written, and last the last word is not
// read as a prefix either; the search never fails, and the first cut keeps
// the top hits of a one-edit typo, whose likeliest meaning is one edit
// away.
func TestBudgetLadder(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	req := Request{Query: "kettelbell swing", Size: 5}
	full, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Limited) > 0 || len(full.Hits) == 0 {
		t.Fatalf("with the default budget: limited %q, %d hits", full.Limited, len(full.Hits))
	}
	cut := false
	for steps := ExpansionBudget; steps > 0; steps /= 2 {
		ix.budgets.expansion = steps
		res, err := ix.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Limited) == 0 {
			continue
		}
		if res.Limited[0] != "kettelbell" || len(res.Limited) > 2 || len(res.Limited) == 2 && res.Limited[1] != "swing" {
			t.Errorf("%d steps: limited %q", steps, res.Limited)
		}
		if !cut && !slices.Equal(topIDs(res)[:min(3, len(res.Hits))], topIDs(full)[:min(3, len(full.Hits))]) {
			t.Errorf("%d steps, the first cut: top hits %q, with the whole budget %q", steps, topIDs(res), topIDs(full))
		}
		cut = true
	}
	ix.budgets.expansion = 0
	none, err := ix.Search(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if !cut || !slices.Equal(none.Limited, []string{"kettelbell", "swing"}) || none.Total > full.Total {
		t.Errorf("no steps: limited %q, %d matches of %d", none.Limited, none.Total, full.Total)
	}
}

func topIDs(res *Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestBudgetSteps: what a budget is charged, and when it drops a word to one
// edit: a two-edit look-up gets an even share of what is left, a one-edit
// one what it needs.
func TestBudgetSteps(t *testing.T) {
	if got := automatonSteps("knæbøjning", 2); got != 10*automatonSteps2 {
		t.Errorf("two edits of 10 letters: %d steps", got)
	}
	if got := automatonSteps("squat", 1); got != 5*automatonSteps1 {
		t.Errorf("one edit of 5 letters: %d steps", got)
	}
	b := newBudget(1000, map[string]string{"kettlebel": "kettelbell"})
	if got := b.allowance(2, 4); got != 250 {
		t.Errorf("two edits, four words: %d", got)
	}
	if got := b.allowance(1, 4); got != 1000 {
		t.Errorf("one edit, four words: %d", got)
	}
	b.spend(1500)
	b.narrowed("kettlebel", 2)
	b.narrowed("kettlebel", 1)
	if b.left != 0 || b.edits != 1 || !slices.Equal(b.cut, []string{"kettelbell"}) {
		t.Errorf("after overspending and narrowing: %+v", b)
	}
	if got := limitedWords("sqaut kettelbell", b, &budget{cut: []string{"sqaut"}}, nil); !slices.Equal(got, []string{"sqaut", "kettelbell"}) {
		t.Errorf("limited words %q", got)
	}
}

// TestKeepCandidates: when a word's candidates' postings do not all fit,
// the nearest are kept, and at one distance those in most documents.
func TestKeepCandidates(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	e := &evaluation{segs: ix.segments}
	perTerm := termSteps * len(ix.segments.parts)
	entries := [][]dictEntry{
		{{term: "a", distance: 2, count: 5}, {term: "b", distance: 1, count: 50}, {term: "c", distance: 1, count: 10}},
		{{term: "d", distance: 0, count: 100}},
	}
	b := newBudget(1000, nil)
	if e.keepCandidates(b, entries, 2*perTerm+150) {
		t.Error("all kept")
	}
	if !slices.Equal(entries[0], []dictEntry{{term: "b", distance: 1, count: 50}}) || len(entries[1]) != 1 {
		t.Errorf("kept %v", entries)
	}
	if b.left != 1000-2*perTerm-150 {
		t.Errorf("%d steps left", b.left)
	}
}

// TestCorrectionBudget: a correction the budget cannot pay for is not
// made, and its word is named; within it, corrections are as before.
func TestCorrectionBudget(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Query: "romanian dedlift", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "romanian deadlift" || len(res.Limited) > 0 {
		t.Errorf("corrected %q, limited %q", res.Corrected, res.Limited)
	}
	ix.budgets.correction = 0
	res, err = ix.Search(ctx, Request{Query: "romanian dedlift", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "" || !slices.Equal(res.Limited, []string{"dedlift"}) {
		t.Errorf("no steps: corrected %q, limited %q", res.Corrected, res.Limited)
	}
}

// TestLimitLog: Live logs a search its budget cut short, one line in a
// while however many there are, and not an answer from its cache.
func TestLimitLog(t *testing.T) {
	var lines atomic.Int64
	log := slog.New(countHandler{&lines})
	for _, cache := range []int{0, 10} {
		lines.Store(0)
		l, err := OpenLive(sharedtest.Index(t), LiveOptions{Logger: log, CacheSize: cache})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 5 {
			res, err := l.Search(context.Background(), Request{Query: hostileQuery, Size: 10, Page: 1 + i%2})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Limited) == 0 {
				t.Fatal("not limited")
			}
		}
		l.Close()
		if n := lines.Load(); n != 1 {
			t.Errorf("cache %d: %d lines for five searches cut short", cache, n)
		}
	}
}

type countHandler struct{ n *atomic.Int64 }

func (h countHandler) Enabled(context.Context, slog.Level) bool { return true }
func (h countHandler) Handle(_ context.Context, r slog.Record) error {
	if strings.Contains(r.Message, "budget") {
		h.n.Add(1)
	}
	return nil
}
func (h countHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h countHandler) WithGroup(string) slog.Handler      { return h }

// TestWalkCachesKeepAnswers: a search that finds its dictionary walks and
// its corrections' look-ups kept from earlier searches answers as one that
// walks them, whatever its budgets, cut words included: the kept walks are
// charged as walked (expand.go).
func TestWalkCachesKeepAnswers(t *testing.T) {
	warm, cold := openAt(t, sharedtest.Index(t)), openAt(t, sharedtest.Index(t))
	cold.segments.walks = nil
	s, err := cold.suggesterOnce()
	if err != nil {
		t.Fatal(err)
	}
	s.speller.walks = nil
	ctx := context.Background()
	queries := []string{"kettelbell swing", "Kurzhantelrudren", "knaeboejning", "sqaut deadlfit kettelbell", hostileQuery}
	for _, q := range queries { // fill warm's caches, with the whole budgets
		if _, err := warm.Search(ctx, Request{Query: q, Size: 10}); err != nil {
			t.Fatal(err)
		}
	}
	cut := 0
	for steps := ExpansionBudget; steps > 100; steps /= 3 {
		for _, q := range queries {
			var res [2]*Result
			for i, ix := range []*Index{warm, cold} {
				ix.budgets.expansion, ix.budgets.correction = steps, steps/4
				r, err := ix.Search(ctx, Request{Query: q, Size: 10})
				if err != nil {
					t.Fatal(err)
				}
				r.TookMS = 0
				res[i] = r
			}
			if !equalResults(res[0], res[1]) {
				t.Errorf("%d steps, %q: with kept walks %d matches, limited %q, corrected %q; walking %d, %q, %q",
					steps, q, res[0].Total, res[0].Limited, res[0].Corrected, res[1].Total, res[1].Limited, res[1].Corrected)
			}
			if len(res[1].Limited) > 0 {
				cut++
			}
		}
	}
	if cut == 0 {
		t.Error("no budget cut any query: the test checks nothing")
	}
	if warm.segments.walks.lru.Len() == 0 {
		t.Error("no walk was kept")
	}
}
