package search

// Postings. exsearch evaluates its query plans itself (see evaluate.go),
// reading a term's postings straight from the published index's segments
// (scorch.go decodes them and weighs each posting as bleve's scorer does).
// Bleve's searchers do the same reading, but wrap every posting of every
// clause in a document match that travels up a tree of searchers; for plans
// of fifty clauses and tens of thousands of matches, that wrapping was most
// of a query's time. Decoded postings are kept in a cache bounded by size:
// query logs repeat their words.

// postings are the documents a term is in, with the term's weight in each.
type postings struct {
	docs    []uint32
	weights []float64
	dense   *denseIndex // nil unless the list is long (dense.go)
	// max is the largest weight: a bound on what the term adds to a
	// document's score, which the pruned evaluator (pruned.go) reads
	// for each term of a plan.
	max float64
}

// postingsKey names a term in a field.
type postingsKey struct{ field, term string }

// read returns the postings of term in field, from the cache when they are
// in it.
func (s *segments) read(field, term string) (postings, error) {
	key := postingsKey{field, term}
	if p, ok := s.cache.get(key); ok {
		return p, nil
	}
	p, err := s.readSegments(field, term)
	if err != nil {
		return postings{}, err
	}
	p.dense = newDenseIndex(p.docs, s.limit)
	for _, w := range p.weights {
		p.max = max(p.max, w)
	}
	s.cache.add(key, p)
	return p, nil
}

// PostingsCacheBytes bounds the decoded postings an index of docs
// documents keeps: PostingsCacheBytesPerDoc a document, and at least
// MinPostingsCacheBytes. Query logs repeat their words, and decoding a
// common word's postings is a large part of a query's work, a part that
// grows with the index, as its common words' lists do. The benchmark query
// log reads 34 MiB of postings at 100,000 documents (4,239 terms): a cache
// of a fixed 32 MiB held all of the log's words at 10,000 documents, and,
// as least recently used entries go first, almost none of them at 100,000,
// where each pass over the log evicted its words before they came round
// again.
func PostingsCacheBytes(docs uint64) int {
	return int(max(MinPostingsCacheBytes, docs*PostingsCacheBytesPerDoc))
}

const (
	MinPostingsCacheBytes    = 32 << 20
	PostingsCacheBytesPerDoc = 512
)

// postingsCache keeps recently read postings, bounded by their size in
// bytes. Postings are never modified once read, so they are shared.
type postingsCache = sizedCache[postingsKey, postings]

func newPostingsCache(limit int) *postingsCache {
	return newSizedCache[postingsKey](limit, postings.bytes)
}

func (p postings) bytes() int { return len(p.docs)*12 + 64 + p.dense.bytes() }
