package search

import "math/bits"

// Bitsets over document numbers, for the pruned evaluator's match sets
// (pruned.go): a bit a document, 64 to a word. A source may be shorter
// than its destination (a dense list's bitmap ends at its last document):
// its missing words are empty.

// has reports whether bit d is set.
func has(b []uint64, d uint32) bool {
	w := int(d >> 6)
	return w < len(b) && b[w]&(1<<(d&63)) != 0
}

func orInto(dst, src []uint64) {
	src = src[:min(len(src), len(dst))]
	for i, w := range src {
		dst[i] |= w
	}
}

func andInto(dst, src []uint64) {
	n := min(len(src), len(dst))
	for i, w := range src[:n] {
		dst[i] &= w
	}
	clear(dst[n:])
}

func andNotInto(dst, src []uint64) {
	src = src[:min(len(src), len(dst))]
	for i, w := range src {
		dst[i] &^= w
	}
}

// atLeastInto sets in dst the documents that at least m of kids' bitmaps
// hold, counting each word's documents in bit slices: count bit j of
// every document of a word in slice[j].
func atLeastInto(dst []uint64, kids []*pnode, m int) {
	var slice [16]uint64
	width := bits.Len(uint(len(kids)))
	for i := range dst {
		clear(slice[:width])
		for _, k := range kids {
			if i >= len(k.bits) {
				continue
			}
			carry := k.bits[i]
			for j := 0; j < width && carry != 0; j++ {
				slice[j], carry = slice[j]^carry, slice[j]&carry
			}
		}
		// count ≥ m, compared from the highest bit down.
		greater, equal := uint64(0), ^uint64(0)
		for j := width - 1; j >= 0; j-- {
			if m>>j&1 == 1 {
				equal &= slice[j]
			} else {
				greater |= equal & slice[j]
				equal &^= slice[j]
			}
		}
		dst[i] = greater | equal
	}
}

func popcount(b []uint64) int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

// liveBitmap is the bitmap of the index's live documents, made once per
// index generation: a plan's lifts name every document, and listing them
// per search was a fifth of a pruned search.
func (s *segments) liveBitmap() []uint64 {
	s.liveOnce.Do(func() {
		s.live = make([]uint64, (s.limit+63)/64)
		for _, d := range s.appendLive(nil) {
			s.live[d>>6] |= 1 << (d & 63)
		}
	})
	return s.live
}
