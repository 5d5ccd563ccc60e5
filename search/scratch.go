package search

import (
	"math"
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
	// bitmaps are the pruned evaluator's (pruned.go), all of the
	// index's length, free for the next evaluation.
	bitmaps [][]uint64
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
	if n := len(s.bitmaps); n > 0 {
		keep := max(1, maxScratchBitmapBytes/(8*len(s.bitmaps[0])))
		if n > keep {
			clear(s.bitmaps[keep:])
			s.bitmaps = s.bitmaps[:keep]
		}
	}
}

// maxScratchBitmapBytes bounds the bitmaps a scratch keeps: at 100,000
// documents (12.5 KB a bitmap) more than the log's broadest plans take.
const maxScratchBitmapBytes = 8 << 20

// accumulator adds scores per document for unions, a block of
// accBlock document numbers at a time: each child's documents in the block
// are added into the block's slots, child after child, then the block's
// sums are drained in order, and the next block with a document follows.
// A document's score and count sit side by side, and a block's slots (64
// KiB) stay in the processor's cache: an array over every document number
// (16 MB at 1,000,000 documents, 1.6 MB at 100,000) took a cache miss on
// most adds, and adding into it was the largest single cost of a broad
// query's evaluation. Each document's sum is added in the order of the
// children, as bleve's disjunction adds it, so the scores are the same to
// the last bit.
type accumulator struct {
	slots [accBlock]accSlot
	bits  [accBlock / 64]uint64
	pos   []int // each child's next posting
}

// accBlock is the span of document numbers a union adds up at a time.
const accBlock = 4096

type accSlot struct {
	score float64
	count uint32
}

// union appends to out the documents that at least atLeast of children
// match, in order, each scoring its sum times the share of children that
// match it.
func (a *accumulator) union(children []matches, atLeast uint32, out matches) matches {
	n := len(children)
	const done = math.MaxUint32 // no document left
	a.pos = slices.Grow(a.pos[:0], n)[:n]
	next := uint32(done)
	for c := range children {
		a.pos[c] = 0
		if len(children[c].docs) > 0 {
			next = min(next, children[c].docs[0])
		}
	}
	docs, scores := out.docs, out.scores
	for next != done {
		base := next &^ (accBlock - 1)
		next = done
		for c := range children {
			ch := &children[c]
			cd, cs, scale := ch.docs, ch.scores, ch.scale
			p := a.pos[c]
			for ; p < len(cd); p++ {
				d := cd[p] - base // every document before base is added
				if d >= accBlock {
					next = min(next, cd[p])
					break
				}
				s := &a.slots[d]
				s.score += scale * cs[p]
				s.count++
				a.bits[d>>6] |= 1 << (d & 63)
			}
			a.pos[c] = p
		}
		for w := range a.bits {
			word := a.bits[w]
			if word == 0 {
				continue
			}
			for word != 0 {
				i := uint32(w)<<6 | uint32(bits.TrailingZeros64(word))
				s := &a.slots[i]
				if s.count >= atLeast {
					docs = append(docs, base|i)
					scores = append(scores, s.score*float64(s.count)/float64(n))
				}
				*s = accSlot{}
				word &= word - 1
			}
			a.bits[w] = 0
		}
	}
	out.docs, out.scores = docs, scores
	return out
}
