package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum"
)

// Evaluation. The planner writes its plans as bleve queries (plan.go), and
// exsearch evaluates them itself, clause by clause over whole posting lists
// (postings.go): a term is read once however often the plan names it, a
// disjunction adds its clauses into one score array, a conjunction
// intersects lists from the shortest, skipping ahead by doubling steps.
// Scores are bleve's: BM25 per term (scorch.go), summed by conjunctions, and
// by disjunctions times the share of their clauses that match (bleve's
// coordination factor). The query norm, which scales all of a query's scores
// alike, is left out. TestEvaluateAgreesWithBleve and
// FuzzEvaluateAgreesWithBleve check that matches, order and relative scores
// are those of bleve's searchers running the same plan (baseline.go).

// matches are documents in number order with their scores: scale × scores[i].
// all stands for every live document, each scoring scale.
type matches struct {
	docs   []uint32
	scores []float64
	scale  float64
	all    bool
	dense  *denseIndex // a term's long list: finds a document at once
}

func (m *matches) score(i int) float64 { return m.scale * m.scores[i] }

// evaluation is one query's evaluation state.
type evaluation struct {
	ctx    context.Context
	segs   *segments
	reader index.IndexReader
	terms  map[[2]string]postings // read once per query: field, term
	// done holds the matches of the compound queries evaluated so far,
	// which a plan may name more than once (see scaled).
	done map[query.Query]matches
	// automata are the Levenshtein automata built so far, one per word
	// and distance (see expand.go).
	automata map[automatonKey]vellum.Automaton
	// expanded are the fuzzy and prefix queries' terms, made within the
	// request's budget before evaluating (see limit.go); nil: made as
	// they are met, without bound.
	expanded map[expansionKey][]dictEntry
	*scratch
}

// evaluate evaluates q, its expansions within b (nil: unbounded). The
// matches live in scratch memory until release is called.
func (ix *Index) evaluate(ctx context.Context, q query.Query, b *budget) (m matches, release func(), err error) {
	sc := ix.scratch.Get().(*scratch)
	release = func() { sc.reuse(); ix.scratch.Put(sc) }
	e := &evaluation{ctx: ctx, segs: ix.segments, reader: ix.reader, terms: map[[2]string]postings{}, done: map[query.Query]matches{}, scratch: sc}
	if b != nil {
		if err = e.expandWithin(b, q); err != nil {
			release()
			return matches{}, nil, err
		}
	}
	if m, err = e.eval(q); err != nil {
		release()
		return matches{}, nil, err
	}
	if m.all {
		m = e.allDocs(m.scale)
	}
	return m, release, nil
}

func (e *evaluation) eval(q query.Query) (matches, error) {
	if err := e.ctx.Err(); err != nil {
		return matches{}, err
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return e.term(q.FieldVal, q.Term, q.Boost())
	case *scaled:
		m, err := e.eval(q.q)
		m.scale *= q.factor
		return m, err
	case *query.DisjunctionQuery, *query.ConjunctionQuery:
		if m, ok := e.done[q]; ok {
			return m, nil
		}
		m, err := e.compound(q)
		if err == nil {
			e.done[q] = m
		}
		return m, err
	case *query.FuzzyQuery:
		return e.fuzzy(q)
	case *query.PrefixQuery:
		return e.prefix(q)
	case *query.BooleanQuery:
		return e.boolean(q)
	case *query.MatchAllQuery:
		return matches{all: true, scale: q.Boost()}, nil
	case *query.MatchNoneQuery:
		return matches{}, nil
	}
	return matches{}, fmt.Errorf("query plan: cannot evaluate a %T", q)
}

func (e *evaluation) compound(q query.Query) (matches, error) {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		children, err := e.evalAll(q.Disjuncts)
		if err != nil {
			return matches{}, err
		}
		return e.union(children, int(q.Min)), nil
	case *query.ConjunctionQuery:
		children, err := e.evalAll(q.Conjuncts)
		if err != nil {
			return matches{}, err
		}
		return e.intersect(children), nil
	}
	return matches{}, fmt.Errorf("query plan: %T is not compound", q)
}

func (e *evaluation) evalAll(qs []query.Query) ([]matches, error) {
	out := make([]matches, len(qs))
	for i, q := range qs {
		m, err := e.eval(q)
		if err != nil {
			return nil, err
		}
		out[i] = m
	}
	return out, nil
}

