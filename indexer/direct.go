package indexer

import (
	"fmt"
	"slices"
	"sync"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
)

// Direct documents. An exsearch index's documents are handed to bleve as
// bleve documents built here, not as maps for bleve's mapping to walk: the
// walk finds each field's mapping by reflection and path lookups, and every
// element of an array becomes a field of its own, analysed into a token
// stream and then counted into term frequencies. At 100,000 documents,
// mapping, analysing and counting took 8 of the build's 21 CPU seconds;
// built here, they take under 4.
//
// Here each field is built once from its mapping (options, analyzer), and a
// field's elements (a body's sections, the alternative titles, a facet's
// values) are one bleve field whose term frequencies and length are the sums
// of theirs, which is what zap makes of them when it indexes a document.
// Only array positions are lost, and nothing reads them: no exsearch text
// field is stored or keeps term vectors. Text analysed by exsearch's own
// chains (words tokenizer, memo) is counted straight from the memo's terms,
// with no token stream in between; any other analyzer runs as bleve runs it.
//
// TestDirectDocumentsIndexAsMapped checks that a document built here gives
// zap the same fields, options, terms, frequencies, lengths and stored
// values as bleve's mapping of fields() does. The plain baseline is still
// indexed through the mapping.

// directBuilder builds the bleve documents of one index.
type directBuilder struct {
	specs map[string]*fieldSpec
	tax   *corpus.Taxonomy
}

// fieldSpec is what a field's mapping says about it.
type fieldSpec struct {
	name    string
	options index.FieldIndexingOptions
	counter termCounter
}

func newDirectBuilder(im mapping.IndexMapping, tax *corpus.Taxonomy) (*directBuilder, error) {
	b := &directBuilder{specs: map[string]*fieldSpec{}, tax: tax}
	names := []string{FieldFamily, FieldConcept, FieldDeclared, FieldTitleKey, FieldOrderHi, FieldOrderLo, FieldHit, FieldDoc}
	names = append(names, FacetFields...)
	for _, lang := range corpus.Languages {
		names = append(names, TitleField(lang), AltField(lang), BodyField(lang), LeadField(lang))
	}
	for _, name := range names {
		fm := im.FieldMappingForPath(name)
		if fm.Type != "text" {
			return nil, fmt.Errorf("field %s: mapped as %q, want a text or keyword field", name, fm.Type)
		}
		spec := &fieldSpec{name: name, options: fm.Options()}
		if spec.options.IsIndexed() && (spec.options.IsStored() || spec.options.IncludeTermVectors()) {
			// A counted field has no array positions or token locations.
			return nil, fmt.Errorf("field %s: indexed and stored or with term vectors", name)
		}
		if spec.options.IsIndexed() {
			a := im.AnalyzerNamed(fm.Analyzer)
			if a == nil {
				return nil, fmt.Errorf("field %s: no analyzer %q", name, fm.Analyzer)
			}
			spec.counter = counterFor(a, name == FieldTitleKey)
		}
		b.specs[name] = spec
	}
	return b, nil
}

// document builds d's bleve document; order is its place in title order.
func (b *directBuilder) document(d *corpus.Document, order int) (*document.Document, error) {
	parts, err := docParts(d, order, Options{}, b.tax)
	if err != nil {
		return nil, err
	}
	doc := document.NewDocument(d.ID)
	// The fields in one block, and room for scorch's _id field: three
	// allocations a document, not one or two a field.
	doc.Fields = make([]document.Field, 0, len(parts)+1)
	counted := make([]countedField, 0, len(parts))
	for _, part := range parts {
		spec, ok := b.specs[part.field]
		if !ok {
			return nil, fmt.Errorf("field %s is not in the schema", part.field)
		}
		if part.stored != nil {
			if spec.options.IsIndexed() {
				return nil, fmt.Errorf("field %s is indexed, not only stored", part.field)
			}
			// bleve's own stored field, so that it is stored as bleve
			// stores it.
			doc.AddField(document.NewTextFieldCustom(spec.name, nil, part.stored, spec.options, nil))
			continue
		}
		counted = append(counted, spec.field(part.values))
		doc.AddField(&counted[len(counted)-1])
	}
	return doc, nil
}

// field returns the indexed field holding values.
func (s *fieldSpec) field(values []string) countedField {
	var n uint64
	for _, v := range values {
		n += uint64(len(v))
	}
	return countedField{name: s.name, options: s.options, counter: s.counter, values: values, textBytes: n}
}

// countedField is an indexed field whose elements are analysed straight
// into term frequencies. It is neither stored nor has term vectors.
//
// Once counted, it lets go of its elements: scorch holds a batch's analysed
// documents until their segment is built, and the elements are substrings
// of their document's text as read back from the spool, so they kept every
// document's whole text alive as long, in the build's two batches in
// flight, while the collector, under the build's memory limit, ran the more
// often the more was live.
type countedField struct {
	name      string
	options   index.FieldIndexingOptions
	counter   termCounter
	values    []string
	textBytes uint64
	length    int
	freqs     index.TokenFrequencies
}

