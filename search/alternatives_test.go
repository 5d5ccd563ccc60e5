package search

import (
	"context"
	"errors"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

func TestAlternatives(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	const squat = "corpus/motionsplan/_exercises/bulgarian-split-squat-39"
	a, err := ix.Alternatives(ctx, AlternativesRequest{ID: squat, UILang: "da"})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Hits) != DefaultAlternatives {
		t.Fatalf("%d alternatives, want %d", len(a.Hits), DefaultAlternatives)
	}
	langs := map[string]bool{}
	for i, h := range a.Hits {
		if h.ID == squat {
			t.Errorf("the exercise is its own alternative")
		}
		if h.Kind != "exercise" {
			t.Errorf("%s is a %s", h.ID, h.Kind)
		}
		if len(h.Because.Muscle)+len(h.Because.Focus)+len(h.Because.Movement) == 0 {
			t.Errorf("%s: no reason", h.ID)
		}
		if i > 0 && h.Score > a.Hits[i-1].Score {
			t.Errorf("not in score order at %d", i)
		}
		langs[h.Lang] = true
	}
	t.Logf("%s: %d languages among its alternatives", a.Title, len(langs))

	// Equipment the visitor has: nothing outside it (bodyweight always).
	have, err := ix.Alternatives(ctx, AlternativesRequest{ID: squat, Equipment: []string{"dumbbell"}, Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(have.Hits) == 0 {
		t.Fatal("no alternatives with dumbbells")
	}
	for _, h := range have.Hits {
		for _, e := range h.Equipment {
			if e.Value != "dumbbell" && e.Value != "bodyweight" {
				t.Errorf("%s needs %s", h.ID, e.Value)
			}
		}
	}

	// The baseline ranks by shared muscles alone.
	base, err := ix.Alternatives(ctx, AlternativesRequest{ID: squat, MusclesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if slices.EqualFunc(base.Hits, a.Hits, func(x, y Alternative) bool { return x.ID == y.ID }) {
		t.Error("the baseline ranks as the product does")
	}
}

func TestAlternativesErrors(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	if _, err := ix.Alternatives(ctx, AlternativesRequest{ID: "corpus/no/such"}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	res, err := ix.Search(ctx, Request{Filters: map[string][]string{indexer.FieldKind: {"article"}}, Size: 1})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("no article: %v", err)
	}
	if _, err := ix.Alternatives(ctx, AlternativesRequest{ID: res.Hits[0].ID}); !errors.Is(err, ErrNotExercise) {
		t.Errorf("article: %v, want ErrNotExercise", err)
	}
	for _, c := range []struct {
		req   AlternativesRequest
		param string
	}{
		{AlternativesRequest{ID: "x", Size: -1}, "size"},
		{AlternativesRequest{ID: "x", Size: MaxSize + 1}, "size"},
		{AlternativesRequest{ID: "x", UILang: "fr"}, "ui"},
		{AlternativesRequest{ID: "x", PreferLang: "sv"}, "prefer_lang"},
		{AlternativesRequest{ID: "x", EquipmentMode: "all"}, "equipment_mode"},
	} {
		_, err := ix.Alternatives(ctx, c.req)
		var re *RequestError
		if !errors.As(err, &re) || re.Param != c.param {
			t.Errorf("%+v: %v, want an error naming %s", c.req, err, c.param)
		}
	}
}

// BenchmarkAlternatives measures alternatives to exercises of a synthetic
// index (EXSEARCH_BENCH_DOCS, default 10,000), with and without an
// equipment filter, and reports p50 and p99 (target: p99 ≤ 5 ms at 100k).
//
//	EXSEARCH_BENCH_DOCS=100000 go test ./search -run '^$' -bench Alternatives -benchtime 2000x
func BenchmarkAlternatives(b *testing.B) {
	ix := openBench(b, false)
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Filters: map[string][]string{indexer.FieldKind: {"exercise"}}, Size: 100})
	if err != nil || len(res.Hits) == 0 {
		b.Fatalf("no exercises: %v", err)
	}
	if _, err := ix.Alternatives(ctx, AlternativesRequest{ID: res.Hits[0].ID}); err != nil { // made on first use
		b.Fatal(err)
	}
	// The CPU time of each request, on its own thread, beside the wall
	// clock: on a loaded machine the tail of the wall clock is mostly
	// waiting for a core.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	lat := make([]time.Duration, 0, b.N)
	cpu := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := AlternativesRequest{ID: res.Hits[i%len(res.Hits)].ID, PreferLang: "da"}
		if i%2 == 1 {
			req.Equipment = []string{"dumbbell", "kettlebell"}
		}
		c0, _ := threadCPU()
		t0 := time.Now()
		if _, err := ix.Alternatives(ctx, req); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
		if c1, ok := threadCPU(); ok {
			cpu = append(cpu, time.Duration(c1-c0))
		}
	}
	b.StopTimer()
	for _, m := range []struct {
		name string
		d    []time.Duration
	}{{"", lat}, {"cpu-", cpu}} {
		if len(m.d) == 0 {
			continue
		}
		slices.Sort(m.d)
		b.ReportMetric(float64(m.d[len(m.d)/2].Microseconds())/1000, m.name+"p50-ms")
		b.ReportMetric(float64(m.d[len(m.d)*99/100].Microseconds())/1000, m.name+"p99-ms")
	}
}

// TestAlternativesScratch: the sums kept between requests are cleared, so
// that a request answers the same after others, and alongside them.
func TestAlternativesScratch(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Filters: map[string][]string{indexer.FieldKind: {"exercise"}}, Size: 8})
	if err != nil {
		t.Fatal(err)
	}
	ids := func(id string) string {
		a, err := ix.Alternatives(ctx, AlternativesRequest{ID: id})
		if err != nil {
			t.Error(err)
			return ""
		}
		var s []string
		for _, h := range a.Hits {
			s = append(s, h.ID)
		}
		return strings.Join(s, " ")
	}
	want := map[string]string{}
	for _, h := range res.Hits {
		want[h.ID] = ids(h.ID)
	}
	var wg sync.WaitGroup
	for range 4 {
		for _, h := range res.Hits {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if got := ids(h.ID); got != want[h.ID] {
					t.Errorf("%s: %s, alone %s", h.ID, got, want[h.ID])
				}
			}()
		}
	}
	wg.Wait()
}

