package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

// The boundary with bleve's internals. exsearch evaluates its plans over
// scorch's segments itself (see evaluate.go), so it relies on more of bleve
// than its public API; every such reliance is in this file, and the rest of
// the package calls the small functions below. What is relied on, in bleve
// v2.5.7 (index/scorch) with zapx v16 segments, and the test that guards
// each (all build their indexes from the embedded default corpus in several
// segments, or from generated documents: none needs ../shared):
//
//  1. Opening read-only: the config key "read_only" (scorch.go, NewScorch,
//     openBolt) opens root.bolt shared and read-only, removes no segment
//     file and starts no persister or merger, so a server and `exsearch
//     verify` can have one generation open at once and nothing is written
//     into it (openReadOnly). TestScorchReadOnly.
//  2. The reader of an opened index is a *scorch.IndexSnapshot, whose
//     Segments lists the segments in document number order, each with its
//     deleted documents (openSegments). TestScorchDocumentNumbers, and every
//     Open.
//  3. Document numbers: a document's number in the index is its segment's
//     offset, the sum of the counts of the segments before it
//     (introducer.go), plus its number within the segment (globalDoc,
//     locate); an IndexInternalID is that number as 8 big-endian bytes
//     (snapshot_index.go, docNumberToBytes; docNumber). The evaluator, the
//     facet tables, the document order and the stored fields all number
//     documents so. TestScorchDocumentNumbers.
//  4. A document's id is stored in its stored field "_id" (storedIDField).
//     TestScorchDocumentNumbers.
//  5. Scores are those of bleve's term scorer (search/scorer/scorer_term.go)
//     under the mapping's ScoringModel: for BM25, idf = ln(1 + (N−df+½)/(df+½))
//     and a field weight idf·tf·k1/(tf + k1·(1−b+b·len/avg)) with tf =
//     √freq, len = 1/norm², and avg the field's cardinality (the sum of its
//     segments' dictionary sizes, snapshot FieldCardinality) over the
//     document count, rounded up (searcher/search_term.go,
//     bm25ScoreMetrics); for tf-idf, idf = 1 + ln(N/(df+1)) and tf·norm·idf.
//     The query weight, boost·idf, is folded into a term's weight; the
//     query norm, one factor for all of a query's scores, is left out
//     (scorer). TestScorchBM25 term by term; TestEvaluateAgreesWithBleve
//     and FuzzEvaluateAgreesWithBleve over whole plans.
//  6. Dictionaries read segment by segment: a field's terms in every
//     segment, each once and sorted, are the terms of scorch's merged
//     dictionary, and a segment's automaton iterator gives each term's edit
//     distance as FieldDictFuzzyAutomaton does, whose Levenshtein automata
//     count a transposition as one edit, as spelling.go's levBuilder does,
//     and its count of documents, summed over the segments as the merged
//     dictionary sums it (dictionaryTerms, for expand.go; the counts are
//     what limit.go charges for a term's postings). The iterator walks the
//     dictionary through the automaton it is given, calling its Accept once
//     per transition it tries and stopping where CanMatch says no (vellum's
//     FSTIterator.next), which limit.go's meter counts and stops.
//     TestScorchDictionaries, TestMeterStopsWalks.
//  7. zap's footer: a segment is a .zap file in the index's store/
//     directory, at least zapFooterMin bytes long, that ends with a
//     big-endian CRC-32 (IEEE) of every byte before it (zapx v11–v16
//     write.go persistFooter, segment.go loadConfig; verifyZap, for
//     verify.go). TestVerifyChecksumMatchesZap.
//  8. Beyond this file, the evaluator combines scores as bleve's searchers
//     do (search/searcher): a conjunction sums its clauses, a disjunction
//     sums those that match times the share of them that match, a fuzzy
//     term weighs its boost over its edit distance plus one, a prefix or
//     fuzzy query is a disjunction of its terms (evaluate.go).
//     TestEvaluateAgreesWithBleve and FuzzEvaluateAgreesWithBleve.
//
// The segment API itself (Dictionary, PostingsList, postings' Number,
// Frequency and Norm, VisitStoredFields, AutomatonIterator) is checked by
// the compiler. The indexer builds with scorch configuration keys of its own
// ("unsafe_batch", "scorchMergePlanOptions", "asyncErrorCallbackName"):
// they are named in indexer/build.go and indexer/asyncerror.go and guarded
// by TestBuildDoesNotMerge and TestBuildDiskFull.

// configReadOnly is scorch's configuration key for opening an index
// read-only (index/scorch/scorch.go, NewScorch).
const configReadOnly = "read_only"

// openReadOnly opens the bleve index at path read-only.
func openReadOnly(path string) (bleve.Index, error) {
	return bleve.OpenUsing(path, map[string]any{configReadOnly: true})
}

// storedIDField is the stored field that holds a document's id.
const storedIDField = "_id"

// segments is the published index's segments, in document number order.
type segments struct {
	parts []segmentPart
	docs  uint64 // live documents, for idf
	limit uint64 // one past the largest document number
	cache *postingsCache
	walks *walkCache // see expand.go
	bm25  bool       // the index scores with BM25, not tf-idf
	snap  *scorch.IndexSnapshot
	// cardinality caches each field's dictionary size summed over the
	// segments (field → int), BM25's average length.
	cardinality sync.Map
	// live is the bitmap of the live documents, made on first use
	// (liveBitmap).
	liveOnce sync.Once
	live     []uint64
}

