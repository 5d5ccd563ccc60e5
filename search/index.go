package search

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Index is one opened, read-only index generation. It is reference counted:
// a search holds a reference while it runs, so that a newer generation can
// replace this one while in-flight searches finish here; the last release
// closes it.
//
// A published index never changes, so what can be known about it is read
// once when it is opened: its metadata and taxonomy, its analyzers, the term
// dictionaries that tell whether a query word exists (typo tolerance is only
// spent on words that do not), its segments (scorch.go), and the facet
// tables and title order the evaluator's matches are counted and ranked with
// (facets.go, order.go). A baseline index is opened as baseline.go says.
type Index struct {
	bleve     bleve.Index
	reader    index.IndexReader
	meta      *indexer.Meta
	taxonomy  *corpus.Taxonomy
	topics    *topicTable                  // the taxonomy's topic names, analysed
	mined     *minedNames                  // the names of the concepts mined from the data
	analyzers map[string]analysis.Analyzer // for queries
	texts     map[string]analysis.Analyzer // for highlighting body text
	// known tells, per text field, whether a term is in its dictionary;
	// knownTerms keeps its answers (see knownTerm).
	known      map[string]index.FieldDictContains
	knownTerms *knownCache
	facets     []*facetTable // by Facets order
	combos     *facetCombos  // nil: count value by value
	order      *documentOrder
	// segments and scratch are what evaluate.go reads and works in.
	segments *segments
	scratch  *sync.Pool
	// noPruning evaluates every plan exhaustively (pruned.go): for
	// the tests that compare the two.
	noPruning bool
	shown     *shownCache // see stored.go
	path      string

	suggestState
	overview overviewState
	// alternatives is made on first use (alternatives.go).
	alternatives alternativesState
	cache        *resultCache // nil: no caching
	// splitNames are the taxonomy's one-word names by language, made
	// once, for splitting compounds (decompound.go).
	splitOnce  sync.Once
	splitNames map[string]map[string]bool
	// budgets bound one search's expansions and corrections, in steps
	// (see limit.go).
	budgets struct{ expansion, correction int }

	refs atomic.Int64 // 1 for the owner, +1 per running search
	// closed is set when the owner closes the index: the background
	// builds (buildSuggesterSoon) then start nothing more.
	closed atomic.Bool
	// bad is the first fault recovered while answering from this index:
	// its files are damaged (see verify.go), and it is reported as such.
	bad atomic.Pointer[FaultError]
}

// Open opens the index at path (a generation directory or a bare index)
// read-only. Damaged files give an error, never a crash: a fault or panic
// while reading them is recovered (see verify.go). Open does not check the
// files' checksums; Verify and Live do.
func Open(path string) (_ *Index, err error) {
	defer faults()()
	defer guard(&err, nil)
	ix, err := openIndex(path)
	if err != nil {
		return nil, err
	}
	ix.buildSuggesterSoon()
	return ix, nil
}

func openIndex(path string) (_ *Index, err error) {
	b, err := openReadOnly(path)
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", path, err)
	}
	ix := &Index{bleve: b, path: path, analyzers: map[string]analysis.Analyzer{}, texts: map[string]analysis.Analyzer{},
		known: map[string]index.FieldDictContains{}}
	ix.refs.Store(1)
	ix.budgets.expansion, ix.budgets.correction = ExpansionBudget, CorrectionBudget
	defer func() {
		if r := recover(); r != nil {
			ix.closeAll()
			panic(r) // for Open's guard, now that nothing is left open
		}
		if err != nil {
			ix.closeAll()
			err = fmt.Errorf("open index %s: %w", path, err)
		}
	}()
	if ix.meta, err = indexer.ReadMeta(b); err != nil {
		return nil, err
	}
	if ix.taxonomy, err = indexer.ReadTaxonomy(b); err != nil {
		return nil, err
	}
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	if ix.reader, err = adv.Reader(); err != nil {
		return nil, err
	}
	rc, ok := ix.reader.(index.IndexReaderContains)
	if !ok {
		return nil, errors.New("index reader cannot look up terms")
	}
	for _, lang := range corpus.Languages {
		for _, f := range []string{indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang), indexer.LeadField(lang)} {
			if ix.known[f], err = rc.FieldDictContains(f); err != nil {
				return nil, err
			}
		}
	}
	if ix.segments, err = openSegments(ix.reader, b.Mapping()); err != nil {
		return nil, err
	}
	if ix.meta.Plain {
		if err = ix.openPlain(); err != nil { // the baseline: see baseline.go
			return nil, err
		}
		return ix, nil
	}
	if err = ix.loadAnalyzers(indexer.Analyzer, indexer.TextAnalyzer); err != nil {
		return nil, err
	}
	ix.topics = ix.loadTopics()
	names, err := indexer.ReadConceptNames(b)
	if err != nil {
		return nil, err
	}
	ix.mined = newMinedNames(names)
	for _, f := range Facets {
		terms, err := ix.terms(f)
		if err != nil {
			return nil, err
		}
		t, err := loadFacetTable(ix.reader, f, terms)
		if err != nil {
			return nil, fmt.Errorf("facet %s: %w", f, err)
		}
		ix.facets = append(ix.facets, t)
	}
	ix.combos = newFacetCombos(ix.facets, ix.segments.limit, int(ix.segments.limit/4+1))
	if ix.order, err = loadOrder(ix.reader, ix.terms); err != nil {
		return nil, fmt.Errorf("document order: %w", err)
	}
	ix.scratch = newScratchPool(ix.segments.limit)
	ix.shown = newSizedCache[uint32](shownCacheBytes, (*shownDoc).bytes)
	ix.knownTerms = newSizedCache[knownKey](knownCacheBytes, knownAnswer.bytes)
	return ix, nil
}