func (f *countedField) Name() string                        { return f.name }
func (f *countedField) ArrayPositions() []uint64            { return nil }
func (f *countedField) Options() index.FieldIndexingOptions { return f.options }
func (f *countedField) EncodedFieldType() byte              { return 't' }
func (f *countedField) AnalyzedLength() int                 { return f.length }

func (f *countedField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return f.freqs
}

// Value is only read for stored fields; a counted field's is its first
// element until it is counted, and nil after.
func (f *countedField) Value() []byte {
	if len(f.values) == 0 {
		return nil
	}
	return []byte(f.values[0])
}

func (f *countedField) NumPlainTextBytes() uint64 { return f.textBytes }

// Size is an estimate, for bleve's memory statistics.
func (f *countedField) Size() int {
	n := 64 + int(f.NumPlainTextBytes())
	return n + len(f.freqs)*64
}

func (f *countedField) Analyze() {
	f.length, f.freqs = f.counter.frequencies(f.values, f.options.SkipFreqNorm())
	f.values = nil
}

// termCounts are a field's term frequencies and length as they are
// counted: the memo's numbered terms in a tally borrowed for the count, any
// other term in a map.
type termCounts struct {
	length    int
	hint      int // how many terms the map may get
	skipFreqs bool
	tally     *termTally
	freqs     index.TokenFrequencies
	slab      []index.TokenFreq
}

// termTally counts terms by their memo number: an array increment per token
// rather than a map update. Tallies are kept in a pool, which keeps about
// one per processor, and each keeps the words it has looked up in a memo:
// the memo is shared by all processors, and its locks were a tenth of the
// time spent counting.
type termTally struct {
	counts []int32     // by memoTerm.id
	seen   []*memoTerm // the terms counted, in the order first seen
	words  map[*memoFilter]map[string][]memoToken
	// keywords are the frequencies shared by keyword fields' documents.
	keywords map[*keywordCounter]map[string]index.TokenFrequencies
}

// tallyWords bounds the words a tally keeps of one memo, and tallyMemos
// the memos (and the keyword fields).
const (
	tallyWords = 1 << 16
	tallyMemos = 16
)

// word returns what memo makes of word.
func (c *termCounts) word(memo *memoFilter, word []byte) []memoToken {
	if c.tally == nil {
		c.tally = tallies.Get().(*termTally)
	}
	local := c.tally.words[memo]
	if made, ok := local[string(word)]; ok {
		return made
	}
	made, ok := memo.lookup(word)
	if !ok {
		made = memo.analyse(&analysis.Token{Term: word, End: len(word), Position: 1, Type: analysis.AlphaNumeric})
	}
	if local == nil {
		if c.tally.words == nil || len(c.tally.words) >= tallyMemos {
			// Memos of indexes built before are let go.
			c.tally.words = map[*memoFilter]map[string][]memoToken{}
		}
		local = map[string][]memoToken{}
		c.tally.words[memo] = local
	}
	if len(local) < tallyWords {
		local[string(word)] = made
	}
	return made
}

var tallies = sync.Pool{New: func() any { return new(termTally) }}

// addMemo counts one token of the memo's.
func (c *termCounts) addMemo(t *memoTerm) {
	if t.id < 0 {
		c.add(t.key, t.term)
		return
	}
	c.length++
	if c.tally == nil {
		c.tally = tallies.Get().(*termTally)
	}
	if t.id >= len(c.tally.counts) {
		c.tally.counts = slices.Grow(c.tally.counts, t.id+1-len(c.tally.counts)+len(c.tally.counts)/2)
		c.tally.counts = c.tally.counts[:cap(c.tally.counts)]
	}
	if c.tally.counts[t.id] == 0 {
		c.tally.seen = append(c.tally.seen, t)
	}
	c.tally.counts[t.id]++
}

// add counts one token. key is term as a string, which the frequencies
// are keyed by.
func (c *termCounts) add(key string, term []byte) {
	c.length++
	tf, ok := c.freqs[key]
	if !ok {
		if c.freqs == nil {
			c.freqs = make(index.TokenFrequencies, c.hint)
		}
		tf = c.newFreq(term, 0)
		c.freqs[key] = tf
	}
	if !c.skipFreqs {
		tf.SetFrequency(tf.Frequency() + 1)
	}
}

// newFreq returns a new TokenFreq, from a block of them.
func (c *termCounts) newFreq(term []byte, freq int) *index.TokenFreq {
	if len(c.slab) == cap(c.slab) {
		c.slab = make([]index.TokenFreq, 0, max(c.hint, 2*cap(c.slab)))
	}
	c.slab = append(c.slab, index.TokenFreq{Term: term})
	tf := &c.slab[len(c.slab)-1]
	if !c.skipFreqs {
		tf.SetFrequency(freq)
	}
	return tf
}

