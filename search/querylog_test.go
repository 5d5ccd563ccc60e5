package search

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/synth"
)

// BenchmarkQueryLog runs the query log query by query, each iteration the
// next query of synth.QueryLog, on exsearch and on plain bleve (with bleve's
// facets, as in BenchmarkQueries), and reports p50 and p99 over all
// iterations and the slowest query's median (worst-median-ms). Run whole
// rounds of the log, so that every query has a median of several:
//
//	go test ./search -run '^$' -bench QueryLog -benchtime 4360x      # ten rounds of the 436 queries
//
// With EXSEARCH_BENCH_PERQUERY set it also writes a report, once both
// engines have run: p50 and p99 of each engine per language and per kind
// beside the target (at 100k documents: no query's median above 3 ms, p50 ≤
// plain/8, p99 ≤ plain/5), then every query's median on each engine,
// slowest first. EXSEARCH_BENCH_PERQUERY=1 writes it to standard output;
// any other value names a file. With -count, the report pools the runs.
//
//	EXSEARCH_BENCH_PERQUERY=/tmp/perquery.txt go test ./search -run '^$' -bench QueryLog -benchtime 4360x -count 3
//
// The engines run one after the other, not interleaved, so a burst of other
// work on the machine weighs on one engine's figures only: compare runs.
func BenchmarkQueryLog(b *testing.B) {
	log, err := onlyQueries(synth.QueryLog(), os.Getenv("EXSEARCH_BENCH_QUERIES"))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	engines := []struct {
		name  string
		plain bool
		run   func(ix *Index, q string) error
	}{
		{exsearchName, false, func(ix *Index, q string) error {
			_, err := ix.Search(ctx, Request{Query: q, Size: 10})
			return err
		}},
		{plainName, true, func(ix *Index, q string) error { _, err := plainSearch(ctx, ix, q, true); return err }},
	}
	for _, e := range engines {
		// The latencies of each time the function below is called: for
		// each -count, once with b.N = 1, then with the b.N of each step
		// up to -benchtime. The last of each count's calls is its run.
		var calls [][][]time.Duration
		var firsts [][]time.Duration
		b.Run(e.name, func(b *testing.B) {
			ix := openBench(b, e.plain)
			per := make([][]time.Duration, len(log))
			for i := range per {
				per[i] = make([]time.Duration, 0, b.N/len(log)+1)
			}
			all := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := i % len(log)
				t0 := time.Now()
				if err := e.run(ix, log[q].Text); err != nil {
					b.Fatal(err)
				}
				d := time.Since(t0)
				per[q] = append(per[q], d)
				all = append(all, d)
			}
			b.StopTimer()
			reportLatency(b, all)
			// Each query's first search, before median sorts them:
			// on an index opened for this call, its caches empty.
			first := make([]time.Duration, 0, len(log))
			for _, s := range per {
				if len(s) > 0 {
					first = append(first, s[0])
				}
			}
			firsts = append(firsts, first)
			worst := time.Duration(0)
			for _, s := range per {
				if len(s) > 0 {
					worst = max(worst, median(s))
				}
			}
			b.ReportMetric(ms(worst), "worst-median-ms")
			calls = append(calls, per)
		})
		for i, per := range calls {
			if i == len(calls)-1 || countOf(calls[i+1]) == 1 {
				queryLogSamples.add(e.name, per)
				queryLogFirsts[e.name] = append(queryLogFirsts[e.name], firsts[i]...)
			}
		}
	}
	if out := os.Getenv("EXSEARCH_BENCH_PERQUERY"); out != "" {
		w := io.Writer(os.Stdout)
		if out != "1" {
			f, err := os.Create(out)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			w = f
		}
		if err := writeQueryLogReport(w, log, benchcorpus.Docs(b), queryLogSamples, queryLogFirsts); err != nil {
			b.Fatal(err)
		}
	}
}

// onlyQueries keeps the queries of log that the file named by path lists,
// one a line, in the log's order (path empty: all of them), so that the
// slowest queries of a report can be run, and profiled, alone:
//
//	EXSEARCH_BENCH_QUERIES=/tmp/slow.txt go test ./search -run '^$' -bench QueryLog/exsearch -benchtime 1200x -cpuprofile /tmp/cpu.prof
func onlyQueries(log []synth.Query, path string) ([]synth.Query, error) {
	if path == "" {
		return log, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("EXSEARCH_BENCH_QUERIES: %w", err)
	}
	want := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			want[line] = true
		}
	}
	var out []synth.Query
	for _, q := range log {
		if want[q.Text] {
			out = append(out, q)
			delete(want, q.Text)
		}
	}
	for q := range want {
		return nil, fmt.Errorf("EXSEARCH_BENCH_QUERIES: %s lists %q, which is not in the query log", path, q)
	}
	return out, nil
}

