package quality

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/exsearch/exsearch/search"
)

// K is the depth the metrics look at.
const K = 10

// Searcher runs a search; *search.Live and *search.Index are searchers.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
}

// QueryScore is one judged query's outcome.
type QueryScore struct {
	Judged
	NDCG    float64
	Success bool
	Top     []string // the ranked ids
	Total   uint64   // every hit, not only the top K
}

// Score sums up a set of queries.
type Score struct {
	Queries int
	NDCG    float64 // mean nDCG@K
	// Success is the share of queries with a grade-2 document in the top K,
	// among the SuccessQueries that have one at all.
	Success        float64
	SuccessQueries int
}

// Report is an evaluation: per query, per group, per visitor language, and
// overall. Groups and languages are both kept because a ranking change can
// help one language's queries of every group while hurting another's.
type Report struct {
	Queries []QueryScore
	Groups  map[string]Score
	Langs   map[string]Score
	Overall Score
}

// Evaluate runs every judged query as its visitor would: the text as typed,
// in the visitor's language (which the search may prefer), top K.
func Evaluate(ctx context.Context, s Searcher, judged []Judged) (*Report, error) {
	r := &Report{Groups: map[string]Score{}, Langs: map[string]Score{}}
	for _, j := range judged {
		res, err := s.Search(ctx, search.Request{Query: j.Query, Size: K, UILang: j.Lang, PreferLang: j.Lang})
		if err != nil {
			return nil, fmt.Errorf("query %q (line %d): %w", j.Query, j.Line, err)
		}
		q := QueryScore{Judged: j, Total: res.Total}
		for _, h := range res.Hits {
			q.Top = append(q.Top, h.ID)
		}
		q.NDCG = j.NDCG(q.Top, K)
		q.Success = j.Success(q.Top, K)
		r.Queries = append(r.Queries, q)
	}
	byGroup := map[string][]QueryScore{}
	byLang := map[string][]QueryScore{}
	for _, q := range r.Queries {
		byGroup[q.Group] = append(byGroup[q.Group], q)
		byLang[q.Lang] = append(byLang[q.Lang], q)
	}
	for g, qs := range byGroup {
		r.Groups[g] = summarise(qs)
	}
	for l, qs := range byLang {
		r.Langs[l] = summarise(qs)
	}
	r.Overall = summarise(r.Queries)
	return r, nil
}

func summarise(qs []QueryScore) Score {
	s := Score{Queries: len(qs)}
	succ := 0
	for _, q := range qs {
		s.NDCG += q.NDCG
		if q.HasGrade2() {
			s.SuccessQueries++
			if q.Success {
				succ++
			}
		}
	}
	if len(qs) > 0 {
		s.NDCG /= float64(len(qs))
	}
	if s.SuccessQueries > 0 {
		s.Success = float64(succ) / float64(s.SuccessQueries)
	}
	return s
}

// GroupNames returns the report's groups, sorted.
func (r *Report) GroupNames() []string { return sortedKeys(r.Groups) }

// LangNames returns the report's visitor languages, sorted.
func (r *Report) LangNames() []string { return sortedKeys(r.Langs) }

func sortedKeys(m map[string]Score) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ZeroHits returns the queries that have relevant documents but found
// nothing at all: the worst a visitor can see, and invisible in a mean.
func (r *Report) ZeroHits() []QueryScore {
	var out []QueryScore
	for _, q := range r.Queries {
		if q.Total == 0 && q.relevant() {
			out = append(out, q)
		}
	}
	return out
}

// Compare prints reports side by side: per group, per visitor language and
// overall, nDCG@K and success@K of each, labelled by names; then the queries
// that found nothing in any report.
func Compare(w io.Writer, names []string, reports []*Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "group / lang\tqueries\t")
	for _, n := range names {
		fmt.Fprintf(tw, "%s nDCG@%d\t%s success@%d\t", n, K, n, K)
	}
	fmt.Fprintln(tw)
	row := func(label string, get func(*Report) Score) {
		fmt.Fprintf(tw, "%s\t%d\t", label, get(reports[0]).Queries)
		for _, r := range reports {
			s := get(r)
			fmt.Fprintf(tw, "%.3f\t%.2f (%d)\t", s.NDCG, s.Success, s.SuccessQueries)
		}
		fmt.Fprintln(tw)
	}
	for _, g := range reports[0].GroupNames() {
		row(g, func(r *Report) Score { return r.Groups[g] })
	}
	for _, l := range reports[0].LangNames() {
		row("lang "+l, func(r *Report) Score { return r.Langs[l] })
	}
	row("overall", func(r *Report) Score { return r.Overall })
	tw.Flush()
	for i, r := range reports {
		zero := r.ZeroHits()
		if len(zero) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s: %d queries with relevant documents found nothing:\n", names[i], len(zero))
		for _, q := range zero {
			fmt.Fprintf(w, "  %s\t%s\t%s\n", q.Group, q.Lang, q.Query)
		}
	}
}

// PrintQueries prints each query's nDCG in every report.
func PrintQueries(w io.Writer, names []string, reports []*Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "group\tlang\tquery\t")
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t", n)
	}
	fmt.Fprintln(tw)
	for i, q := range reports[0].Queries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t", q.Group, q.Lang, q.Query)
		for _, r := range reports {
			fmt.Fprintf(tw, "%.3f\t", r.Queries[i].NDCG)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}
