package search

import (
	"math/bits"
	"slices"
	"sync"
)

// Scratch memory. An evaluation's lists of documents and scores, and the
// accumulator its large unions add into, come from a scratch taken from the
// index's pool and are given back once the page is collected (see
// Index.evaluate): at 100,000 documents a long query's lists run to
// megabytes, which would otherwise be garbage after every query.

// scratch is the memory of one evaluation at a time: the accumulator and
// the lists it hands out, kept for the next evaluation.
type scratch struct {
	keep int // bytes of lists kept between evaluations (scratchKeep)
	acc  accumulator
	free []matches // lists to hand out
	used []matches // lists handed out
}

// newScratchPool hands out scratches for an index whose document numbers
// run below limit.
func newScratchPool(limit uint64) *sync.Pool {
	keep := scratchKeep(limit)
	return &sync.Pool{New: func() any { return &scratch{keep: keep} }}
}

// scratchKeep bounds the list memory a scratch keeps between evaluations
// for an index whose document numbers run below limit (its lists hold 12
// bytes per document): scratchKeepPerDoc a document, between
// minScratchKeep and maxScratchKeep. The lists a query needs grow with the
// matches, so with the index: at 100,000 documents the log's slowest
// queries (multiword English, Norwegian topics) work in about 21 MB of
// lists. A fixed 8 MB made them allocate 1.6 MB of fresh lists a search,
// and the garbage collector run after them, which was a fifth of their
// time (profile in the README's Performance section); past the bound a
// long query's extra lists still go to the collector instead of staying
// with every scratch in the pool.
func scratchKeep(limit uint64) int {
	return int(min(maxScratchKeep, max(minScratchKeep, limit*scratchKeepPerDoc)))
}

const (
	minScratchKeep    = 8 << 20
	maxScratchKeep    = 64 << 20
	scratchKeepPerDoc = 256
)

// alloc returns an empty list with room for n documents: the smallest kept
// list that is large enough, or a new one.
func (s *scratch) alloc(n int) matches {
	best := -1
	for i, m := range s.free {
		if cap(m.docs) >= n && cap(m.scores) >= n && (best < 0 || cap(m.docs) < cap(s.free[best].docs)) {
			best = i
		}
	}
	if best >= 0 {
		m := s.free[best]
		s.free[best] = s.free[len(s.free)-1]
		s.free = s.free[:len(s.free)-1]
		s.used = append(s.used, m)
		return matches{scale: 1, docs: m.docs[:0], scores: m.scores[:0]}
	}
	m := matches{scale: 1, docs: make([]uint32, 0, n), scores: make([]float64, 0, n)}
	s.used = append(s.used, m)
	return m
}

// reuse takes back the lists handed out, keeping the smallest up to
// s.keep bytes in all.
func (s *scratch) reuse() {
	all := append(s.free, s.used...)
	slices.SortFunc(all, func(a, b matches) int { return cap(a.docs) - cap(b.docs) })
	kept := 0
	s.free = s.free[:0]
	for _, m := range all {
		size := cap(m.docs)*4 + cap(m.scores)*8
		if kept+size > s.keep {
			break
		}
		kept += size
		s.free = append(s.free, m)
	}
	clear(all[len(s.free):])
	s.used = s.used[:0]
}

// accumulator adds scores per document for unions: a dense array over the
// document numbers, with a bitmap of the documents touched so that they
// come out in order and are cleared for the next union. A document's score
// and count sit side by side, so that adding to them costs one cache miss,
// not two: at 1,000,000 documents the array is 16 MB, and adding up large
// unions was half of a search's time.
type accumulator struct {
	slots   []accSlot
	bits    []uint64
	touched []uint32 // bitmap words that became non-zero
}

type accSlot struct {
	score float64
	count uint32
}

func (a *accumulator) grow(n int) {
	if len(a.slots) < n {
		a.slots = make([]accSlot, n)
		a.bits = make([]uint64, (n+63)/64)
	}
}

func (a *accumulator) add(d uint32, score float64) {
	s := &a.slots[d]
	s.score += score
	s.count++
	w := d >> 6
	if a.bits[w] == 0 {
		a.touched = append(a.touched, w)
	}
	a.bits[w] |= 1 << (d & 63)
}

// drain appends the documents that at least atLeast of a union's n
// children touched to out, in order, each scoring its sum times the share
// of children that match it, and clears them all.
func (a *accumulator) drain(out matches, atLeast uint32, n int) matches {
	words := a.touched
	if len(words) > len(a.bits)/16 {
		// Most words were touched: walking them all beats sorting. The
		// list of touched words is rewritten in order, in its own memory.
		words = words[:0]
		for w := range a.bits {
			if a.bits[w] != 0 {
				words = append(words, uint32(w))
			}
		}
	} else {
		slices.Sort(words)
	}
	docs, scores := out.docs, out.scores
	for _, w := range words {
		word := a.bits[w]
		for word != 0 {
			d := w<<6 | uint32(bits.TrailingZeros64(word))
			s := &a.slots[d]
			if s.count >= atLeast {
				docs = append(docs, d)
				scores = append(scores, s.score*float64(s.count)/float64(n))
			}
			*s = accSlot{}
			word &= word - 1
		}
		a.bits[w] = 0
	}
	a.touched = words[:0]
	out.docs, out.scores = docs, scores
	return out
}
