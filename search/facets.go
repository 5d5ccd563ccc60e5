package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"sync"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Facet counting. Bleve counts facets by decoding each matching document's
// doc values, which is most of a query's time. A published index never
// changes, so exsearch reads every document's facet values once, when the
// index is opened, into ordinals in memory (a compressed-row table per facet:
// document number → value numbers), and counts each match of the evaluator
// as collection passes over them (collect.go).
//
// Filters are applied there too, not in the plan, which makes disjunctive
// counts free: a document that passes every filter counts for every facet
// and goes on to be collected for the page; a document that fails the
// filter of exactly one facet still counts for that facet, so the values
// beside a selected one show how many "or" would add. One pass either way.

// facetTable holds one facet's values per document.
type facetTable struct {
	field  string
	terms  []string         // ordinal → value
	ord    map[string]int32 // value → ordinal
	offset []uint32         // document number → start in ords (len docs+1)
	ords   []uint16
}

// values returns the ordinals of a document's values.
func (t *facetTable) values(doc uint64) []uint16 {
	if doc+1 >= uint64(len(t.offset)) {
		return nil
	}
	return t.ords[t.offset[doc]:t.offset[doc+1]]
}

// loadFacetTable reads a facet field's postings into a table.
func loadFacetTable(r index.IndexReader, field string, terms []string) (*facetTable, error) {
	if len(terms) > 1<<16 {
		return nil, fmt.Errorf("facet %s has %d values, more than ordinals hold", field, len(terms))
	}
	t := &facetTable{field: field, terms: terms, ord: map[string]int32{}}
	type pair struct {
		doc uint64
		ord uint16
	}
	var pairs []pair
	maxDoc := uint64(0)
	for o, term := range terms {
		t.ord[term] = int32(o)
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
		if err != nil {
			return nil, err
		}
		var tfd index.TermFieldDoc
		for {
			next, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if next == nil {
				break
			}
			doc := docNumber(next.ID)
			maxDoc = max(maxDoc, doc)
			pairs = append(pairs, pair{doc, uint16(o)})
			tfd.Reset()
		}
		tfr.Close()
	}
	t.offset = make([]uint32, maxDoc+2)
	for _, p := range pairs {
		t.offset[p.doc+1]++
	}
	for i := 1; i < len(t.offset); i++ {
		t.offset[i] += t.offset[i-1]
	}
	t.ords = make([]uint16, len(pairs))
	fill := slices.Clone(t.offset)
	for _, p := range pairs {
		t.ords[fill[p.doc]] = p.ord
		fill[p.doc]++
	}
	return t, nil
}

// filter is one facet's selection, as ordinals.
type filter struct {
	table *facetTable
	any   []bool // ordinal → selected
	// have: the document's values must all be selected (or bodyweight),
	// and it must have some ("equipment I have").
	have bool
}

