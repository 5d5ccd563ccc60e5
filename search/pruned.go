package search

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Pruned evaluation. The evaluator (evaluate.go) computes every match's
// score, clause by clause over whole lists, and collecting (collect.go)
// then keeps the best k: for a broad query, tens of thousands of scores for
// a page of ten. The pruned evaluator computes the matches apart from their
// scores, as bitmaps over the document numbers OR'd and AND'd through the
// plan, which give the total and the facet counts as before. It bounds each
// match's score from the clauses it is in (three levels of unions down,
// each clause bounded by the sum of its terms' largest weights) and the
// intent lifts that reach it, and scores exactly only the matches whose
// bound can reach the page: first the k best bounded, whose scores set a
// threshold, then those above it, best bounds first, until the next bound
// cannot reach the page's worst. A match is scored by walking the plan for
// it alone, adding in the order the evaluator adds, so that scores are the
// same to the last bit (TestPrunedEqualsExhaustive and
// TestPrunedSearchEqualsExhaustive compare every query of the log).
//
// It takes ranked pages of at most maxPrunedK hits of a plan that is a
// union, its intent lifts around it or not; of those, only broad plans
// (pruneMinPostings) are pruned, and a plan whose bounds leave too many
// matches to score (pruneShare) is evaluated whole after all: the bitmaps
// and bounds cost about as much as adding up a narrow plan's lists, and
// scoring one match alone costs several times what adding it up does
// (bench/query-rounds.md, ninth round).

// maxPrunedK is the deepest page (page × size) pruned evaluation collects:
// a deeper page's threshold prunes little.
const maxPrunedK = 100

// pop is what a node of a pruned plan does.
type pop uint8

const (
	popNone      pop = iota
	popAll           // every live document, scoring scale
	popLeaf          // a term's postings
	popScaled        // its child, scaled
	popUnion         // evaluation.union
	popIntersect     // evaluation.intersect
	popOptional      // evaluation.addOptional
	popSubtract      // evaluation.subtract
	popLifted        // evaluation.lifted
	popEvery         // every live document, as a list: scale × 1 each
)

// pnode is a plan's node: its matches as a bitmap, and what it needs to
// score one of them as the evaluator does. A node's score is scale ×
// raw, as a list of matches' is scale × scores[i].
type pnode struct {
	op    pop
	bits  []uint64 // the matches (every op but popNone and popAll)
	count int      // how many
	scale float64
	max   float64 // a bound on scale × raw
	leaf  matches
	cur   int // the leaf's position of the document scored last
	kids  []*pnode
	// atLeast: a union's least matching children; constant: an
	// intersection's children that match all.
	atLeast  int
	constant float64
	lifts    []plift // innermost first
	// The last document scored: a node named twice is scored once.
	memoDoc           uint32
	memoRaw, memoSc   float64
	memoOK, memoValid bool
}

// plift is an intent lift: a constant and lists (kids, from the shortest)
// that a document must all be in.
type plift struct {
	constant float64
	lists    []*pnode
	bits     []uint64 // the documents the lift reaches; nil: all
	max      float64
}

// pruner builds and scores a pruned plan.
type pruner struct {
	e     *evaluation
	words int // bitmap length: document numbers run below words × 64
	done  map[query.Query]*pnode
	taken [][]uint64
	// scored counts the matches scored, for the tests.
	scored int
	err    error
}

// prunable reports whether q's plan is one the pruned evaluator takes: it
// looks at the plan's shape only, before any term is read or expanded, so
// that a plan it does not take is evaluated exactly as before.
func prunable(q query.Query) bool {
	if b, ok := q.(*query.BooleanQuery); ok {
		base, _, ok := liftChain(b)
		if !ok {
			return false
		}
		q = base
	}
	d, ok := q.(*query.DisjunctionQuery)
	return ok && len(d.Disjuncts) >= 2 && prunableTree(q)
}

