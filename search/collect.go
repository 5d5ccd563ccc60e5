package search

import (
	"container/heap"
	"slices"
)

// Collection: every match is counted for the facets (see facets.go), and
// the best k of those that pass the filters are kept for the page, in a
// heap whose root is the worst kept.

// ranked is a match on its way to the page.
type ranked struct {
	doc   uint32
	score float64
}

// better orders by score, then by document number; the order nudge makes
// equal scores rare.
func better(a, b ranked) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.doc < b.doc
}

type worstFirst []ranked

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return better(h[j], h[i]) }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(ranked)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// collect counts m's facets into c and returns the best k matches that
// pass c's filters, best first.
func collect(m matches, c *counter, k int) []ranked {
	h := make(worstFirst, 0, k)
	c.expect(len(m.docs))
	defer c.flush()
	if c.byCombination != nil {
		return collectAll(m, c, k, h)
	}
	for i, d := range m.docs {
		if !c.add(uint64(d)) || k == 0 {
			continue
		}
		score := m.score(i)
		if len(h) == k && score+tieNudge < h[0].score {
			continue // not even the largest nudge lifts it into the page
		}
		r := ranked{d, score + c.order.nudge(uint64(d))}
		switch {
		case len(h) < k:
			heap.Push(&h, r)
		case better(r, h[0]):
			h[0] = r
			heap.Fix(&h, 0)
		}
	}
	return best(h)
}

// collectAll is collect for matches counted by combination, which all pass
// (no filter is set): one increment a match, in the loop that ranks it.
func collectAll(m matches, c *counter, k int, h worstFirst) []ranked {
	of, by := c.combos.of, c.byCombination
	c.total += uint64(len(m.docs))
	for i, d := range m.docs {
		if int(d) < len(of) {
			by[of[d]]++
		}
		if k == 0 {
			continue
		}
		score := m.score(i)
		if len(h) == k && score+tieNudge < h[0].score {
			continue // not even the largest nudge lifts it into the page
		}
		r := ranked{d, score + c.order.nudge(uint64(d))}
		switch {
		case len(h) < k:
			heap.Push(&h, r)
		case better(r, h[0]):
			h[0] = r
			heap.Fix(&h, 0)
		}
	}
	return best(h)
}

// best sorts the kept matches, best first.
func best(h worstFirst) []ranked {
	slices.SortFunc(h, func(a, b ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return h
}
