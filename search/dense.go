package search

import "math/bits"

// Dense lists. A long term list, such as the documents of a kind, is looked
// up in far more often than it is walked: each intent lift of a text's plan
// finds the plan's matches in it (lifted.go), and a conjunction finds its
// shortest list's documents in it. Found by galloping through a list of
// 90,000 postings, each look-up took a dozen comparisons, most of them
// mispredicted; those look-ups (seek) were the largest single cost of the
// query log's searches at 100,000 documents. A list kept in the postings
// cache that holds at least one document in denseShare gets, when it is
// read, a bitmap of its documents with the count of postings before each
// word of it, which finds a document's position in one step, and which,
// like the list, is kept for the index generation.

// denseShare: a list of at least one document in denseShare gets a dense
// index. Its bitmap and counts take limit/8 + limit/16 bytes, at most a
// quarter of such a list's own 12 bytes a posting.
const denseShare = 16

// denseIndex finds a document's position in a sorted list of documents.
type denseIndex struct {
	bits   []uint64 // bit d: the list holds document d
	before []uint32 // postings in the words before each word
}

// newDenseIndex indexes docs, sorted and each once, when they are at
// least one document in denseShare of limit; nil otherwise.
func newDenseIndex(docs []uint32, limit uint64) *denseIndex {
	if len(docs) == 0 || uint64(len(docs))*denseShare < limit {
		return nil
	}
	words := docs[len(docs)-1]/64 + 1
	x := &denseIndex{bits: make([]uint64, words), before: make([]uint32, words)}
	for _, d := range docs {
		x.bits[d>>6] |= 1 << (d & 63)
	}
	n := uint32(0)
	for w, word := range x.bits {
		x.before[w] = n
		n += uint32(bits.OnesCount64(word))
	}
	return x
}

// find returns the position of document d in the list, and whether the
// list holds it.
func (x *denseIndex) find(d uint32) (int, bool) {
	w := d >> 6
	if int(w) >= len(x.bits) {
		return 0, false
	}
	word, bit := x.bits[w], uint64(1)<<(d&63)
	if word&bit == 0 {
		return 0, false
	}
	return int(x.before[w]) + bits.OnesCount64(word&(bit-1)), true
}

func (x *denseIndex) bytes() int {
	if x == nil {
		return 0
	}
	return len(x.bits)*8 + len(x.before)*4 + 48
}