// prunableTree reports whether every node of q is of a kind the pruner
// builds.
func prunableTree(q query.Query) bool {
	switch q := q.(type) {
	case *query.TermQuery, *query.FuzzyQuery, *query.PrefixQuery, *query.MatchAllQuery, *query.MatchNoneQuery:
		return true
	case *scaled:
		return q.factor >= 0 && prunableTree(q.q)
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			if !prunableTree(c) {
				return false
			}
		}
		return true
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			if !prunableTree(c) {
				return false
			}
		}
		return true
	case *query.BooleanQuery:
		for _, c := range []query.Query{q.Must, q.Should, q.MustNot} {
			if c != nil && !prunableTree(c) {
				return false
			}
		}
		return true
	}
	return false
}

// searchPruned evaluates q, expanded within b, counts its matches into c
// and returns the best k that pass c's filters, best first, as evaluate
// and collect would. matched is false when nothing matches, and c is then
// untouched.
func (ix *Index) searchPruned(ctx context.Context, q query.Query, b *budget, c *counter, k int) (top []ranked, matched bool, err error) {
	top, matched, _, err = ix.prune(ctx, q, b, c, k)
	return top, matched, err
}

// prune is searchPruned, with the number of matches it scored.
func (ix *Index) prune(ctx context.Context, q query.Query, b *budget, c *counter, k int) (top []ranked, matched bool, scored int, err error) {
	sc := ix.scratch.Get().(*scratch)
	defer func() { sc.reuse(); ix.scratch.Put(sc) }()
	e := &evaluation{ctx: ctx, segs: ix.segments, reader: ix.reader, terms: map[[2]string]postings{}, done: map[query.Query]matches{}, scratch: sc}
	if b != nil {
		if err = e.expandWithin(b, q); err != nil {
			return nil, false, 0, err
		}
	}
	// A narrow plan is evaluated whole: its bitmaps would cost more
	// than adding up its few postings.
	base := q
	if bq, ok := q.(*query.BooleanQuery); ok {
		base, _, _ = liftChain(bq)
	}
	n, err := e.postingsOf(base, map[query.Query]bool{})
	if err != nil {
		return nil, false, 0, err
	}
	if uint64(n) < pruneMinPostings*ix.segments.limit {
		return whole(e, q, c, k)
	}
	p := &pruner{e: e, words: int((ix.segments.limit + 63) / 64), done: map[query.Query]*pnode{}}
	defer p.release()
	root, err := p.build(q)
	if err != nil {
		return nil, false, 0, err
	}
	if root.count == 0 {
		return nil, false, 0, nil
	}
	if n < pruneMinPerMatch*root.count {
		// Few postings a match: adding them up costs less than
		// bounding every match.
		return whole(e, q, c, k)
	}
	top = p.collect(q, root, c, k)
	return top, true, p.scored, p.err
}

func (p *pruner) bitmap() []uint64 {
	var b []uint64
	if n := len(p.e.bitmaps); n > 0 {
		b = p.e.bitmaps[n-1]
		p.e.bitmaps = p.e.bitmaps[:n-1]
		clear(b)
	} else {
		b = make([]uint64, p.words)
	}
	p.taken = append(p.taken, b)
	return b
}

func (p *pruner) release() {
	for _, b := range p.taken {
		if len(b) == p.words {
			p.e.bitmaps = append(p.e.bitmaps, b)
		}
	}
	p.taken = nil
}

// liveBits is the bitmap of every live document.
func (p *pruner) liveBits() []uint64 { return p.e.segs.liveBitmap() }

var nodeNone = &pnode{op: popNone}

