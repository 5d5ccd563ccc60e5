package synth

import (
	_ "embed"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/exsearch/exsearch/corpus"
)

// The benchmark query log is queries.tsv, written by hand for the synthetic
// corpora: hundreds of queries in the four languages, Danish and Norwegian
// as many as a quarter or more, each tagged with what it exercises (a
// closed compound, a typo, a word typed without its accents, a prefix, …),
// so that a benchmark can say which languages and kinds of query are slow.
// The file is grouped by language and kind for reading; QueryLog mixes it.

//go:embed queries.tsv
var queriesTSV string

// Query is one query of the benchmark query log.
type Query struct {
	Lang string // the language it is written in: da, no, de or en
	Kind string // what it exercises: one of QueryKinds
	Text string
}

// QueryKinds are the kinds of query in the log; queries.tsv says what each
// means.
var QueryKinds = []string{"word", "compound", "typo", "unaccented", "prefix", "multiword", "topic", "colloquial", "facetword"}

var (
	logOnce sync.Once
	mixed   []Query
)

// QueryLog returns the benchmark query log in a fixed mixed order, so that
// any stretch of it (the first 20 queries a short benchmark runs, a sample)
// holds every language and many kinds, as a real log does.
func QueryLog() []Query {
	logOnce.Do(func() {
		qs, err := parseQueryLog(queriesTSV)
		if err != nil {
			panic(err) // the embedded file is checked by TestQueryLog
		}
		r := rand.New(rand.NewPCG(seed, 1<<61))
		r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
		mixed = qs
	})
	return slices.Clone(mixed)
}

// Queries returns the text of the first k queries of QueryLog, or of all of
// them when k is 0 or more than the log holds.
func Queries(k int) []string {
	qs := QueryLog()
	if k > 0 && k < len(qs) {
		qs = qs[:k]
	}
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Text
	}
	return out
}

// parseQueryLog reads a query log: one query a line as language, kind and
// text separated by tabs; empty lines and lines starting with # are
// comments. It refuses unknown languages and kinds, and a query given
// twice (in any case).
func parseQueryLog(text string) ([]Query, error) {
	var out []Query
	seen := map[string]int{}
	for n, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("queries.tsv:%d: want language, kind and query separated by tabs, got %q", n+1, line)
		}
		q := Query{Lang: f[0], Kind: f[1], Text: strings.TrimSpace(f[2])}
		if !slices.Contains(corpus.Languages, q.Lang) {
			return nil, fmt.Errorf("queries.tsv:%d: language %q is not one of %v", n+1, q.Lang, corpus.Languages)
		}
		if !slices.Contains(QueryKinds, q.Kind) {
			return nil, fmt.Errorf("queries.tsv:%d: kind %q is not one of %v", n+1, q.Kind, QueryKinds)
		}
		if q.Text == "" || q.Text != f[2] {
			return nil, fmt.Errorf("queries.tsv:%d: the query %q is empty or has spaces around it", n+1, f[2])
		}
		key := strings.Join(strings.Fields(strings.ToLower(q.Text)), " ")
		if first, ok := seen[key]; ok {
			return nil, fmt.Errorf("queries.tsv:%d: %q is line %d's query again", n+1, q.Text, first)
		}
		seen[key] = n + 1
		out = append(out, q)
	}
	return out, nil
}