// TestAlternativesPruned: leaving the common values for last (split,
// gather, addCommon) gives the answers of walking every value's postings,
// for every exercise of the shared index, with and without an equipment
// filter. Scores are sums of float32s added in another order, so equal
// means within altScoreSlack, and two hits may trade places only when
// their scores are that close.
func TestAlternativesPruned(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Filters: map[string][]string{indexer.FieldKind: {"exercise"}}, Size: MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) < 50 {
		t.Fatalf("%d exercises, want at least 50", len(res.Hits))
	}
	const altScoreSlack = 1e-5
	for _, h := range res.Hits {
		for _, equipment := range [][]string{nil, {"dumbbell"}} {
			req := AlternativesRequest{ID: h.ID, Equipment: equipment, PreferLang: "da"}
			pruned, err := ix.Alternatives(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			noPruning = true
			full, err := ix.Alternatives(ctx, req)
			noPruning = false
			if err != nil {
				t.Fatal(err)
			}
			if len(pruned.Hits) != len(full.Hits) {
				t.Fatalf("%s %v: %d alternatives, walking everything %d", h.ID, equipment, len(pruned.Hits), len(full.Hits))
			}
			for i := range full.Hits {
				a, b := pruned.Hits[i], full.Hits[i]
				if math.Abs(a.Score-b.Score) > altScoreSlack {
					t.Errorf("%s %v: #%d %s %.6f, walking everything %s %.6f", h.ID, equipment, i, a.ID, a.Score, b.ID, b.Score)
				}
			}
		}
	}
}