func (p *pruner) build(q query.Query) (*pnode, error) {
	if err := p.e.ctx.Err(); err != nil {
		return nil, err
	}
	switch q := q.(type) {
	case *query.TermQuery:
		return p.term(q.FieldVal, q.Term, q.Boost())
	case *scaled:
		n, err := p.build(q.q)
		if err != nil || n.op == popNone {
			return n, err
		}
		s := &pnode{op: popScaled, bits: n.bits, count: n.count, scale: n.scale * q.factor, max: q.factor * n.max, constant: q.factor, kids: []*pnode{n}}
		if n.op == popAll {
			s.op = popAll
		}
		return s, nil
	case *query.DisjunctionQuery, *query.ConjunctionQuery:
		if n, ok := p.done[q]; ok {
			return n, nil
		}
		var n *pnode
		var err error
		if d, ok := q.(*query.DisjunctionQuery); ok {
			var kids []*pnode
			if kids, err = p.buildAll(d.Disjuncts); err == nil {
				n = p.union(kids, int(d.Min))
			}
		} else {
			var kids []*pnode
			if kids, err = p.buildAll(q.(*query.ConjunctionQuery).Conjuncts); err == nil {
				n = p.intersect(kids)
			}
		}
		if err != nil {
			return nil, err
		}
		p.done[q] = n
		return n, nil
	case *query.FuzzyQuery:
		children, err := p.e.fuzzyTerms(q)
		if err != nil {
			return nil, err
		}
		return p.union(p.leaves(children), 0), nil
	case *query.PrefixQuery:
		children, err := p.e.prefixTerms(q)
		if err != nil {
			return nil, err
		}
		return p.union(p.leaves(children), 0), nil
	case *query.BooleanQuery:
		return p.boolean(q)
	case *query.MatchAllQuery:
		return &pnode{op: popAll, bits: p.liveBits(), count: int(p.e.segs.docs), scale: q.Boost(), max: max(0, q.Boost())}, nil
	case *query.MatchNoneQuery:
		return nodeNone, nil
	}
	return nil, fmt.Errorf("query plan: cannot prune a %T", q)
}

func (p *pruner) buildAll(qs []query.Query) ([]*pnode, error) {
	out := make([]*pnode, len(qs))
	for i, q := range qs {
		n, err := p.build(q)
		if err != nil {
			return nil, err
		}
		out[i] = n
	}
	return out, nil
}

func (p *pruner) term(field, term string, boost float64) (*pnode, error) {
	ps, err := p.e.postings(field, term)
	if err != nil {
		return nil, err
	}
	return p.leaf(matches{docs: ps.docs, scores: ps.weights, scale: boost, dense: ps.dense}, ps.max), nil
}

// leaves are the nodes of terms already read (a fuzzy or prefix query's).
func (p *pruner) leaves(ms []matches) []*pnode {
	out := make([]*pnode, len(ms))
	for i, m := range ms {
		top := 0.0
		for _, w := range m.scores[:len(m.docs)] {
			top = max(top, w)
		}
		out[i] = p.leaf(m, top)
	}
	return out
}

func (p *pruner) leaf(m matches, top float64) *pnode {
	if len(m.docs) == 0 {
		return nodeNone
	}
	// Weights are never negative (BM25's and tf-idf's idf are
	// positive): a leaf scaled below zero adds at most nothing.
	n := &pnode{op: popLeaf, leaf: m, count: len(m.docs), scale: m.scale, max: max(0, m.scale*top)}
	if m.dense != nil {
		n.bits = m.dense.bits
	} else {
		n.bits = p.bitmap()
		for _, d := range m.docs {
			n.bits[d>>6] |= 1 << (d & 63)
		}
	}
	return n
}

