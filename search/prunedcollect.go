package search

import (
	"container/heap"
	"math"
	"math/bits"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"
)

// Collecting a pruned plan (pruned.go): its matches are counted from its
// bitmap, each bounded, and only those whose bound can reach the page are
// scored (prunedscore.go), best bounds first.

// boundMargin covers the rounding by which a sum of scores, added in
// another order than its bound's, may exceed it.
const boundMargin = 1e-9

// bound is an upper bound of document d's score with its order nudge:
// base's, from the clauses beneath it that d is in, plus the lifts that
// reach d; depth is how far beneath base it looks.
func bound(base *pnode, lifts []plift, d uint32, depth int) float64 {
	b := nodeBound(base, d, depth)
	for i := range lifts {
		if l := &lifts[i]; l.bits == nil || has(l.bits, d) {
			b += l.max
		}
	}
	return b*(1+boundMargin) + tieNudge
}

// boundDepth is how far beneath the plan a bound looks for the clauses
// a document is in: each level of unions divides by the share of its
// clauses missing, where the nodes' bounds assume every one present.
const boundDepth = 3

// nodeBound bounds n's score of d, one of its matches, from the nodes
// depth levels down that d is in.
func nodeBound(n *pnode, d uint32, depth int) float64 {
	if depth == 0 {
		return n.max
	}
	switch n.op {
	case popUnion:
		sum, count := 0.0, 0
		for _, k := range n.kids {
			if k.op == popAll || has(k.bits, d) {
				sum += nodeBound(k, d, depth-1)
				count++
			}
		}
		return sum * float64(count) / float64(len(n.kids))
	case popIntersect:
		sum := n.constant
		for _, k := range n.kids {
			sum += nodeBound(k, d, depth-1)
		}
		return sum
	case popScaled:
		return n.constant * nodeBound(n.kids[0], d, depth)
	case popOptional:
		b := nodeBound(n.kids[0], d, depth-1)
		if s := n.kids[1]; s.op == popAll || has(s.bits, d) {
			b += nodeBound(s, d, depth-1)
		}
		return b
	case popSubtract:
		return nodeBound(n.kids[0], d, depth)
	}
	return n.max
}

// collect counts root's matches into c and returns the best k of those
// that pass c's filters, best first: the k best bounded are scored first,
// and the k-th best of their scores is the threshold below which a bound
// cannot reach the page; then the matches bounded above it, best bounds
// first, are scored and ranked as collect.go ranks them, until the next
// bound cannot reach the page's worst.
func (p *pruner) collect(q query.Query, root *pnode, c *counter, k int) []ranked {
	c.expect(root.count)
	defer c.flush()
	base, lifts := root, []plift(nil)
	if root.op == popLifted {
		base, lifts = root.kids[0], root.lifts
	}
	cand := p.e.alloc(root.count)
	for w, word := range root.bits {
		for word != 0 {
			d := uint32(w)<<6 | uint32(bits.TrailingZeros64(word))
			word &= word - 1
			if !c.add(uint64(d)) || k == 0 {
				continue
			}
			cand.docs = append(cand.docs, d)
			cand.scores = append(cand.scores, bound(base, lifts, d, 1))
		}
	}
	if k == 0 || len(cand.docs) == 0 {
		return nil
	}
	// The k best bounded: a heap of positions, the least bound first.
	first := make(boundHeap, 0, k)
	for i := range cand.docs {
		switch {
		case len(first) < k:
			first = append(first, boundAt{i, cand.scores[i]})
			if len(first) == k {
				heap.Init(&first)
			}
		case cand.scores[i] > first[0].bound:
			first[0] = boundAt{i, cand.scores[i]}
			heap.Fix(&first, 0)
		}
	}
	threshold := math.Inf(-1)
	if len(first) == k {
		threshold = math.Inf(1)
		for _, f := range first {
			d := cand.docs[f.at]
			r, s, _ := p.value(root, d)
			p.scored++
			threshold = min(threshold, s*r+c.order.nudge(uint64(d)))
		}
	}
	// Bounds that look one level down are loose, but take half the
	// time of those that look further: those that still reach the
	// threshold are bounded again, closer.
	if !math.IsInf(threshold, -1) {
		for i, b := range cand.scores {
			if b >= threshold {
				cand.scores[i] = bound(base, lifts, cand.docs[i], boundDepth)
			}
		}
	}
	// Those whose bound reaches the threshold, best bound first, until
	// the next cannot reach the page's worst: in buckets of bounds, each
	// in document order, so that a term's postings are walked forwards.
	if math.IsInf(threshold, -1) {
		// Fewer than k: every one is on the page.
		threshold = slices.Min(cand.scores)
	}
	var buckets [pruneBuckets + 1]int32
	top := threshold
	for _, b := range cand.scores {
		top = max(top, b)
	}
	width := (top - threshold) / (pruneBuckets - 1)
	bucketOf := func(b float64) int {
		if width <= 0 {
			return pruneBuckets - 1
		}
		return min(pruneBuckets-1, int((b-threshold)/width))
	}
	var highest [pruneBuckets]float64 // each bucket's largest bound
	for _, b := range cand.scores {
		if b >= threshold {
			at := bucketOf(b)
			buckets[at+1]++
			highest[at] = max(highest[at], b)
		}
	}
	for i := 1; i <= pruneBuckets; i++ {
		buckets[i] += buckets[i-1]
	}
	order := p.e.alloc(int(buckets[pruneBuckets])).docs[:buckets[pruneBuckets]]
	next := buckets
	for i, b := range cand.scores {
		if b >= threshold {
			at := bucketOf(b)
			order[next[at]] = uint32(i)
			next[at]++
		}
	}
	budget := min(len(cand.docs)/pruneShare, maxPrunedScored*max(1, int(p.e.segs.limit/prunedScoredPer)))
	h := make(worstFirst, 0, k)
	for bk := pruneBuckets - 1; bk >= 0; bk-- {
		if buckets[bk] == buckets[bk+1] {
			continue
		}
		if len(h) == k && highest[bk] < h[0].score {
			break // no bound in this bucket or below reaches the page
		}
		for _, i := range order[buckets[bk]:buckets[bk+1]] {
			if len(h) == k && cand.scores[i] < h[0].score {
				continue
			}
			if p.scored >= budget {
				// Most would be scored: scoring them one by one
				// costs more than adding up whole lists.
				return p.exhaustive(q, cand.docs, c, k)
			}
			d := cand.docs[i]
			r, s, _ := p.value(root, d)
			p.scored++
			rank(&h, k, d, s*r, c.order)
		}
	}
	return best(h)
}

