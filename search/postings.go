package search

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// Postings. exsearch evaluates its query plans itself (see evaluate.go),
// reading a term's postings straight from the published index's segments
// through scorch's segment API. Bleve's searchers do the same reading, but
// wrap every posting of every clause in a document match that travels up a
// tree of searchers; for plans of fifty clauses and tens of thousands of
// matches, that wrapping was most of a query's time.

// segments is the published index's segments, in document number order.
type segments struct {
	parts []segmentPart
	docs  uint64 // live documents, for idf
	limit uint64 // one past the largest document number
	cache *postingsCache
	bm25  bool // the index scores with BM25, not tf-idf
	snap  *scorch.IndexSnapshot
}

type segmentPart struct {
	seg     segment.Segment
	deleted *roaring.Bitmap // nil: none
	offset  uint64          // its first document number in the index
}

// openSegments lists the segments of a scorch snapshot. Scorch numbers
// documents across segments by adding each segment's count to the ones
// before it (see its introducer); facet tables and document order use the
// same numbers.
func openSegments(r any, scoring string, cacheBytes int) (*segments, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index reader is a %T, not a scorch snapshot", r)
	}
	docs, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	s := &segments{docs: docs, cache: newPostingsCache(cacheBytes), bm25: scoring == index.BM25Scoring, snap: snap}
	for _, ss := range snap.Segments() {
		d := ss.Deleted()
		if d != nil && d.IsEmpty() {
			d = nil
		}
		s.parts = append(s.parts, segmentPart{seg: ss.Segment(), deleted: d, offset: s.limit})
		s.limit += ss.Segment().Count()
	}
	if s.limit >= math.MaxUint32 {
		return nil, errors.New("index holds more documents than 32-bit document numbers")
	}
	return s, nil
}

// scorer weighs a term's postings as bleve's term scorer does, without the
// query norm, which scales every score of a query alike: the query weight
// (boost × idf, the boost applied later) times the field weight.
type scorer struct {
	idf    float64
	avgLen float64 // BM25's average field length; 0 for tf-idf
}

func (s *segments) scorer(field string, docFreq uint64) (scorer, error) {
	if s.bm25 {
		// Bleve's average "length" is the field's distinct terms per
		// document, rounded up.
		terms, err := s.snap.FieldCardinality(field)
		if err != nil {
			return scorer{}, err
		}
		if avg := math.Ceil(float64(terms) / float64(s.docs)); avg > 0 {
			n, df := float64(s.docs), float64(docFreq)
			return scorer{idf: math.Log(1 + (n-df+0.5)/(df+0.5)), avgLen: avg}, nil
		}
	}
	return scorer{idf: 1 + math.Log(float64(s.docs)/float64(docFreq+1))}, nil
}

func (sc scorer) weight(freq uint64, norm float64) float64 {
	tf := sqrtFreq(freq)
	if sc.avgLen > 0 {
		k1, b := bsearch.BM25_k1, bsearch.BM25_b
		length := 1 / (norm * norm)
		return sc.idf * sc.idf * tf * k1 / (tf + k1*(1-b+b*length/sc.avgLen))
	}
	return sc.idf * sc.idf * tf * norm
}

// postings are the documents a term is in, with the term's weight in each.
type postings struct {
	docs    []uint32
	weights []float64
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
	s.cache.add(key, p)
	return p, nil
}

// readSegments decodes the postings of term in field from every segment.
func (s *segments) readSegments(field, term string) (postings, error) {
	type list struct {
		pl     segment.PostingsList
		offset uint64
	}
	var lists []list
	var n uint64
	for _, p := range s.parts {
		d, err := p.seg.Dictionary(field)
		if err != nil {
			return postings{}, fmt.Errorf("field %s: %w", field, err)
		}
		pl, err := d.PostingsList([]byte(term), p.deleted, nil)
		if err != nil {
			return postings{}, fmt.Errorf("term %s:%s: %w", field, term, err)
		}
		if c := pl.Count(); c > 0 {
			lists = append(lists, list{pl, p.offset})
			n += c
		}
	}
	if n == 0 {
		return postings{}, nil
	}
	sc, err := s.scorer(field, n)
	if err != nil {
		return postings{}, err
	}
	out := postings{docs: make([]uint32, 0, n), weights: make([]float64, 0, n)}
	for _, l := range lists {
		it := l.pl.Iterator(true, true, false, nil)
		for {
			p, err := it.Next()
			if err != nil {
				return postings{}, fmt.Errorf("term %s:%s: %w", field, term, err)
			}
			if p == nil {
				break
			}
			out.docs = append(out.docs, uint32(p.Number()+l.offset))
			out.weights = append(out.weights, sc.weight(p.Frequency(), p.Norm()))
		}
	}
	return out, nil
}

// sqrtFreq is √frequency, from a table for the common small frequencies.
func sqrtFreq(f uint64) float64 {
	if f < uint64(len(sqrtTable)) {
		return sqrtTable[f]
	}
	return math.Sqrt(float64(f))
}

var sqrtTable = func() (t [64]float64) {
	for i := range t {
		t[i] = math.Sqrt(float64(i))
	}
	return t
}()

// DefaultPostingsCacheBytes bounds the decoded postings an index keeps.
// Query logs repeat their words, and decoding a common word's postings is
// a large part of a query's work; 32 MiB holds the postings of several
// hundred common words of a 100,000-document index.
const DefaultPostingsCacheBytes = 32 << 20

// postingsCache keeps recently read postings, bounded by their size in
// bytes. Postings are never modified once read, so they are shared.
type postingsCache struct {
	mu    sync.Mutex
	lru   *simplelru.LRU[postingsKey, postings]
	bytes int
	limit int
}

func newPostingsCache(limit int) *postingsCache {
	if limit <= 0 {
		return nil
	}
	c := &postingsCache{limit: limit}
	// The entry count is bounded by bytes, not by the LRU's own limit.
	c.lru, _ = simplelru.NewLRU[postingsKey, postings](math.MaxInt32, func(_ postingsKey, p postings) {
		c.bytes -= p.bytes()
	})
	return c
}

func (p postings) bytes() int { return len(p.docs)*12 + 64 }

func (c *postingsCache) get(k postingsKey) (postings, bool) {
	if c == nil {
		return postings{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(k)
}

func (c *postingsCache) add(k postingsKey, p postings) {
	if c == nil || p.bytes() > c.limit/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(k) {
		return
	}
	c.lru.Add(k, p)
	c.bytes += p.bytes()
	for c.bytes > c.limit {
		c.lru.RemoveOldest()
	}
}