// union is evaluation.union's node.
func (p *pruner) union(kids []*pnode, atLeast int) *pnode {
	atLeast = max(atLeast, 1)
	n := len(kids)
	if n == 0 || atLeast > n {
		return nodeNone
	}
	if n == 1 {
		if k := kids[0]; k.op == popAll {
			// The evaluator lists every document here: no longer
			// a constant to the nodes above.
			return &pnode{op: popEvery, bits: k.bits, count: k.count, scale: 1, constant: k.scale, max: k.scale}
		}
		return kids[0]
	}
	u := &pnode{op: popUnion, kids: kids, atLeast: atLeast, scale: 1}
	u.bits = p.bitmap()
	switch {
	case atLeast == 1:
		for _, k := range kids {
			orInto(u.bits, k.bits)
		}
	case atLeast == n:
		copy(u.bits, kids[0].bits)
		clear(u.bits[min(len(kids[0].bits), len(u.bits)):])
		for _, k := range kids[1:] {
			andInto(u.bits, k.bits)
		}
	default:
		atLeastInto(u.bits, kids, atLeast)
	}
	for _, k := range kids {
		u.max += k.max
	}
	u.count = popcount(u.bits)
	return u
}

// intersect is evaluation.intersect's node.
func (p *pruner) intersect(kids []*pnode) *pnode {
	if len(kids) == 0 {
		return nodeNone
	}
	constant := 0.0
	var lists []*pnode
	for _, k := range kids {
		if k.op == popAll {
			constant += k.scale
			continue
		}
		if k.count == 0 {
			return nodeNone
		}
		lists = append(lists, k)
	}
	if len(lists) == 0 {
		return &pnode{op: popAll, bits: p.liveBits(), count: int(p.e.segs.docs), scale: constant, max: constant}
	}
	slices.SortStableFunc(lists, func(a, b *pnode) int { return a.count - b.count })
	if len(lists) == 1 && constant == 0 {
		return lists[0]
	}
	x := &pnode{op: popIntersect, kids: lists, constant: constant, scale: 1, max: constant}
	x.bits = p.bitmap()
	copy(x.bits, lists[0].bits)
	for _, l := range lists[1:] {
		andInto(x.bits, l.bits)
	}
	for _, l := range lists {
		x.max += l.max
	}
	x.count = popcount(x.bits)
	if x.count == 0 {
		return nodeNone
	}
	return x
}

// boolean is evaluation.boolean's node.
func (p *pruner) boolean(q *query.BooleanQuery) (*pnode, error) {
	if base, lifts, ok := liftChain(q); ok {
		return p.lifted(base, lifts)
	}
	must, should, not := nodeNone, nodeNone, nodeNone
	var err error
	if q.Must != nil {
		if must, err = p.build(q.Must); err != nil {
			return nil, err
		}
	}
	if q.Should != nil {
		if should, err = p.build(q.Should); err != nil {
			return nil, err
		}
	}
	if q.MustNot != nil {
		if not, err = p.build(q.MustNot); err != nil {
			return nil, err
		}
		if not.op == popAll {
			return nodeNone, nil
		}
	}
	var out *pnode
	switch {
	case q.Must == nil:
		out = should
	case q.Should == nil:
		out = must
	default:
		out = &pnode{op: popOptional, kids: []*pnode{must, should}, bits: must.bits, count: must.count, scale: 1, max: must.max + should.max}
		if must.op == popNone {
			out = nodeNone
		}
	}
	if not.count > 0 && out.op != popNone {
		s := &pnode{op: popSubtract, kids: []*pnode{out, not}, scale: out.scale, max: out.max}
		s.bits = p.bitmap()
		copy(s.bits, out.bits)
		andNotInto(s.bits, not.bits)
		s.count = popcount(s.bits)
		return s, nil
	}
	return out, nil
}

