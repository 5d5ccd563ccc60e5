package search

import (
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Lifts. A text's plan adds its intent's lifts (intent.go) as booleans
// nested through their must clause, each with one should clause: a
// conjunction of a constant, the documents lifted and, scaled to nothing,
// the plan itself, so that a lift only reaches the plan's matches.
// Evaluated as written, each lift intersects afresh with the plan's
// matches, and each boolean copies the list twice (its must clause, then
// its scores); the lifts were a fifth of a broad query's evaluation.
// lifted evaluates the chain at once instead: the plan's matches are
// copied once, and each lift adds its score in place to the matches it
// reaches, found by walking them beside the lift's lists. The scores are
// bleve's to the last bit: each lift's terms are added in the order its
// intersection adds them, and the plan's own term, scaled to nothing,
// adds nothing.

// liftChain recognises the lifts of a text's plan in q: it returns the
// plan and its lifts, outermost first, or ok false.
func liftChain(q *query.BooleanQuery) (base query.Query, lifts []*query.ConjunctionQuery, ok bool) {
	for {
		lift, inner, ok := liftLink(q)
		if !ok {
			break
		}
		lifts = append(lifts, lift)
		next, nested := inner.(*query.BooleanQuery)
		if !nested {
			base = inner
			break
		}
		if _, _, ok := liftLink(next); !ok {
			base = inner
			break
		}
		q = next
	}
	if base == nil {
		return nil, nil, false
	}
	for _, l := range lifts {
		if restriction(l, base) < 0 {
			return nil, nil, false
		}
	}
	return base, lifts, true
}

// liftLink recognises one boolean of the chain: a must clause of one
// query, inner, and a should clause of one conjunction, the lift.
func liftLink(q *query.BooleanQuery) (lift *query.ConjunctionQuery, inner query.Query, ok bool) {
	if q.MustNot != nil {
		return nil, nil, false
	}
	must, ok := q.Must.(*query.ConjunctionQuery)
	if !ok || len(must.Conjuncts) != 1 {
		return nil, nil, false
	}
	should, ok := q.Should.(*query.DisjunctionQuery)
	if !ok || len(should.Disjuncts) != 1 || should.Min > 1 {
		return nil, nil, false
	}
	lift, ok = should.Disjuncts[0].(*query.ConjunctionQuery)
	if !ok {
		return nil, nil, false
	}
	return lift, must.Conjuncts[0], true
}

// restriction is the position in lift of its restriction to base's
// matches, or -1.
func restriction(lift *query.ConjunctionQuery, base query.Query) int {
	for i, c := range lift.Conjuncts {
		if s, ok := c.(*scaled); ok && s.factor == 0 && s.q == base {
			return i
		}
	}
	return -1
}

// lifted evaluates base with its lifts, outermost first.
func (e *evaluation) lifted(base query.Query, lifts []*query.ConjunctionQuery) (matches, error) {
	req, err := e.eval(base)
	if err != nil {
		return matches{}, err
	}
	if req.all {
		req = e.allDocs(req.scale)
	}
	out := e.alloc(len(req.docs))
	out.docs = req.docs
	for i := range req.docs {
		out.scores = append(out.scores, req.score(i))
	}
	if len(out.docs) == 0 {
		return out, nil
	}
	// Each lift's terms, innermost lift first, as its intersection
	// would take them: constants summed, lists from the shortest.
	terms := make([]liftTerms, 0, len(lifts))
	for i := len(lifts) - 1; i >= 0; i-- {
		t, err := e.liftTerms(base, lifts[i])
		if err != nil {
			return matches{}, err
		}
		terms = append(terms, t)
	}
	// A list that several lifts share (the documents of a kind) is
	// looked up in the plan's matches once, not once a lift, into the
	// score it gives each of them: read in the matches' order, not from
	// the list's long arrays.
	at := map[listKey][]float64{}
	seen := map[listKey]bool{}
	for _, t := range terms {
		for k := range t.lists {
			key := keyOf(t.lists[k])
			if seen[key] && at[key] == nil {
				at[key] = e.scoresAt(out.docs, t.lists[k])
			}
			seen[key] = true
		}
	}
	for _, t := range terms {
		if !t.none {
			e.lift(out, t, at)
		}
	}
	return out, nil
}

// listKey names a list of matches with its scores: the same term under
// another boost is another list.
type listKey struct {
	docs   *uint32
	n      int
	scores *float64
	scale  float64
}

func keyOf(m matches) listKey {
	return listKey{&m.docs[0], len(m.docs), &m.scores[0], m.scale}
}

// liftTerms are a lift's terms: its constant and its lists from the
// shortest; none says it matches nothing.
type liftTerms struct {
	constant float64
	lists    []matches
	none     bool
}

func (e *evaluation) liftTerms(base query.Query, l *query.ConjunctionQuery) (liftTerms, error) {
	skip := restriction(l, base)
	var t liftTerms
	for i, c := range l.Conjuncts {
		if i == skip {
			continue
		}
		m, err := e.eval(c)
		if err != nil {
			return liftTerms{}, err
		}
		if m.all {
			t.constant += m.scale
			continue
		}
		if len(m.docs) == 0 {
			return liftTerms{none: true}, nil
		}
		t.lists = append(t.lists, m)
	}
	slices.SortStableFunc(t.lists, func(a, b matches) int { return len(a.docs) - len(b.docs) })
	return t, nil
}

// scoresAt are, for each of docs, the score l gives it, or NaN where l
// lacks it.
func (e *evaluation) scoresAt(docs []uint32, l matches) []float64 {
	at := e.alloc(len(docs)).scores[:len(docs)]
	missing := math.NaN()
	if l.dense != nil {
		for i, d := range docs {
			if j, ok := l.dense.find(d); ok {
				at[i] = l.score(j)
			} else {
				at[i] = missing
			}
		}
		return at
	}
	j := 0
	for i, d := range docs {
		j = seek(l.docs, j, d)
		if j < len(l.docs) && l.docs[j] == d {
			at[i] = l.score(j)
		} else {
			at[i] = missing
		}
	}
	return at
}

// lift adds to out's scores the lift t's, where it matches; at holds the
// scores of out's documents in the lists shared by several lifts.
func (e *evaluation) lift(out matches, t liftTerms, at map[listKey][]float64) {
	if len(t.lists) == 0 {
		for i := range out.scores {
			out.scores[i] += t.constant
		}
		return
	}
	lists := t.lists
	var posBuf [8][]float64
	var curBuf [8]int
	pos, cur := posBuf[:0], curBuf[:0]
	driver := -1 // the list walked, when shorter than out: the shortest unshared one
	for k := range lists {
		p := at[keyOf(lists[k])]
		pos = append(pos, p)
		cur = append(cur, 0)
		if p == nil && driver < 0 && len(lists[k].docs) < len(out.docs) {
			driver = k
		}
	}
	// add adds the lift to out's i-th document, d, whose position in
	// the driver is dj; false: a list has run out, and no later document
	// can match.
	add := func(i int, d uint32, dj int) bool {
		s := t.constant
		for k := range lists {
			l := &lists[k]
			j := dj
			switch {
			case k == driver:
			case pos[k] != nil:
				v := pos[k][i]
				if v != v { // NaN: not in the list
					return true
				}
				s += v
				continue
			case l.dense != nil:
				var ok bool
				if j, ok = l.dense.find(d); !ok {
					return true
				}
			default:
				j = seek(l.docs, cur[k], d)
				cur[k] = j
				if j == len(l.docs) {
					return false
				}
				if l.docs[j] != d {
					return true
				}
			}
			s += l.score(j)
		}
		out.scores[i] += s
		return true
	}
	if driver < 0 {
		for i, d := range out.docs {
			if !add(i, d, 0) {
				return
			}
		}
		return
	}
	p := 0
	for j, d := range lists[driver].docs {
		p = seek(out.docs, p, d)
		if p == len(out.docs) {
			return
		}
		if out.docs[p] == d && !add(p, d, j) {
			return
		}
	}
}