// loadAnalyzers finds each language's analyzers in the index's mapping: the
// one its title fields were indexed with, for queries, and the one of its
// body, for highlighting.
func (ix *Index) loadAnalyzers(analyzer, text func(lang string) string) error {
	m := ix.bleve.Mapping()
	for _, lang := range corpus.Languages {
		a, t := m.AnalyzerNamed(analyzer(lang)), m.AnalyzerNamed(text(lang))
		if a == nil || t == nil {
			return fmt.Errorf("no analyzer for %s", lang)
		}
		ix.analyzers[lang], ix.texts[lang] = a, t
	}
	return nil
}

// terms lists the terms of a field, read in this goroutine (see expand.go).
func (ix *Index) terms(field string) ([]string, error) {
	entries, err := ix.segments.expand(field, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.term
	}
	return out, nil
}

// knownTerm reports whether term is in the dictionary of any of fields.
func (ix *Index) knownTerm(term string, fields ...string) bool {
	for _, f := range fields {
		if ix.knownIn(f, term) {
			return true
		}
	}
	return false
}

// knownIn reports whether term is in field's dictionary. The answer is
// kept: planning asks it of every word of a text in each language's
// fields, and each look-up reads the dictionaries of all the index's
// segments, about a twentieth of a search's work at 100,000 documents,
// for words that a query log repeats.
func (ix *Index) knownIn(field, term string) bool {
	c := ix.known[field]
	if c == nil {
		return false
	}
	key := knownKey{field, term}
	if a, ok := ix.knownTerms.get(key); ok {
		return a.known
	}
	ok, err := c.Contains([]byte(term))
	if err == nil {
		ix.knownTerms.add(key, knownAnswer{ok, int32(len(field) + len(term))})
	}
	return ok
}

// knownCache keeps knownIn's answers, by field and term.
type knownCache = sizedCache[knownKey, knownAnswer]

type knownKey struct{ field, term string }

type knownAnswer struct {
	known bool
	n     int32 // bytes of the key's strings
}

func (a knownAnswer) bytes() int { return 96 + int(a.n) }

// knownCacheBytes bounds the answers kept: about 20,000 of them.
const knownCacheBytes = 2 << 20

// Meta returns the index metadata.
func (ix *Index) Meta() indexer.Meta { return *ix.meta }

// Taxonomy returns the taxonomy the index was built with.
func (ix *Index) Taxonomy() *corpus.Taxonomy { return ix.taxonomy }

func (ix *Index) acquire() bool {
	for {
		n := ix.refs.Load()
		if n <= 0 {
			return false
		}
		if ix.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (ix *Index) release() {
	if ix.refs.Add(-1) == 0 {
		ix.closeAll()
	}
}

func (ix *Index) closeAll() {
	if ix.reader != nil {
		ix.reader.Close()
	}
	ix.bleve.Close()
}

// markBad records the first fault recovered while answering from ix.
func (ix *Index) markBad(fe *FaultError) { ix.bad.CompareAndSwap(nil, fe) }

// Close gives up the owner's reference; the index closes once no search
// uses it.
func (ix *Index) Close() {
	ix.closed.Store(true)
	ix.release()
}