// lifted is evaluation.lifted's node.
func (p *pruner) lifted(base query.Query, lifts []*query.ConjunctionQuery) (*pnode, error) {
	b, err := p.build(base)
	if err != nil {
		return nil, err
	}
	if b.count == 0 {
		return nodeNone, nil
	}
	n := &pnode{op: popLifted, kids: []*pnode{b}, bits: b.bits, count: b.count, scale: 1, max: b.max}
	for i := len(lifts) - 1; i >= 0; i-- {
		skip := restriction(lifts[i], base)
		var l plift
		none := false
		for j, c := range lifts[i].Conjuncts {
			if j == skip {
				continue
			}
			m, err := p.build(c)
			if err != nil {
				return nil, err
			}
			if m.op == popAll {
				l.constant += m.scale
				continue
			}
			if m.count == 0 {
				none = true
				break
			}
			l.lists = append(l.lists, m)
		}
		if none {
			continue
		}
		slices.SortStableFunc(l.lists, func(a, b *pnode) int { return a.count - b.count })
		l.max = l.constant
		for _, m := range l.lists {
			l.max += m.max
		}
		if len(l.lists) == 1 {
			l.bits = l.lists[0].bits
		} else if len(l.lists) > 1 {
			l.bits = p.bitmap()
			copy(l.bits, l.lists[0].bits)
			for _, m := range l.lists[1:] {
				andInto(l.bits, m.bits)
			}
		}
		n.lifts = append(n.lifts, l)
		n.max += l.max
	}
	return n, nil
}

// pruneMinPostings: a plan whose terms (its lifts' aside) hold fewer
// postings than pruneMinPostings a document of the index is evaluated
// whole. On the log at 100,000 documents, pruning paid from about
// 250,000 postings and cost up to twice the time below 100,000.
var pruneMinPostings uint64 = 2

// whole evaluates q whole in e, as Index.evaluate does, and collects it.
func whole(e *evaluation, q query.Query, c *counter, k int) (top []ranked, matched bool, scored int, err error) {
	m, err := e.eval(q)
	if err != nil {
		return nil, false, 0, err
	}
	if m.all {
		m = e.allDocs(m.scale)
	}
	if len(m.docs) == 0 {
		return nil, false, 0, nil
	}
	return collect(m, c, k), true, len(m.docs), nil
}

// pruneMinPerMatch: a plan whose terms (its lifts' aside) hold fewer
// postings than pruneMinPerMatch a match is evaluated whole. Bounding
// costs about the same for every match, where evaluating whole costs a
// posting's addition: on the log at 100,000 documents, pruning lost on
// the broad plans of 6 to 11 postings a match and gained on those of 20
// and more.
var pruneMinPerMatch = 16

// postingsOf is how many postings q's terms hold in all, each term
// counted once per query node that names it: the work an exhaustive
// evaluation does. The terms are read into e, where the evaluation that
// follows finds them.
func (e *evaluation) postingsOf(q query.Query, seen map[query.Query]bool) (int, error) {
	switch q := q.(type) {
	case *query.TermQuery:
		p, err := e.postings(q.FieldVal, q.Term)
		return len(p.docs), err
	case *scaled:
		return e.postingsOf(q.q, seen)
	case *query.FuzzyQuery, *query.PrefixQuery:
		var ms []matches
		var err error
		if f, ok := q.(*query.FuzzyQuery); ok {
			ms, err = e.fuzzyTerms(f)
		} else {
			ms, err = e.prefixTerms(q.(*query.PrefixQuery))
		}
		n := 0
		for _, m := range ms {
			n += len(m.docs)
		}
		return n, err
	case *query.DisjunctionQuery:
		return e.postingsOfAll(q, q.Disjuncts, seen)
	case *query.ConjunctionQuery:
		return e.postingsOfAll(q, q.Conjuncts, seen)
	case *query.BooleanQuery:
		return e.postingsOfAll(q, []query.Query{q.Must, q.Should, q.MustNot}, seen)
	}
	return 0, nil
}

func (e *evaluation) postingsOfAll(q query.Query, qs []query.Query, seen map[query.Query]bool) (int, error) {
	if seen[q] {
		return 0, nil
	}
	seen[q] = true
	n := 0
	for _, c := range qs {
		if c == nil {
			continue
		}
		m, err := e.postingsOf(c, seen)
		if err != nil {
			return 0, err
		}
		n += m
	}
	return n, nil
}
