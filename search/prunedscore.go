package search

// Scoring one match of a pruned plan (pruned.go): the plan is walked for
// that document alone, each node adding as the evaluator's operation for it
// adds (evaluate.go, lifted.go), so that the score is the one the exhaustive
// evaluation gives, to the last bit.

// value is n's score of document d, a match of n's parent, as scale × raw;
// ok false: n does not match d.
func (p *pruner) value(n *pnode, d uint32) (raw, scale float64, ok bool) {
	if !has(n.bits, d) && n.op != popAll {
		return 0, 0, false
	}
	if n.memoValid && n.memoDoc == d {
		return n.memoRaw, n.memoSc, n.memoOK
	}
	raw, scale, ok = p.score(n, d)
	n.memoDoc, n.memoRaw, n.memoSc, n.memoOK, n.memoValid = d, raw, scale, ok, true
	return raw, scale, ok
}

func (p *pruner) score(n *pnode, d uint32) (raw, scale float64, ok bool) {
	switch n.op {
	case popAll:
		return 1, n.scale, true
	case popLeaf:
		l := &n.leaf
		var j int
		if l.dense != nil {
			j, _ = l.dense.find(d)
		} else {
			if n.cur >= len(l.docs) || l.docs[n.cur] > d {
				n.cur = 0
			}
			j = seek(l.docs, n.cur, d)
			n.cur = j
		}
		return l.scores[j], l.scale, true
	case popScaled:
		r, _, ok := p.value(n.kids[0], d)
		return r, n.scale, ok
	case popEvery:
		return n.constant, 1, true
	case popUnion:
		return p.unionScore(n, d)
	case popIntersect:
		sum := n.constant
		for i, k := range n.kids {
			r, s, ok := p.value(k, d)
			if !ok {
				return 0, 0, false
			}
			if i == 0 && len(n.kids) == 1 {
				return n.constant + s*r, 1, true
			}
			sum += s * r
		}
		return sum, 1, true
	case popOptional:
		r, s, ok := p.value(n.kids[0], d)
		if !ok {
			return 0, 0, false
		}
		out := s * r
		if r2, s2, ok := p.value(n.kids[1], d); ok {
			out += s2 * r2
		}
		return out, 1, true
	case popSubtract:
		if has(n.kids[1].bits, d) {
			return 0, 0, false
		}
		return p.value(n.kids[0], d)
	case popLifted:
		r, s, ok := p.value(n.kids[0], d)
		if !ok {
			return 0, 0, false
		}
		out := s * r
	lifts:
		for _, l := range n.lifts {
			if len(l.lists) == 0 {
				out += l.constant
				continue
			}
			v := l.constant
			for _, m := range l.lists {
				r, s, ok := p.value(m, d)
				if !ok {
					continue lifts
				}
				v += s * r
			}
			out += v
		}
		return out, 1, true
	}
	return 0, 0, false
}

// unionScore is evaluation.union's score: merge2's for two children, the
// accumulator's for more.
func (p *pruner) unionScore(n *pnode, d uint32) (float64, float64, bool) {
	if len(n.kids) == 2 {
		ra, sa, oka := p.value(n.kids[0], d)
		rb, sb, okb := p.value(n.kids[1], d)
		switch {
		case oka && okb:
			return sa*ra + sb*rb, 1, true
		case n.atLeast > 1:
			return 0, 0, false
		case oka:
			return sa / 2 * ra, 1, true
		case okb:
			return sb / 2 * rb, 1, true
		}
		return 0, 0, false
	}
	sum, count := 0.0, 0
	for _, k := range n.kids {
		if r, s, ok := p.value(k, d); ok {
			sum += s * r
			count++
		}
	}
	if count < n.atLeast || count == 0 {
		return 0, 0, false
	}
	return sum * float64(count) / float64(len(n.kids)), 1, true
}