func (e *evaluation) term(field, term string, boost float64) (matches, error) {
	p, err := e.postings(field, term)
	if err != nil {
		return matches{}, err
	}
	return matches{docs: p.docs, scores: p.weights, scale: boost, dense: p.dense}, nil
}

// postings are a term's postings, read once per query.
func (e *evaluation) postings(field, term string) (postings, error) {
	key := [2]string{field, term}
	p, ok := e.terms[key]
	if !ok {
		var err error
		if p, err = e.segs.read(field, term); err != nil {
			return postings{}, err
		}
		e.terms[key] = p
	}
	return p, nil
}

// fuzzy matches the terms within the query's edit distance, each weighing
// the boost divided by its distance plus one, as bleve's fuzzy searcher
// weighs them.
func (e *evaluation) fuzzy(q *query.FuzzyQuery) (matches, error) {
	children, err := e.fuzzyTerms(q)
	if err != nil {
		return matches{}, err
	}
	return e.union(children, 0), nil
}

// fuzzyTerms are the terms a fuzzy query adds up: those within its
// distance, or the word as written alone.
func (e *evaluation) fuzzyTerms(q *query.FuzzyQuery) ([]matches, error) {
	entries, ok := e.expanded[expansionKey{field: q.FieldVal, term: q.Term, dist: q.Fuzziness}]
	if !ok {
		a, err := e.levenshtein(q.Term, q.Fuzziness)
		if err != nil {
			return nil, fmt.Errorf("fuzzy %s:%s: %w", q.FieldVal, q.Term, err)
		}
		if entries, err = e.segs.expand(q.FieldVal, a, nil, nil); err != nil {
			return nil, fmt.Errorf("fuzzy %s:%s: %w", q.FieldVal, q.Term, err)
		}
	}
	only := true
	children, err := e.dictTerms(entries, q.FieldVal, func(entry dictEntry) float64 {
		only = only && entry.term == q.Term
		return q.Boost() / float64(entry.distance+1)
	})
	if err != nil {
		return nil, err
	}
	if len(children) == 0 || (len(children) == 1 && only) {
		m, err := e.term(q.FieldVal, q.Term, q.Boost())
		if err != nil {
			return nil, err
		}
		return []matches{m}, nil
	}
	return children, nil
}

func (e *evaluation) prefix(q *query.PrefixQuery) (matches, error) {
	children, err := e.prefixTerms(q)
	if err != nil {
		return matches{}, err
	}
	return e.union(children, 0), nil
}

// prefixTerms are the terms a prefix query adds up.
func (e *evaluation) prefixTerms(q *query.PrefixQuery) ([]matches, error) {
	entries, ok := e.expanded[expansionKey{field: q.FieldVal, term: q.Prefix, prefix: true}]
	if !ok {
		var err error
		if entries, err = e.segs.expand(q.FieldVal, nil, []byte(q.Prefix), prefixEnd([]byte(q.Prefix))); err != nil {
			return nil, fmt.Errorf("prefix %s:%s: %w", q.FieldVal, q.Prefix, err)
		}
	}
	return e.dictTerms(entries, q.FieldVal, func(dictEntry) float64 { return q.Boost() })
}

// dictTerms evaluates each of a field's dictionary entries, weighed by
// boost.
func (e *evaluation) dictTerms(entries []dictEntry, field string, boost func(dictEntry) float64) ([]matches, error) {
	children := make([]matches, 0, len(entries))
	for _, entry := range entries {
		m, err := e.term(field, entry.term, boost(entry))
		if err != nil {
			return nil, err
		}
		children = append(children, m)
	}
	return children, nil
}

// boolean is the documents matching every must clause and none of the
// must-not ones, scoring the sum of the must and should scores; without must
// clauses, the should clauses decide what matches.
func (e *evaluation) boolean(q *query.BooleanQuery) (matches, error) {
	if base, lifts, ok := liftChain(q); ok {
		return e.lifted(base, lifts)
	}
	var must, should, not matches
	var err error
	hasMust := q.Must != nil
	if hasMust {
		if must, err = e.eval(q.Must); err != nil {
			return matches{}, err
		}
	}
	if q.Should != nil {
		if should, err = e.eval(q.Should); err != nil {
			return matches{}, err
		}
	}
	if q.MustNot != nil {
		if not, err = e.eval(q.MustNot); err != nil {
			return matches{}, err
		}
		if not.all {
			return matches{}, nil
		}
	}
	var out matches
	switch {
	case !hasMust:
		out = should
	case q.Should == nil:
		out = must
	default:
		if must.all {
			must = e.allDocs(must.scale)
		}
		out = e.addOptional(must, should)
	}
	if len(not.docs) > 0 {
		if out.all {
			out = e.allDocs(out.scale)
		}
		out = e.subtract(out, not)
	}
	return out, nil
}