func (f *filter) pass(doc uint64) bool {
	vals := f.table.values(doc)
	if f.have {
		if len(vals) == 0 {
			return false
		}
		for _, v := range vals {
			if !f.any[v] {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if f.any[v] {
			return true
		}
	}
	return false
}

// counter counts facet values of matching documents.
type counter struct {
	order   *documentOrder
	tables  []*facetTable
	filters []*filter // by table index; nil when the facet is not filtered
	counts  [][]int   // by table index, then ordinal
	total   uint64
	// combos and byCombination count by combination of values instead,
	// when expect chose to (see facetCombos); flush adds them to counts.
	combos        *facetCombos
	byCombination []uint32
}

func (ix *Index) newCounter(req Request) *counter {
	c := &counter{order: ix.order, tables: ix.facets, filters: make([]*filter, len(ix.facets)), counts: make([][]int, len(ix.facets)), combos: ix.combos}
	for i, t := range ix.facets {
		c.counts[i] = make([]int, len(t.terms))
		values := req.Filters[t.field]
		have := t.field == indexer.FieldEquipment && req.EquipmentMode == EquipmentHave
		if len(values) == 0 && !have {
			continue
		}
		c.filters[i] = newFilter(t, values, have)
	}
	return c
}

// newFilter selects values of t; with have, as the equipment the visitor
// has (see filter).
func newFilter(t *facetTable, values []string, have bool) *filter {
	f := &filter{table: t, any: make([]bool, len(t.terms)), have: have}
	if have {
		values = append([]string{"bodyweight"}, values...)
	}
	for _, v := range values {
		if o, ok := t.ord[v]; ok {
			f.any[o] = true
		}
	}
	return f
}

// expect tells c that about n documents are to be added: when they
// outnumber the index's combinations of facet values enough to pay for
// counting by combination, and no filter is set, they are counted so until
// flush.
func (c *counter) expect(n int) {
	if c.combos == nil || n*combosPayAt < c.combos.len() {
		return
	}
	for _, f := range c.filters {
		if f != nil {
			return
		}
	}
	c.byCombination = c.combos.takeCounts()
}

// Counting by combination pays from one match for every combosPayAt
// combinations: flush goes through every combination, most of them
// unmatched, a nanosecond each, where adding one match's values costs
// twenty.
const combosPayAt = 8

// flush adds what was counted by combination to the counts.
func (c *counter) flush() {
	fc := c.combos
	by := c.byCombination
	for id, n := range by {
		if n == 0 {
			continue
		}
		for _, tv := range fc.values[fc.at[id]:fc.at[id+1]] {
			c.counts[tv>>16][tv&0xffff] += int(n)
		}
		by[id] = 0
	}
	if by != nil {
		fc.free.Put(&by)
	}
	c.byCombination = nil
}

// add looks at one matching document and reports whether it passes every
// filter.
func (c *counter) add(doc uint64) bool {
	if c.byCombination != nil {
		c.total++
		if doc < uint64(len(c.combos.of)) {
			c.byCombination[c.combos.of[doc]]++
		}
		return true
	}
	failed := -1
	for i, f := range c.filters {
		if f != nil && !f.pass(doc) {
			if failed >= 0 {
				return false // fails two: counts nowhere
			}
			failed = i
		}
	}
	if failed >= 0 {
		// Disjunctive count: what choosing another value of this facet
		// would add. "Equipment I have" is not a choice among values, so
		// its counts stay those of the results.
		if !c.filters[failed].have {
			c.count(failed, doc)
		}
		return false
	}
	c.total++
	for i := range c.tables {
		c.count(i, doc)
	}
	return true
}

func (c *counter) count(i int, doc uint64) {
	for _, v := range c.tables[i].values(doc) {
		c.counts[i][v]++
	}
}

// facetCombos numbers the combinations of facet values the index's
// documents have: at 100,000 documents, 18,867 of them. A query matching
// more documents than that counts each match with one increment, its
// combination's, instead of one per value of each of the five facets (each
// found through its table's offsets), and adds each combination's count to
// its values at the end: for the broad queries of the query log, counting
// was the most costly step after evaluating the plan. An index with more
// combinations than a quarter of its documents counts value by value.
type facetCombos struct {
	of []uint32 // document number → combination
	// values[at[c]:at[c+1]] are combination c's values, each its facet
	// table's index << 16 | its ordinal.
	at     []uint32
	values []uint32
	// free holds counts by combination (*[]uint32), all zero, for the
	// next query: 75 KB at 100,000 documents, which every broad query
	// allocated and cleared afresh.
	free sync.Pool
}

// takeCounts returns zeroed counts, one per combination.
func (fc *facetCombos) takeCounts() []uint32 {
	if by, ok := fc.free.Get().(*[]uint32); ok {
		return *by
	}
	return make([]uint32, fc.len())
}

// len is the number of combinations.
func (fc *facetCombos) len() int { return len(fc.at) - 1 }

// newFacetCombos numbers the combinations of tables' values of documents
// below limit; nil when there are more than most.
func newFacetCombos(tables []*facetTable, limit uint64, most int) *facetCombos {
	fc := &facetCombos{of: make([]uint32, limit), at: []uint32{0}}
	ids := map[string]uint32{}
	var key []byte
	for d := range limit {
		key = key[:0]
		for _, t := range tables {
			vs := t.values(d)
			key = binary.AppendUvarint(key, uint64(len(vs)))
			for _, v := range vs {
				key = binary.LittleEndian.AppendUint16(key, v)
			}
		}
		id, ok := ids[string(key)]
		if !ok {
			id = uint32(fc.len())
			ids[string(key)] = id
			for i, t := range tables {
				for _, v := range t.values(d) {
					fc.values = append(fc.values, uint32(i)<<16|uint32(v))
				}
			}
			fc.at = append(fc.at, uint32(len(fc.values)))
			if fc.len() > most {
				return nil
			}
		}
		fc.of[d] = id
	}
	return fc
}

// countedValues turns the counts of table i into the result's list.
func (ix *Index) countedValues(c *counter, i int, selected []string, ui string) []FacetValue {
	t := c.tables[i]
	out := []FacetValue{} // an empty list, never null, when nothing matches
	seen := map[string]bool{}
	tax := ix.taxonomy.Facet(t.field)
	for o, n := range c.counts[i] {
		v := t.terms[o]
		sel := slices.Contains(selected, v)
		if n == 0 && !sel {
			continue
		}
		seen[v] = true
		out = append(out, ix.facetValue(t.field, tax, v, n, sel, ui))
	}
	for _, v := range selected {
		if !seen[v] {
			out = append(out, ix.facetValue(t.field, tax, v, 0, true, ui))
		}
	}
	sortFacetValues(out)
	return out
}

func (ix *Index) facetValue(facet string, tax *corpus.Facet, v string, n int, sel bool, ui string) FacetValue {
	fv := FacetValue{Value: v, Label: ix.Label(facet, v, ui), Count: n, Selected: sel}
	if tax != nil && tax.Term(v) != nil {
		fv.Parent = tax.Term(v).Parent
	}
	return fv
}

// sortFacetValues orders values by count, "not specified" last.
func sortFacetValues(out []FacetValue) {
	sort.SliceStable(out, func(i, j int) bool {
		if (out[i].Value == corpus.Unspecified) != (out[j].Value == corpus.Unspecified) {
			return out[j].Value == corpus.Unspecified
		}
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Label < out[j].Label
	})
}