// pruneBuckets is how many ranges of bounds the candidates are sorted
// into, to be scored best range first.
const pruneBuckets = 256

// pruneShare and maxPrunedScored: when more than one match in pruneShare,
// or more than maxPrunedScored for every prunedScoredPer documents of the
// index, would be scored, the plan is evaluated whole instead. On the log
// at 100,000 documents the broad plans that pruning helps score 30 to 320
// matches; one that scored a thousand before giving up took two and a half
// times its whole evaluation. A whole evaluation's cost grows with the
// index, a match's scoring does not: at 1,000,000 documents a cap of 512
// gave *close grip bench press* back after its bitmaps, taking 40% longer.
const (
	pruneShare      = 32
	maxPrunedScored = 512
	prunedScoredPer = 100_000
)

// rank is collect's step: score, d's, joins h if it is among the best k.
func rank(h *worstFirst, k int, d uint32, score float64, o *documentOrder) {
	if len(*h) == k && score+tieNudge < (*h)[0].score {
		return // not even the largest nudge lifts it into the page
	}
	r := ranked{d, score + o.nudge(uint64(d))}
	switch {
	case len(*h) < k:
		heap.Push(h, r)
	case better(r, (*h)[0]):
		(*h)[0] = r
		heap.Fix(h, 0)
	}
}

// exhaustive evaluates q whole, as Index.evaluate does, and ranks its
// matches that are in passed (those that pass the filters, already
// counted), as collect ranks them.
func (p *pruner) exhaustive(q query.Query, passed []uint32, c *counter, k int) []ranked {
	m, err := p.e.eval(q)
	if err != nil {
		p.err = err
		return nil
	}
	if m.all {
		m = p.e.allDocs(m.scale)
	}
	p.scored = len(m.docs)
	h := make(worstFirst, 0, k)
	j := 0
	for i, d := range m.docs {
		for j < len(passed) && passed[j] < d {
			j++
		}
		if j == len(passed) {
			break
		}
		if passed[j] == d {
			rank(&h, k, d, m.score(i), c.order)
		}
	}
	return best(h)
}

// boundAt is a candidate's position and bound.
type boundAt struct {
	at    int
	bound float64
}

type boundHeap []boundAt

func (h boundHeap) Len() int           { return len(h) }
func (h boundHeap) Less(i, j int) bool { return h[i].bound < h[j].bound }
func (h boundHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *boundHeap) Push(x any)        { *h = append(*h, x.(boundAt)) }
func (h *boundHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