// allDocs materialises every live document.
func (e *evaluation) allDocs(scale float64) matches {
	out := e.alloc(int(e.segs.docs))
	out.docs = e.segs.appendLive(out.docs)
	for range out.docs {
		out.scores = append(out.scores, scale)
	}
	return out
}

// union adds up the children's scores per document, keeps the documents
// that at least min children (and at least one) match, and scales each
// score by the share of children that match it.
func (e *evaluation) union(children []matches, atLeast int) matches {
	atLeast = max(atLeast, 1)
	n := len(children)
	if n == 0 || atLeast > n {
		return matches{}
	}
	for i := range children {
		if children[i].all {
			children[i] = e.allDocs(children[i].scale)
		}
	}
	if n == 1 {
		return children[0]
	}
	total := 0
	for _, c := range children {
		total += len(c.docs)
	}
	out := e.alloc(total)
	if n == 2 {
		return merge2(children[0], children[1], atLeast, out)
	}
	// Three children or more add into the accumulator, a block at a
	// time: merging three or four sorted lists, comparing their heads at
	// every document, took 10 to 20% more CPU in the slowest queries'
	// unions (bench/query-rounds.md, eighth round).
	return e.acc.union(children, uint32(atLeast), out)
}

// merge2 is union for two children, the commonest: a term in the title
// or the body; out has room for both lists. The body's list is usually
// several times the title's, so the documents of one list before the
// other's next come in runs: each run is copied in a loop of its own,
// whose branch the processor predicts, where comparing the two heads at
// every document mispredicted once a run.
func merge2(a, b matches, atLeast int, out matches) matches {
	if atLeast > 1 {
		return intersect2(a, b, out)
	}
	docs, scores := out.docs[:len(a.docs)+len(b.docs)], out.scores[:len(a.docs)+len(b.docs)]
	ad, as, bd, bs := a.docs, a.scores[:len(a.docs)], b.docs, b.scores[:len(b.docs)]
	// Matching one child of two halves the score (coordination).
	ha, hb := a.scale/2, b.scale/2
	i, j, k := 0, 0, 0
	for i < len(ad) && j < len(bd) {
		da := ad[i]
		for j < len(bd) && bd[j] < da {
			docs[k], scores[k] = bd[j], hb*bs[j]
			k++
			j++
		}
		if j == len(bd) {
			break
		}
		db := bd[j]
		if db == da {
			docs[k], scores[k] = da, a.scale*as[i]+b.scale*bs[j]
			k++
			i++
			j++
			continue
		}
		for i < len(ad) && ad[i] < db {
			docs[k], scores[k] = ad[i], ha*as[i]
			k++
			i++
		}
	}
	for ; i < len(ad); i++ {
		docs[k], scores[k] = ad[i], ha*as[i]
		k++
	}
	for ; j < len(bd); j++ {
		docs[k], scores[k] = bd[j], hb*bs[j]
		k++
	}
	out.docs, out.scores = docs[:k], scores[:k]
	return out
}

// intersect2 is merge2 for a union that needs both children.
func intersect2(a, b matches, out matches) matches {
	docs, scores := out.docs[:cap(out.docs)], out.scores[:cap(out.docs)]
	ad, as, bd, bs := a.docs, a.scores, b.docs, b.scores
	i, j, k := 0, 0, 0
	for i < len(ad) && j < len(bd) {
		da, db := ad[i], bd[j]
		switch {
		case da < db:
			i++
		case da > db:
			j++
		default:
			docs[k], scores[k] = da, a.scale*as[i]+b.scale*bs[j]
			k++
			i++
			j++
		}
	}
	out.docs, out.scores = docs[:k], scores[:k]
	return out
}

