package search

import (
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
	for i := len(lifts) - 1; i >= 0 && len(out.docs) > 0; i-- {
		if err := e.lift(out, base, lifts[i]); err != nil {
			return matches{}, err
		}
	}
	return out, nil
}

// lift adds to out's scores the lift l's, where it matches.
func (e *evaluation) lift(out matches, base query.Query, l *query.ConjunctionQuery) error {
	skip := restriction(l, base)
	constant := 0.0
	var buf [8]matches
	lists := buf[:0]
	for i, c := range l.Conjuncts {
		if i == skip {
			continue
		}
		m, err := e.eval(c)
		if err != nil {
			return err
		}
		if m.all {
			constant += m.scale
			continue
		}
		if len(m.docs) == 0 {
			return nil
		}
		lists = append(lists, m)
	}
	if len(lists) == 0 {
		for i := range out.scores {
			out.scores[i] += constant
		}
		return nil
	}
	slices.SortStableFunc(lists, func(a, b matches) int { return len(a.docs) - len(b.docs) })
	// Walk the shorter of out and the lift's shortest list, seeking in
	// the others; the plan's matches are mostly the shorter.
	byFirst := len(lists[0].docs) < len(out.docs)
	walked, rest := out.docs, lists
	if byFirst {
		walked, rest = lists[0].docs, lists[1:]
	}
	var curBuf [8]int
	cur := curBuf[:0]
	for range rest {
		cur = append(cur, 0)
	}
	p := 0
	for i, d := range walked {
		at, s := i, constant // d's position in out, its lift
		if byFirst {
			p = seek(out.docs, p, d)
			if p == len(out.docs) {
				return nil
			}
			if out.docs[p] != d {
				continue
			}
			at = p
			s += lists[0].score(i)
		}
		matched := true
		for k, l := range rest {
			j := seek(l.docs, cur[k], d)
			cur[k] = j
			if j == len(l.docs) {
				return nil
			}
			if l.docs[j] != d {
				matched = false
				break
			}
			s += l.score(j)
		}
		if matched {
			out.scores[at] += s
		}
	}
	return nil
}