type segmentPart struct {
	seg     segment.Segment
	deleted *roaring.Bitmap // nil: none
	offset  uint64          // its first document number in the index
}

// openSegments lists the segments of the reader of an index with mapping m.
func openSegments(r index.IndexReader, m mapping.IndexMapping) (*segments, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index reader is a %T, not a scorch snapshot", r)
	}
	docs, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	scoring := ""
	if im, ok := m.(*mapping.IndexMappingImpl); ok {
		scoring = im.ScoringModel
	}
	s := &segments{docs: docs, cache: newPostingsCache(PostingsCacheBytes(docs)), walks: newWalkCache(walkCacheBytes), bm25: scoring == index.BM25Scoring, snap: snap}
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

// globalDoc is the index's number of document local of the segment at
// offset.
func globalDoc(offset, local uint64) uint32 { return uint32(offset + local) }

// locate returns the segment that holds document number doc, and the
// document's number within it.
func (s *segments) locate(doc uint32) (*segmentPart, uint64) {
	i := len(s.parts) - 1
	for i > 0 && uint64(doc) < s.parts[i].offset {
		i--
	}
	return &s.parts[i], uint64(doc) - s.parts[i].offset
}

// docNumber is the document number an IndexInternalID stands for.
func docNumber(id index.IndexInternalID) uint64 { return binary.BigEndian.Uint64(id) }

// appendLive appends the number of every live document to docs, in order.
func (s *segments) appendLive(docs []uint32) []uint32 {
	for _, p := range s.parts {
		n := p.seg.Count()
		for d := uint64(0); d < n; d++ {
			if p.deleted != nil && p.deleted.Contains(uint32(d)) {
				continue
			}
			docs = append(docs, globalDoc(p.offset, d))
		}
	}
	return docs
}

// visitStored visits the stored fields of document number doc. A value
// is only valid during its visit.
func (s *segments) visitStored(doc uint32, visit func(field string, value []byte) bool) error {
	p, local := s.locate(doc)
	err := p.seg.VisitStoredFields(local, func(field string, _ byte, value []byte, _ []uint64) bool {
		return visit(field, value)
	})
	if err != nil {
		return fmt.Errorf("document number %d: %w", doc, err)
	}
	return nil
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
			out.docs = append(out.docs, globalDoc(l.offset, p.Number()))
			out.weights = append(out.weights, sc.weight(p.Frequency(), p.Norm()))
		}
	}
	return out, nil
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
		terms, err := s.fieldCardinality(field)
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

// fieldCardinality is the sum of the segments' dictionary sizes of field,
// as the snapshot's FieldCardinality counts it, but read here: scorch opens
// the dictionaries on goroutines of its own, where a fault in a damaged
// segment could not be recovered (see verify.go).
func (s *segments) fieldCardinality(field string) (int, error) {
	if n, ok := s.cardinality.Load(field); ok {
		return n.(int), nil
	}
	n := 0
	for _, p := range s.parts {
		d, err := p.seg.Dictionary(field)
		if err != nil {
			return 0, fmt.Errorf("dictionary of %s: %w", field, err)
		}
		n += d.Cardinality()
	}
	s.cardinality.Store(field, n)
	return n, nil
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

// dictionaryTerms calls visit with each term of field, segment by segment,
// that a accepts (nil accepts all) between beg (inclusive) and end
// (exclusive; nil: no end), its edit distance from a's word and the number
// of the segment's documents it is in (deleted ones included). A term in
// several segments is visited once per segment, in no overall order.
func (s *segments) dictionaryTerms(field string, a vellum.Automaton, beg, end []byte, visit func(term string, distance int, count uint64)) error {
	for _, p := range s.parts {
		d, err := p.seg.Dictionary(field)
		if err != nil {
			return fmt.Errorf("dictionary of %s: %w", field, err)
		}
		it := d.AutomatonIterator(a, beg, end)
		for {
			entry, err := it.Next()
			if err != nil {
				return fmt.Errorf("dictionary of %s: %w", field, err)
			}
			if entry == nil {
				break
			}
			visit(entry.Term, int(entry.EditDistance), entry.Count)
		}
	}
	return nil
}

// zapFiles lists the segment files of the index at path.
func zapFiles(path string) ([]string, error) {
	store := filepath.Join(path, "store")
	entries, err := os.ReadDir(store)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".zap") {
			out = append(out, filepath.Join(store, e.Name()))
		}
	}
	return out, nil
}

// zapFooterMin is the smallest a zap file can be: its footer (number of
// documents, four offsets, chunk mode, version, checksum).
const zapFooterMin = 8*5 + 4*3

// verifyZap reads the segment file name whole, with read(2), and compares
// its checksum with the one in its footer.
func verifyZap(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size < zapFooterMin {
		return fmt.Errorf("%d bytes, shorter than a segment footer (truncated?)", size)
	}
	h := crc32.NewIEEE()
	if n, err := io.CopyN(h, f, size-4); err != nil {
		return fmt.Errorf("read at byte %d of %d: %w", n, size, err)
	}
	var want [4]byte
	if _, err := io.ReadFull(f, want[:]); err != nil {
		return fmt.Errorf("read checksum: %w", err)
	}
	if got := h.Sum32(); got != binary.BigEndian.Uint32(want[:]) {
		return fmt.Errorf("checksum %08x, footer says %08x: the file is damaged or truncated", got, binary.BigEndian.Uint32(want[:]))
	}
	return nil
}