// intersect keeps the documents every child matches, scoring the sum.
func (e *evaluation) intersect(children []matches) matches {
	if len(children) == 0 {
		return matches{}
	}
	constant := 0.0
	var lists []matches
	for _, c := range children {
		if c.all {
			constant += c.scale
			continue
		}
		if len(c.docs) == 0 {
			return matches{}
		}
		lists = append(lists, c)
	}
	if len(lists) == 0 {
		return matches{all: true, scale: constant}
	}
	slices.SortStableFunc(lists, func(a, b matches) int { return len(a.docs) - len(b.docs) })
	first := lists[0]
	if len(lists) == 1 && constant == 0 {
		// A conjunction of one (a boolean's must clause): its matches
		// as they are, never modified, rather than a copy.
		return first
	}
	out := e.alloc(len(first.docs))
	if len(lists) == 1 {
		out.docs = append(out.docs, first.docs...)
		for i := range first.docs {
			out.scores = append(out.scores, constant+first.score(i))
		}
		return out
	}
	// The shortest list is intersected with the next as it is copied:
	// most of it does not survive, and copying it whole first was a
	// quarter of an intersection's time.
	l, j := lists[1], 0
	if l.dense != nil {
		for i, d := range first.docs {
			if j, ok := l.dense.find(d); ok {
				out.docs = append(out.docs, d)
				out.scores = append(out.scores, constant+first.score(i)+l.score(j))
			}
		}
	} else {
		for i, d := range first.docs {
			j = seek(l.docs, j, d)
			if j == len(l.docs) {
				break
			}
			if l.docs[j] == d {
				out.docs = append(out.docs, d)
				out.scores = append(out.scores, constant+first.score(i)+l.score(j))
			}
		}
	}
	if len(out.docs) == 0 {
		return matches{}
	}
	for _, l := range lists[2:] {
		k, j := 0, 0
		for i, d := range out.docs {
			if l.dense != nil {
				if j, ok := l.dense.find(d); ok {
					out.docs[k] = d
					out.scores[k] = out.scores[i] + l.score(j)
					k++
				}
				continue
			}
			j = seek(l.docs, j, d)
			if j == len(l.docs) {
				break
			}
			if l.docs[j] == d {
				out.docs[k] = d
				out.scores[k] = out.scores[i] + l.score(j)
				k++
			}
		}
		out.docs, out.scores = out.docs[:k], out.scores[:k]
		if k == 0 {
			return matches{}
		}
	}
	return out
}

// seek returns the first position at or after from whose document is at
// least d: doubling steps, then a binary search between the last two.
// Lists intersected are often of like length, so the first look usually
// settles it; the search is written out, as slices.BinarySearch on a
// subslice cost most of an intersection's time.
func seek(docs []uint32, from int, d uint32) int {
	if from >= len(docs) || docs[from] >= d {
		return from
	}
	// docs[lo] < d; docs[hi] ≥ d, or hi is the end.
	lo, hi, step := from, from+1, 2
	for hi < len(docs) && docs[hi] < d {
		lo = hi
		hi += step
		step <<= 1
	}
	hi = min(hi, len(docs))
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if docs[mid] < d {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// addOptional adds the optional matches' scores to the required ones.
func (e *evaluation) addOptional(req, opt matches) matches {
	out := e.alloc(len(req.docs))
	out.docs = req.docs
	for i := range req.docs {
		out.scores = append(out.scores, req.score(i))
	}
	if opt.all {
		for i := range out.scores {
			out.scores[i] += opt.scale
		}
		return out
	}
	if opt.dense != nil {
		for i, d := range out.docs {
			if j, ok := opt.dense.find(d); ok {
				out.scores[i] += opt.score(j)
			}
		}
		return out
	}
	j := 0
	for i, d := range out.docs {
		j = seek(opt.docs, j, d)
		if j == len(opt.docs) {
			break
		}
		if opt.docs[j] == d {
			out.scores[i] += opt.score(j)
		}
	}
	return out
}

// subtract removes the documents in not.
func (e *evaluation) subtract(m, not matches) matches {
	out := e.alloc(len(m.docs))
	out.scale = m.scale
	j := 0
	for i, d := range m.docs {
		j = seek(not.docs, j, d)
		if j < len(not.docs) && not.docs[j] == d {
			continue
		}
		out.docs = append(out.docs, d)
		out.scores = append(out.scores, m.scores[i])
	}
	return out
}