// frequencies returns the counted frequencies, and returns the tally.
func (c *termCounts) frequencies() index.TokenFrequencies {
	t := c.tally
	if t == nil {
		if c.freqs == nil {
			return index.TokenFrequencies{}
		}
		return c.freqs
	}
	mixed := c.freqs != nil
	if !mixed {
		c.freqs = make(index.TokenFrequencies, len(t.seen))
	}
	c.slab = make([]index.TokenFreq, 0, len(t.seen))
	for _, m := range t.seen {
		n := int(t.counts[m.id])
		t.counts[m.id] = 0
		if tf, ok := c.freqs[m.key]; mixed && ok {
			if !c.skipFreqs {
				tf.SetFrequency(tf.Frequency() + n)
			}
			continue
		}
		c.freqs[m.key] = c.newFreq(m.term, n)
	}
	clear(t.seen)
	t.seen = t.seen[:0]
	tallies.Put(t)
	c.tally = nil
	return c.freqs
}

// A termCounter analyses a field's elements into term frequencies and the
// field's length.
type termCounter interface {
	frequencies(values []string, skipFreqs bool) (int, index.TokenFrequencies)
}

// countEach counts each value with count.
func countEach(values []string, skipFreqs bool, count func(string, *termCounts)) (int, index.TokenFrequencies) {
	c := termCounts{skipFreqs: skipFreqs, hint: len(values)}
	for _, v := range values {
		count(v, &c)
	}
	return c.length, c.frequencies()
}

// counterFor returns the fastest counter that gives a's tokens; unique
// tells that the field's values are unique to their documents.
func counterFor(a analysis.Analyzer, unique bool) termCounter {
	if da, ok := a.(*analysis.DefaultAnalyzer); ok && len(da.CharFilters) == 0 {
		if _, ok := da.Tokenizer.(wordsTokenizer); ok && len(da.TokenFilters) == 1 {
			if m, ok := da.TokenFilters[0].(*memoFilter); ok {
				return memoCounter{m}
			}
		}
		if _, ok := da.Tokenizer.(*single.SingleTokenTokenizer); ok && len(da.TokenFilters) == 0 {
			return &keywordCounter{share: !unique}
		}
	}
	return analyzerCounter{a}
}

// memoCounter counts the words of a text as the words tokenizer finds them
// and the memo analyses them.
type memoCounter struct{ memo *memoFilter }

func (m memoCounter) frequencies(values []string, skipFreqs bool) (int, index.TokenFrequencies) {
	return countEach(values, skipFreqs, m.count)
}

func (m memoCounter) count(text string, into *termCounts) {
	// The text's own bytes, not a copy: they are only read, and the memo
	// copies a word it keeps (memoFilter.analyse). A copy of every text
	// was garbage as large as the documents' text, collected while the
	// build's live data is near its memory limit.
	input := unsafe.Slice(unsafe.StringData(text), len(text))
	for i := 0; ; {
		start, end := nextWord(input, i)
		if start < 0 {
			return
		}
		made := into.word(m.memo, input[start:end])
		for i := range made {
			into.addMemo(&made[i].memoTerm)
		}
		i = end
	}
}

// keywordCounter counts a value as one term, as bleve's keyword analyzer
// does. Unless the field's values are unique to their documents (titles),
// the frequencies of a field with one value are shared by the documents
// with that value: most keyword fields have a few values (a language, a
// kind, a place in title order), and building a map per field and document
// was a sixth of the time spent counting. Each tally keeps up to
// keywordShared of them per field, so that they are found without a lock.
// Sharing is safe because nothing changes a field's frequencies once they
// are made: zap would only merge into them if a document had two fields of
// one name, and a direct document has one.
type keywordCounter struct{ share bool }

// keywordShared bounds the values whose frequencies a tally keeps per field.
const keywordShared = 4096

func (k *keywordCounter) frequencies(values []string, skipFreqs bool) (int, index.TokenFrequencies) {
	if !k.share || len(values) != 1 {
		return countEach(values, skipFreqs, k.count)
	}
	t := tallies.Get().(*termTally)
	defer tallies.Put(t)
	shared := t.keywords[k]
	if freqs, ok := shared[values[0]]; ok {
		return 1, freqs
	}
	n, freqs := countEach(values, skipFreqs, k.count)
	if shared == nil {
		if t.keywords == nil || len(t.keywords) >= tallyMemos {
			// Fields of indexes built before are let go.
			t.keywords = map[*keywordCounter]map[string]index.TokenFrequencies{}
		}
		shared = map[string]index.TokenFrequencies{}
		t.keywords[k] = shared
	}
	if len(shared) < keywordShared {
		shared[values[0]] = freqs
	}
	return n, freqs
}

// count keys the value by a copy, not by text itself: text is a substring
// of its document's whole text (see countedField), which the frequencies
// would keep alive until the segment is built.
func (*keywordCounter) count(text string, into *termCounts) {
	term := []byte(text)
	into.add(unsafe.String(unsafe.SliceData(term), len(term)), term)
}

// analyzerCounter runs any other analyzer.
type analyzerCounter struct{ a analysis.Analyzer }

func (c analyzerCounter) frequencies(values []string, skipFreqs bool) (int, index.TokenFrequencies) {
	return countEach(values, skipFreqs, c.count)
}

func (c analyzerCounter) count(text string, into *termCounts) {
	for _, t := range c.a.Analyze([]byte(text)) {
		into.add(string(t.Term), t.Term)
	}
}