// TestAlternativesDistinct: an exercise's alternatives are other
// exercises: not another page with its title (motionsplan has two called
// "Bænkpres"), nothing of its mined concept, and one document per concept.
func TestAlternativesDistinct(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	ctx := context.Background()
	for _, id := range []string{"corpus/motionsplan/_exercises/baenkpres-generel", "corpus/motionsplan/_exercises/baenkpres-17"} {
		src, err := ix.Document(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ix.Alternatives(ctx, AlternativesRequest{ID: id, Size: 30})
		if err != nil {
			t.Fatal(err)
		}
		concepts := map[string]string{}
		for _, h := range a.Hits {
			d, err := ix.Document(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			if indexer.TitleKey(d.Title) == indexer.TitleKey(src.Title) {
				t.Errorf("%s: %s %q has the source's title", id, h.ID, d.Title)
			}
			if d.Concept == "" {
				continue
			}
			if d.Concept == src.Concept {
				t.Errorf("%s: %s is of the source's concept %s", id, h.ID, d.Concept)
			}
			if other, ok := concepts[d.Concept]; ok {
				t.Errorf("%s: %s and %s are of one concept %s", id, other, h.ID, d.Concept)
			}
			concepts[d.Concept] = h.ID
		}
	}
}

// table makes a facet table of terms from each document's values.
func table(terms []string, docs ...[]string) *facetTable {
	t := &facetTable{terms: terms, ord: map[string]int32{}, offset: make([]uint32, len(docs)+1)}
	for o, term := range terms {
		t.ord[term] = int32(o)
	}
	for d, vs := range docs {
		for _, v := range vs {
			t.ords = append(t.ords, uint16(t.ord[v]))
		}
		t.offset[d+1] = uint32(len(t.ords))
	}
	return t
}

func termsOf(t *facetTable, doc uint64) []string {
	var out []string
	for _, o := range t.values(doc) {
		out = append(out, t.terms[o])
	}
	slices.Sort(out)
	return out
}

// TestOfConcept: a mined concept's documents have all its values; one
// that names none keeps corpus.Unspecified only when none of them has a
// value.
func TestOfConcept(t *testing.T) {
	u := "unspecified"
	focus := table([]string{u, "horizontal-pull", "core"},
		[]string{u}, []string{"horizontal-pull"}, // concept 0: "Bent Over Rowing", "Rudern Vorgebeugt"
		[]string{u}, []string{u}, // concept 1: nothing known
		[]string{"core"}, // no concept
	)
	got := ofConcept(focus, []int32{0, 0, 1, 1, -1})
	for doc, want := range [][]string{{"horizontal-pull"}, {"horizontal-pull"}, {u}, {u}, {"core"}} {
		if g := termsOf(got, uint64(doc)); !slices.Equal(g, want) {
			t.Errorf("document %d: %q, want %q", doc, g, want)
		}
	}
}

// TestAlternativesRefined: a value that only says more than the other
// exercise (quadriceps, where it names legs and no leg muscle) is no
// difference, in either direction; a sibling (hamstrings beside
// quadriceps) is.
func TestAlternativesRefined(t *testing.T) {
	terms := []string{"legs", "quadriceps", "hamstrings", "core"}
	muscle := table(terms,
		[]string{"legs"},               // 0: wger's Lunges: its category only
		[]string{"legs", "quadriceps"}, // 1
		[]string{"legs", "hamstrings"}, // 2
		[]string{"core"},               // 3
	)
	st := &alternativesState{}
	st.parent[0] = []int32{-1, 0, 0, -1}
	st.weights[0] = []float64{1, 2, 2, 1}
	st.readChildren(0, muscle)
	for _, c := range []struct {
		src, doc uint64
		want     float64
	}{
		{0, 1, 2}, // the source is vague: quadriceps is no difference
		{1, 0, 2}, // the alternative is vague
		{1, 2, 0}, // siblings differ
		{2, 1, 0},
		{0, 3, 0},
	} {
		sc := &scan{st: st, src: c.src}
		sc.tables[0] = muscle
		sc.readSource(0)
		if got := sc.refined(0, c.doc); got != c.want {
			t.Errorf("source %v, alternative %v: refined %v, want %v", termsOf(muscle, c.src), termsOf(muscle, c.doc), got, c.want)
		}
	}
}

// TestAlternativesSameExerciseKeepsTables: asking whether a document is the
// source in another language leaves the scan's tables as they were (an
// append to sc.tables[:3] once wrote the equipment table over the name
// words', for the rest of the request).
func TestAlternativesSameExerciseKeepsTables(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	st, err := ix.alternativesState()
	if err != nil {
		t.Fatal(err)
	}
	iid, err := ix.reader.InternalID("corpus/motionsplan/_exercises/bulgarian-split-squat-39")
	if err != nil || len(iid) == 0 {
		t.Fatalf("no source: %v", err)
	}
	sc := ix.newScan(st, docNumber(iid), AlternativesRequest{})
	before := sc.tables
	sc.sameExercise(0)
	if sc.tables != before {
		t.Error("sameExercise changed the scan's tables")
	}
}