// logSamples holds each engine's latencies per query of the log.
type logSamples map[string][][]time.Duration

// queryLogSamples pools the latencies of the runs of BenchmarkQueryLog in
// this process (-count), for the report.
var queryLogSamples = logSamples{}

// queryLogFirsts pools, per engine, each query's first search of each run,
// made on an index opened for the run: the query is new to the caches of
// decoded postings, dictionary walks and shown documents, though what it
// shares with the queries before it in the log is not.
var queryLogFirsts = map[string][]time.Duration{}

// add appends a run's latencies per query to engine's.
func (s logSamples) add(engine string, per [][]time.Duration) {
	if per == nil {
		return // the sub-benchmark did not run (-bench chose the other)
	}
	if s[engine] == nil {
		s[engine] = make([][]time.Duration, len(per))
	}
	for i := range per {
		s[engine][i] = append(s[engine][i], per[i]...)
	}
}

// countOf returns how many latencies per holds.
func countOf(per [][]time.Duration) int {
	n := 0
	for _, s := range per {
		n += len(s)
	}
	return n
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// median returns the median of s, sorting s.
func median(s []time.Duration) time.Duration {
	slices.Sort(s)
	return s[len(s)/2]
}

// percentile returns the p-th percentile of s (0 < p < 100), sorting s.
func percentile(s []time.Duration, p int) time.Duration {
	slices.Sort(s)
	return s[len(s)*p/100]
}

// engines of the report, and the target it checks.
const (
	exsearchName = "exsearch"
	plainName    = "plain-bleve"
	targetWorst  = 3 * time.Millisecond
	targetP50    = 8 // p50 ≤ plain/8
	targetP99    = 5 // p99 ≤ plain/5
)

// writeQueryLogReport writes the per-language and per-kind percentiles of
// each engine and every query's medians, slowest first on exsearch.
func writeQueryLogReport(w io.Writer, log []synth.Query, docs int, samples logSamples, firsts map[string][]time.Duration) error {
	ex, plain := samples[exsearchName], samples[plainName]
	rounds := func(per [][]time.Duration) float64 { return float64(countOf(per)) / float64(len(log)) }
	fmt.Fprintf(w, "query log: %d queries, %d documents; rounds of the log: exsearch %.3g, plain bleve %.3g\n",
		len(log), docs, rounds(ex), rounds(plain))

	// pooled returns the latencies of the queries for which keep holds.
	pooled := func(per [][]time.Duration, keep func(q synth.Query) bool) []time.Duration {
		var out []time.Duration
		for i, s := range per {
			if keep(log[i]) {
				out = append(out, s...)
			}
		}
		return out
	}
	type row struct {
		name string
		keep func(q synth.Query) bool
	}
	rows := []row{{"all", func(synth.Query) bool { return true }}}
	for _, l := range corpus.Languages {
		rows = append(rows, row{l, func(q synth.Query) bool { return q.Lang == l }})
	}
	rows = append(rows, row{"da+no", func(q synth.Query) bool { return q.Lang == "da" || q.Lang == "no" }})
	for _, k := range synth.QueryKinds {
		rows = append(rows, row{k, func(q synth.Query) bool { return q.Kind == k }})
	}

	// The target, on the whole log.
	exAll, plainAll := pooled(ex, rows[0].keep), pooled(plain, rows[0].keep)
	type ranked struct {
		q         synth.Query
		ex, plain time.Duration // medians; 0 when not run
	}
	var qs []ranked
	for i, q := range log {
		r := ranked{q: q}
		if len(ex) > 0 && len(ex[i]) > 0 {
			r.ex = median(ex[i])
		}
		if len(plain) > 0 && len(plain[i]) > 0 {
			r.plain = median(plain[i])
		}
		qs = append(qs, r)
	}
	slices.SortStableFunc(qs, func(a, b ranked) int { return cmp.Compare(b.ex, a.ex) })
	over := 0
	for _, r := range qs {
		if r.ex > targetWorst {
			over++
		}
	}
	if len(exAll) > 0 && len(plainAll) > 0 {
		ex50, ex99 := percentile(exAll, 50), percentile(exAll, 99)
		pl50, pl99 := percentile(plainAll, 50), percentile(plainAll, 99)
		verdict := func(ok bool) string {
			if ok {
				return "holds"
			}
			return "FAILS"
		}
		fmt.Fprintf(w, "target at 100k: no query's median above %v, p50 ≤ plain/%d, p99 ≤ plain/%d\n", targetWorst, targetP50, targetP99)
		fmt.Fprintf(w, "  slowest median %.2f ms (%q), %d queries above %v: %s\n", ms(qs[0].ex), qs[0].q.Text, over, targetWorst, verdict(over == 0))
		fmt.Fprintf(w, "  p50 %.3f ms = plain/%.1f: %s\n", ms(ex50), float64(pl50)/float64(ex50), verdict(ex50*targetP50 <= pl50))
		fmt.Fprintf(w, "  p99 %.3f ms = plain/%.1f: %s\n", ms(ex99), float64(pl99)/float64(ex99), verdict(ex99*targetP99 <= pl99))
	}
	if f, pf := firsts[exsearchName], firsts[plainName]; len(f) > 0 && len(pf) > 0 {
		fmt.Fprintf(w, "each query's first search, the index just opened: exsearch p50 %.3f ms, p99 %.3f ms; plain p50 %.3f ms, p99 %.3f ms\n",
			ms(percentile(f, 50)), ms(percentile(f, 99)), ms(percentile(pf, 50)), ms(percentile(pf, 99)))
	}

	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "queries\texsearch p50\tp99\tplain p50\tp99\tplain/exsearch p50\tp99\tslowest median\t")
	for _, r := range rows {
		e, p := pooled(ex, r.keep), pooled(plain, r.keep)
		n := 0
		for _, q := range log {
			if r.keep(q) {
				n++
			}
		}
		fmt.Fprintf(tw, "%s (%d)\t", r.name, n)
		var e50, e99, p50, p99 time.Duration
		if len(e) > 0 {
			e50, e99 = percentile(e, 50), percentile(e, 99)
			fmt.Fprintf(tw, "%.3f\t%.3f\t", ms(e50), ms(e99))
		} else {
			fmt.Fprint(tw, "—\t—\t")
		}
		if len(p) > 0 {
			p50, p99 = percentile(p, 50), percentile(p, 99)
			fmt.Fprintf(tw, "%.3f\t%.3f\t", ms(p50), ms(p99))
		} else {
			fmt.Fprint(tw, "—\t—\t")
		}
		fmt.Fprintf(tw, "%s\t%s\t", ratio(p50, e50), ratio(p99, e99))
		worst := time.Duration(0)
		for _, q := range qs {
			if r.keep(q.q) {
				worst = max(worst, q.ex)
			}
		}
		fmt.Fprintf(tw, "%s\t\n", msOrDash(worst))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "\nevery query's median (ms), slowest on exsearch first:\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "exsearch\tplain\tplain/exsearch\tlang\tkind\tquery")
	for _, r := range qs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", msOrDash(r.ex), msOrDash(r.plain), ratio(r.plain, r.ex), r.q.Lang, r.q.Kind, r.q.Text)
	}
	return tw.Flush()
}

// ratio returns a/b with two significant digits below 10, or "—" when
// either is missing.
func ratio(a, b time.Duration) string {
	switch r := float64(a) / float64(b); {
	case a == 0 || b == 0:
		return "—"
	case r < 10:
		return fmt.Sprintf("%.2g", r)
	default:
		return fmt.Sprintf("%.0f", r)
	}
}

func msOrDash(d time.Duration) string {
	if d == 0 {
		return "—"
	}
	return fmt.Sprintf("%.3f", ms(d))
}

// loggedQueries is the query log for tests that run every query of it, or
// under -short (CI's run under the race detector, which is many times
// slower) every sixth: the whole log runs in the ordinary test run.
func loggedQueries() []synth.Query {
	all := synth.QueryLog()
	if !testing.Short() {
		return all
	}
	var some []synth.Query
	for i := 0; i < len(all); i += 6 {
		some = append(some, all[i])
	}
	return some
}
