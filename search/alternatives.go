package search

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Alternatives: "swap this exercise". The barbell is taken, the knee hurts,
// or there are only dumbbells at home; the index knows every exercise's
// muscles, equipment, focus and family (the movement its title names), in
// every language, so it can name exercises that train the same thing.
//
// An alternative is scored by what it shares with the exercise it replaces,
// facet by facet: muscles count most, then the training focus, then the
// movement: the family the taxonomy finds in its titles and the words of
// its names (movement.go). Within a facet a shared value counts by how rare
// it is (log(1+N/df), N exercises, df those with the value), so sharing
// "hamstrings" says more than sharing "legs" (facet tables hold each
// value's ancestors too), as a share of what either has, so that an
// exercise that trains much else besides ranks below one that trains the
// same and no more:
//
//	score = 4·shared(muscle) + 3½·shared(focus) + 2·shared(family) + 1·shared(name words)
//	        + ½·same(equipment) + ½·in the preferred language
//	shared(f) = Σ w(v), v in both / Σ w(v), v in either but not refined
//	same(equipment) = |in both| / |in either|, only when something else is shared
//
// A value is refined when it only says more than the other exercise does:
// its parent is one of the other's values, which names no child of it
// (wger's exercises without muscles have their category's, "legs" only; a
// lunge with "legs" and "quadriceps" is no less a lunge for that). An
// exercise's focus and families are those of its mined concept (ofConcept:
// the German "Rudern" names the row the English "Rowing" does not), as its
// name words are (movement.go).
//
// The weights keep the order (the movement's two parts together
// weigh less than the focus) and were tuned on the development half of
// wger's variation groups (quality/alternatives.go; README, Alternatives).
// The page's language lifts as much as the same equipment: among exercises
// that train the same, one the visitor can read first. What is still a tie
// is broken by tieBreak (no equipment needed, then described by more
// documents), then by title.
//
// It needs no query: each of the source's values lists its exercises (made
// from the facet tables, facets.go, on first use), and only the exercises on
// those lists are scored, the long lists last (see split below;
// BenchmarkAlternatives). Equipment is filtered as a search's is, with
// equipment_mode=have by default: what the visitor has, bodyweight always.
//
// An alternative is another exercise. Of the documents of one mined
// concept (corpus/mine.go: wger's translations of one exercise, another
// source's page of it) only the best is listed; none of the source's own
// concept, none with the source's title (motionsplan has two pages called
// "Bænkpres"), and none in another language with exactly the source's
// muscles, equipment, focus and families (wger's translations where mining
// joined nothing).

// Facet weights of an alternative's score.
const (
	altMuscleWeight = 4
	altFocusWeight  = 3.5
	// The movement: the family (taxonomy) and the name words (movement.go)
	// together weigh less than the focus.
	altFamilyWeight = 2
	altNameWeight   = 1
	// altEquipWeight breaks ties towards the source's own equipment, the
	// nearest variation; with an equipment filter it orders what passes.
	altEquipWeight = 0.5
	// altPreferLift lifts an alternative in the preferred language (the
	// page's) as much as the same equipment does: among exercises that
	// train the same, one the visitor can read comes first.
	altPreferLift = 0.5
	// altBaselineLift is the preferred language's lift in the baseline
	// (MusclesOnly): a tie-break between equal counts of shared muscles.
	altBaselineLift = 0.01
	// altTieBreak is the most tieBreak adds: less than any shared value
	// is worth, more than the title order's nudge (order.go).
	altTieBreak = 1e-5
	// altResolution is what scores are rounded to before the tie-breaks:
	// scores that differ by less are equal but for float rounding (a
	// share summed in another order), and the tie-breaks, not the
	// rounding, should order them.
	altResolution = 1e-6
	// altSlack is the most the rounding and the tie-breaks add.
	altSlack = altTieBreak + altResolution + tieNudge
)

// DefaultAlternatives is the number of alternatives when Size is 0.
const DefaultAlternatives = 10

// AlternativesRequest asks for exercises that can replace one.
type AlternativesRequest struct {
	ID string
	// Equipment is what the visitor has (EquipmentHave, the default) or
	// wants (EquipmentAny); none means no equipment filter.
	Equipment     []string
	EquipmentMode string
	UILang        string
	PreferLang    string
	Size          int // 0..MaxSize; 0 means DefaultAlternatives
	// MusclesOnly ranks by the number of shared muscle values alone: the
	// baseline the evaluation compares the ranking with.
	MusclesOnly bool
}

// Alternatives is the answer: the source exercise and what may replace it.
type Alternatives struct {
	ID     string        `json:"id"`
	Title  string        `json:"title"`
	Lang   string        `json:"lang"`
	Hits   []Alternative `json:"hits"`
	TookMS float64       `json:"took_ms"`
}

// Alternative is one exercise that can replace the source, with why.
type Alternative struct {
	Hit
	Because Because `json:"because"`
}

// Because is what an alternative shares with the exercise it replaces, as
// labelled facet values: the most specific shared muscles (not their
// ancestors), focus, and movement (exercise family).
type Because struct {
	Muscle   []Value `json:"muscle"`
	Focus    []Value `json:"focus"`
	Movement []Value `json:"movement"`
}

// ErrNotExercise is returned for alternatives to a document that is not an
// exercise (an article): there is nothing to swap.
var ErrNotExercise = errors.New("not an exercise")

// alternativesState is what alternatives read besides the facet tables,
// made on first use: the family table, each value's weight, and, for the
// three scored facets, each value's exercises (postings) and each
// exercise's summed weight, so that a request visits only the exercises
// that share something with its source.
type alternativesState struct {
	once      sync.Once
	err       error
	families  *facetTable
	exercise  int32 // ordinal of "exercise" in the kind table; -1 when none
	docs      int   // document numbers: 0..docs-1
	exercises int   // how many of them are exercises
	// by table (muscle, focus, family):
	weights  [altTables][]float64  // by ordinal
	postings [altTables][][]uint32 // by ordinal: the exercises with the value
	totals   [altTables][]float32  // by document: its values' summed weight
	bits     [altTables][][]uint64 // by ordinal: the postings of a common value as a bitset
	shared   sync.Pool             // *sharedScratch
	// concept is each document's mined concept (corpus/mine.go) as an
	// ordinal of the concept field's terms; -1 for none.
	concept []int32
	names   *facetTable // the movement names tell (movement.go)
	// focus and families are the facet tables with each exercise's values
	// those of its mined concept (ofConcept).
	focus *facetTable
	// size is the number of documents of each document's mined concept (1
	// for none), at most 255.
	size []uint8
	// parent is each value's nearest ancestor in the taxonomy, by table
	// and ordinal; -1 for none.
	parent [altTables][]int32
	// children holds, by table and by the ordinal of a value with
	// children, each document's summed weight of its children of it, -1
	// when the document does not have the value (refined reads it).
	children [altTables][][]float32
}

// altTables is the number of tables an alternative is scored on: muscle,
// focus, family and name words.
const altTables = 4

func (st *alternativesState) tables(ix *Index) [altTables]*facetTable {
	return [altTables]*facetTable{ix.table(indexer.FieldMuscle), st.focus, st.families, st.names}
}

// sharedScratch adds up, per document, the weight of the values it shares
// with a source; touched lists the documents with any. It is cleared after
// use, touched entries only.
type sharedScratch struct {
	shared  [altTables][]float32
	touched []uint32
	mark    []bool // by document: in touched
}

func (ix *Index) table(field string) *facetTable {
	for i, f := range Facets {
		if f == field {
			return ix.facets[i]
		}
	}
	return nil
}

// alternativesOnce builds what alternatives read, ahead of the first
// request (at 100k documents the name-word table alone takes seconds of
// CPU), with a fault reading damaged files made this index's error, as in
// a request.
func (ix *Index) alternativesOnce() {
	defer faults()()
	var err error
	defer guard(&err, ix.markBad)
	_, _ = ix.alternativesState()
}

func (ix *Index) alternativesState() (*alternativesState, error) {
	st := &ix.alternatives
	st.once.Do(func() {
		if ix.meta.Plain {
			st.err = errors.New("a plain index has no alternatives")
			return
		}
		terms, err := ix.terms(indexer.FieldFamily)
		if err != nil {
			st.err = err
			return
		}
		families, err := loadFacetTable(ix.reader, indexer.FieldFamily, terms)
		if err != nil {
			st.err = fmt.Errorf("facet %s: %w", indexer.FieldFamily, err)
			return
		}
		kind := ix.table(indexer.FieldKind)
		st.exercise = -1
		if o, ok := kind.ord[string(corpus.KindExercise)]; ok {
			st.exercise = o
		}
		st.docs = len(kind.offset) - 1
		if st.concept, err = ix.conceptOrdinals(st.docs); err != nil {
			st.err = fmt.Errorf("field %s: %w", indexer.FieldConcept, err)
			return
		}
		st.families = ofConcept(families, st.concept)
		st.size = conceptSizes(st.concept)
		st.focus = ofConcept(ix.table(indexer.FieldFocus), st.concept)
		if st.names, err = ix.nameWords(st, kind); err != nil {
			st.err = fmt.Errorf("field %s: %w", indexer.FieldTitleKey, err)
			return
		}
		if st.names == nil {
			st.names = &facetTable{field: "name", ord: map[string]int32{}, offset: make([]uint32, st.docs+1)}
		}
		tables := st.tables(ix)
		for i, t := range tables {
			st.postings[i] = make([][]uint32, len(t.terms))
		}
		exercises := 0
		for doc := range uint64(st.docs) {
			if !isExercise(kind, doc, st.exercise) {
				continue
			}
			exercises++
			for i, t := range tables {
				for _, o := range t.values(doc) {
					st.postings[i][o] = append(st.postings[i][o], uint32(doc))
				}
			}
		}
		st.exercises = exercises
		taxa := [altTables]*corpus.Facet{ix.taxonomy.Facet(indexer.FieldMuscle), ix.taxonomy.Facet(indexer.FieldFocus), ix.taxonomy.Exercises(), nil}
		for i, t := range tables {
			st.parent[i] = parents(t, taxa[i])
		}
		for i, t := range tables {
			st.weights[i] = make([]float64, len(t.terms))
			st.totals[i] = make([]float32, st.docs)
			st.bits[i] = make([][]uint64, len(t.terms))
			for o, term := range t.terms {
				df := len(st.postings[i][o])
				if term == corpus.Unspecified || df == 0 {
					st.postings[i][o] = nil // shares nothing
					continue
				}
				st.weights[i][o] = math.Log(1 + float64(exercises)/float64(df))
				for _, d := range st.postings[i][o] {
					st.totals[i][d] += float32(st.weights[i][o])
				}
				if df > st.long() {
					st.bits[i][o] = bitsOf(st.postings[i][o], st.docs)
				}
			}
			st.readChildren(i, t)
		}
		st.shared.New = func() any {
			sc := &sharedScratch{}
			for i := range sc.shared {
				sc.shared[i] = make([]float32, st.docs)
			}
			sc.mark = make([]bool, st.docs)
			return sc
		}
	})
	return st, st.err
}

// conceptOrdinals reads the concept field's postings into one ordinal per
// document (a document has at most one concept).
func (ix *Index) conceptOrdinals(docs int) ([]int32, error) {
	terms, err := ix.terms(indexer.FieldConcept)
	if err != nil {
		return nil, err
	}
	out := make([]int32, docs)
	for i := range out {
		out[i] = -1
	}
	var tfd index.TermFieldDoc
	for o, term := range terms {
		tfr, err := ix.reader.TermFieldReader(context.Background(), []byte(term), indexer.FieldConcept, false, false, false)
		if err != nil {
			return nil, err
		}
		for {
			next, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if next == nil {
				break
			}
			if d := docNumber(next.ID); d < uint64(docs) {
				out[d] = int32(o)
			}
			tfd.Reset()
		}
		tfr.Close()
	}
	return out, nil
}

func conceptSizes(concept []int32) []uint8 {
	n := map[int32]int{}
	for _, c := range concept {
		if c >= 0 {
			n[c]++
		}
	}
	out := make([]uint8, len(concept))
	for d, c := range concept {
		out[d] = 1
		if c >= 0 {
			out[d] = uint8(min(n[c], 255))
		}
	}
	return out
}

// readChildren makes st.children[i] from table t, its parents and
// weights.
func (st *alternativesState) readChildren(i int, t *facetTable) {
	if st.parent[i] == nil {
		return
	}
	ch := make([][]float32, len(t.terms))
	for _, p := range st.parent[i] {
		if p >= 0 && ch[uint16(p)] == nil {
			a := make([]float32, len(t.offset)-1)
			for d := range a {
				a[d] = -1
			}
			ch[uint16(p)] = a
		}
	}
	for d := range len(t.offset) - 1 {
		for _, o := range t.values(uint64(d)) {
			if a := ch[o]; a != nil && a[d] < 0 {
				a[d] = 0
			}
		}
		for _, o := range t.values(uint64(d)) {
			if p := st.parent[i][o]; p >= 0 {
				if a := ch[uint16(p)]; a[d] >= 0 {
					a[d] += float32(st.weights[i][o])
				}
			}
		}
	}
	st.children[i] = ch
}

// parentOf is the ordinal of the nearest ancestor of table i's value o;
// -1 for none.
func (st *alternativesState) parentOf(i int, o uint16) int32 {
	if st.parent[i] == nil {
		return -1
	}
	return st.parent[i][o]
}

// described is how well doc is described, in [0, 1): by how many
// documents of its concept, up to 8.
func (st *alternativesState) described(doc uint64) float64 {
	return float64(min(st.size[doc], 8)) / 9
}

// parents maps each of t's ordinals to its nearest ancestor's in tax.
func parents(t *facetTable, tax *corpus.Facet) []int32 {
	if tax == nil {
		return nil
	}
	out := make([]int32, len(t.terms))
	for o, term := range t.terms {
		out[o] = -1
		if a := tax.Ancestors(term); len(a) > 0 {
			if p, ok := t.ord[a[0]]; ok {
				out[o] = p
			}
		}
	}
	return out
}

// ofConcept returns t with every document of a mined concept given the
// values of all of them: they describe one exercise, and what one of them
// names (the family in a German title, the focus in an English one) is
// true of the others. corpus.Unspecified counts only where the concept
// has no value at all.
func ofConcept(t *facetTable, concept []int32) *facetTable {
	unspecified, hasUnspecified := t.ord[corpus.Unspecified]
	byConcept := map[int32][]uint16{}
	for d, c := range concept {
		if c < 0 {
			continue
		}
		for _, o := range t.values(uint64(d)) {
			if (!hasUnspecified || o != uint16(unspecified)) && !slices.Contains(byConcept[c], o) {
				byConcept[c] = append(byConcept[c], o)
			}
		}
	}
	out := &facetTable{field: t.field, terms: t.terms, ord: t.ord, offset: make([]uint32, len(concept)+1)}
	for d := range concept {
		vs := t.values(uint64(d))
		if c := concept[d]; c >= 0 && len(byConcept[c]) > 0 {
			vs = byConcept[c]
		}
		out.ords = append(out.ords, vs...)
		out.offset[d+1] = uint32(len(out.ords))
	}
	return out
}

func isExercise(kind *facetTable, doc uint64, exercise int32) bool {
	return exercise >= 0 && slices.Contains(kind.values(doc), uint16(exercise))
}

// Alternatives returns exercises that can replace the one with req.ID.
func (ix *Index) Alternatives(ctx context.Context, req AlternativesRequest) (*Alternatives, error) {
	start := time.Now()
	ui, err := req.normalize()
	if err != nil {
		return nil, err
	}
	st, err := ix.alternativesState()
	if err != nil {
		return nil, err
	}
	iid, err := ix.reader.InternalID(req.ID)
	if err != nil {
		return nil, fmt.Errorf("document %s: %w", req.ID, err)
	}
	if len(iid) == 0 {
		return nil, ErrNotFound
	}
	src := docNumber(iid)
	kind := ix.table(indexer.FieldKind)
	if !isExercise(kind, src, st.exercise) {
		return nil, fmt.Errorf("document %s: %w", req.ID, ErrNotExercise)
	}
	sd, err := ix.readShown(uint32(src), false)
	if err != nil {
		return nil, err
	}
	sc := ix.newScan(st, src, req)
	acc := st.shared.Get().(*sharedScratch)
	defer st.shared.Put(acc)
	defer acc.clear()
	common := sc.split(req.MusclesOnly)
	if err := sc.gather(ctx, acc, common); err != nil {
		return nil, err
	}
	sc.addCommon(acc, common, 0)
	sc.self = ix.sameNamed(sd.hit.Title)
	out := &Alternatives{ID: sd.id, Title: sd.hit.Title, Lang: sd.hit.Lang, Hits: []Alternative{}}
	var picked []ranked
	for k := 2*req.Size + maxSameExercise; ; k *= 4 {
		var h worstFirst
		sc.collect(ix, acc, &h, k, 0)
		// Walk the common values' postings, the weightiest first, until
		// an exercise sharing only the rest could not enter. Promoting
		// adds exercises and leaves the scores of those found as they
		// were, so only the new ones are collected.
		for len(common) > 0 && (len(h) < k || h[0].score <= sc.bound(common)) {
			from := len(acc.touched)
			sc.promote(acc, common)
			common = common[1:]
			sc.collect(ix, acc, &h, k, from)
		}
		picked = sc.distinct(bestFirst(h), req.Size)
		if len(picked) == req.Size || len(h) < k {
			break // enough, or every candidate seen
		}
	}
	for _, r := range picked {
		hd, err := ix.readShown(r.doc, false)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, Alternative{Hit: ix.newHit(hd.id, r.score, &hd.hit, ui), Because: sc.because(ix, uint64(r.doc), ui)})
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// maxSameExercise bounds the translations of the source looked past: wger
// has at most one per language.
const maxSameExercise = 4

// A source's values with long postings (legs, full-body, a name word like
// "press") make most of a request's work and little of its ranking: they
// weigh little (their weight falls with their postings' length) and an
// exercise sharing only them scores low. So a request first adds up the
// other values' postings, counts the common values only for the exercises
// those found (a look at each one's few values), and takes the best; while
// the k-th best is not above what sharing every common value left could
// score (bound), it walks the postings of the weightiest common value too
// (MaxScore, as search engines prune disjunctions). The answer is the same
// as walking everything (TestAlternativesPruned).

// altCommon: a value is common when more than 1/altCommon of the
// exercises have it.
const altCommon = 64

// altValue is one of a source's values: table and ordinal, and what
// sharing it could add to a score at most.
type altValue struct {
	table int
	ord   uint16
	most  float64
}

// split picks the source's common values, the weightiest first. The
// baseline (musclesOnly) walks everything.
func (sc *scan) split(musclesOnly bool) (common []altValue) {
	if musclesOnly || noPruning {
		return nil
	}
	for i := range sc.tables {
		for _, o := range sc.tables[i].values(sc.src) {
			if sc.st.bits[i][o] != nil {
				// The union is at least the source's values but
				// those an exercise may be vaguer than (refined).
				most := facetWeights[i]
				if sc.least[i] > 0 {
					most = min(most, most*sc.st.weights[i][o]/sc.least[i])
				}
				common = append(common, altValue{i, o, most})
			}
		}
	}
	slices.SortFunc(common, func(a, b altValue) int { return cmp.Compare(b.most, a.most) })
	return common
}

// bound is the most an exercise sharing only common values can score,
// nudges and the preferred language's lift included.
func (sc *scan) bound(common []altValue) float64 {
	b := altEquipWeight + altPreferLift + altSlack + tieNudge
	for _, v := range common {
		b += v.most
	}
	return b
}

// noPruning turns the shortcut off, for the test that it changes nothing.
var noPruning = false

func isCommon(common []altValue, table int, ord uint16) bool {
	return slices.ContainsFunc(common, func(v altValue) bool { return v.table == table && v.ord == ord })
}

// gather adds up the shared weights of the source's values but the common
// ones, walking their postings.
func (sc *scan) gather(ctx context.Context, acc *sharedScratch, common []altValue) error {
	st := sc.st
	for i := range sc.tables {
		for _, o := range sc.tables[i].values(sc.src) {
			w := float32(st.weights[i][o])
			if sc.musclesOnly {
				if i > 0 {
					break
				}
				w = 1 // the baseline counts shared muscle values
			}
			if w == 0 || isCommon(common, i, o) {
				continue
			}
			for _, d := range st.postings[i][o] {
				acc.touch(d)
				acc.shared[i][d] += w
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// addCommon adds the common values' weights to the exercises found from
// the from-th on, looking them up in the values' bitsets (a few kilobytes
// each, where the exercises' own values are spread over megabytes).
func (sc *scan) addCommon(acc *sharedScratch, common []altValue, from int) {
	for _, v := range common {
		w := float32(sc.st.weights[v.table][v.ord])
		bits, shared := sc.st.bits[v.table][v.ord], acc.shared[v.table]
		for _, d := range acc.touched[from:] {
			if bits[d/64]&(1<<(d%64)) != 0 {
				shared[d] += w
			}
		}
	}
}

// long is the length beyond which a value's postings are common.
func (st *alternativesState) long() int { return max(st.exercises/altCommon, 1) }

// bitsOf turns postings into a bitset over docs documents.
func bitsOf(postings []uint32, docs int) []uint64 {
	b := make([]uint64, (docs+63)/64)
	for _, d := range postings {
		b[d/64] |= 1 << (d % 64)
	}
	return b
}

// promote walks the postings of common[0] for the exercises not found yet
// (those found have its weight from addCommon) and counts the rest of
// common for those it finds.
func (sc *scan) promote(acc *sharedScratch, common []altValue) {
	v := common[0]
	w := float32(sc.st.weights[v.table][v.ord])
	from := len(acc.touched)
	for _, d := range sc.st.postings[v.table][v.ord] {
		if acc.mark[d] {
			continue
		}
		acc.touch(d)
		acc.shared[v.table][d] += w
	}
	sc.addCommon(acc, common[1:], from)
}

// collect adds the candidates acc holds from its from-th on to the heap h
// of the k best.
func (sc *scan) collect(ix *Index, acc *sharedScratch, hp *worstFirst, k, from int) {
	h := *hp
	defer func() { *hp = h }()
	for _, d := range acc.touched[from:] {
		doc := uint64(d)
		if doc == sc.src || (sc.equipment != nil && !sc.equipment.pass(doc)) {
			continue
		}
		if len(h) == k && sc.most(doc, acc)+altEquipWeight+altPreferLift+altSlack < h[0].score {
			continue // cannot enter, whatever refined finds
		}
		s := sc.shares(doc, acc)
		if s <= 0 || (len(h) == k && s+altEquipWeight+altPreferLift+altSlack < h[0].score) {
			continue // shares nothing, or cannot enter
		}
		if !sc.musclesOnly {
			s += altEquipWeight * sc.sameEquipment(doc)
		}
		if sc.prefer >= 0 && slices.Contains(sc.lang.values(doc), uint16(sc.prefer)) {
			s += sc.preferLift()
		}
		if len(h) == k && s+altSlack < h[0].score {
			continue // cannot enter, nudged or not
		}
		s = math.Round(s/altResolution) * altResolution
		r := ranked{d, s + sc.tieBreak(doc) + ix.order.nudge(doc)}
		switch {
		case len(h) < k:
			heap.Push(&h, r)
		case better(r, h[0]):
			h[0] = r
			heap.Fix(&h, 0)
		}
	}
}

// bestFirst sorts the heap h, best first.
func bestFirst(h worstFirst) worstFirst {
	slices.SortFunc(h, func(a, b ranked) int {
		if better(a, b) {
			return -1
		}
		return 1
	})
	return h
}

// distinct takes up to n of the ranked candidates h, each a different
// exercise from the source and from the others: one document of a mined
// concept (the best; the preferred language's among equals), none of the
// source's own concept, and none with the source's title (another page of
// the same exercise: motionsplan has two pages called "Bænkpres").
func (sc *scan) distinct(h worstFirst, n int) []ranked {
	var out []ranked
	var seen []int32
	for _, r := range h {
		if len(out) == n {
			break
		}
		doc := uint64(r.doc)
		if sc.sameExercise(doc) || slices.Contains(sc.self, r.doc) {
			continue
		}
		if c := sc.st.concept[doc]; c >= 0 {
			if c == sc.st.concept[sc.src] || slices.Contains(seen, c) {
				continue
			}
			seen = append(seen, c)
		}
		out = append(out, r)
	}
	return out
}

// sameNamed lists the exercises titled as title is (folded, as the
// title_key field holds titles and alternative titles).
func (ix *Index) sameNamed(title string) []uint32 {
	var out []uint32
	tfr, err := ix.reader.TermFieldReader(context.Background(), []byte(indexer.TitleKey(title)), indexer.FieldTitleKey, false, false, false)
	if err != nil {
		return nil
	}
	defer tfr.Close()
	var tfd index.TermFieldDoc
	for {
		next, err := tfr.Next(&tfd)
		if err != nil || next == nil {
			return out
		}
		out = append(out, uint32(docNumber(next.ID)))
		tfd.Reset()
	}
}

func (r *AlternativesRequest) normalize() (ui string, err error) {
	if ui, err = uiLanguage(r.UILang); err != nil {
		return "", err
	}
	if r.PreferLang != "" && !corpus.IsLanguage(r.PreferLang) {
		return "", badParam("prefer_lang", "unknown language %q (want da, no, de or en)", r.PreferLang)
	}
	switch {
	case r.Size == 0:
		r.Size = DefaultAlternatives
	case r.Size < 0 || r.Size > MaxSize:
		return "", badParam("size", "%d is out of range 0..%d", r.Size, MaxSize)
	}
	switch r.EquipmentMode {
	case "":
		r.EquipmentMode = EquipmentHave
	case EquipmentHave, EquipmentAny:
	default:
		return "", badParam("equipment_mode", "unknown mode %q (want %s or %s)", r.EquipmentMode, EquipmentAny, EquipmentHave)
	}
	if len(r.Equipment) > MaxFilterValues {
		return "", badParam("equipment", "%d values, more than %d", len(r.Equipment), MaxFilterValues)
	}
	return ui, nil
}

// scan is one alternatives request's source, as ordinals.
type scan struct {
	st     *alternativesState
	tables [altTables]*facetTable // muscle, focus, family, name words
	has    [altTables][]bool      // the source's values
	total  [altTables]float64     // their summed weights
	vague  [altTables][]bool      // the source's values without a child among them
	// least is the least a union with the source can be (refined): the
	// weight of the source's values whose parent it does not have.
	least [altTables]float64
	// vagueParents are the source's values with children in the taxonomy
	// but none among the source's; parents those with some, and the
	// summed weight of those (refined).
	vagueParents [altTables][]uint16
	parents      [altTables][]parentWeight
	equip        *facetTable
	equipment    *filter // nil: no equipment filter
	lang         *facetTable
	prefer       int32 // the preferred language's ordinal; -1 for none
	src          uint64
	srcLang      []uint16
	self         []uint32 // documents with the source's title
	musclesOnly  bool
}

func (ix *Index) newScan(st *alternativesState, src uint64, req AlternativesRequest) *scan {
	sc := &scan{st: st, src: src, prefer: -1, lang: ix.table(indexer.FieldLang), musclesOnly: req.MusclesOnly}
	sc.tables = st.tables(ix)
	for i := range sc.tables {
		sc.readSource(i)
	}
	sc.equip = ix.table(indexer.FieldEquipment)
	if len(req.Equipment) > 0 {
		sc.equipment = newFilter(sc.equip, req.Equipment, req.EquipmentMode == EquipmentHave)
	}
	if o, ok := sc.lang.ord[req.PreferLang]; ok {
		sc.prefer = o
	}
	sc.srcLang = sc.lang.values(src)
	return sc
}

// parentWeight is a value and the summed weight of its children.
type parentWeight struct {
	ord      uint16
	children float32
}

// readSource reads the source's values of table i: has, vague, total,
// least and the parents refined reads.
func (sc *scan) readSource(i int) {
	t, st := sc.tables[i], sc.st
	sc.has[i] = make([]bool, len(t.terms))
	sc.vague[i] = make([]bool, len(t.terms))
	for _, o := range t.values(sc.src) {
		sc.has[i][o] = true
		sc.vague[i][o] = true
		sc.total[i] += st.weights[i][o]
	}
	sc.least[i] = sc.total[i]
	for _, o := range t.values(sc.src) {
		if p := st.parentOf(i, o); p >= 0 && sc.has[i][p] {
			sc.vague[i][p] = false
			sc.least[i] -= st.weights[i][o]
		}
	}
	for _, o := range t.values(sc.src) {
		if st.children[i] == nil || st.children[i][o] == nil {
			continue
		}
		if sc.vague[i][o] {
			sc.vagueParents[i] = append(sc.vagueParents[i], o)
		} else {
			sc.parents[i] = append(sc.parents[i], parentWeight{o, st.children[i][o][sc.src]})
		}
	}
}

var facetWeights = [altTables]float64{altMuscleWeight, altFocusWeight, altFamilyWeight, altNameWeight}

// tieBreak orders alternatives that are equally good, none of which
// shares more with the source: first those that need no equipment (a swap
// anyone can do anywhere), then those more documents describe (the
// exercise's mined concept: its translations and other sources' pages of
// it; a common exercise, and one more likely to be there in the visitor's
// language). Only then does the title order decide (order.go). The
// baseline has none of this.
func (sc *scan) tieBreak(doc uint64) float64 {
	if sc.musclesOnly {
		return 0
	}
	return altTieBreak * (sc.needsNothing(doc) + sc.st.described(doc)) / 2
}

func (sc *scan) preferLift() float64 {
	if sc.musclesOnly {
		return altBaselineLift
	}
	return altPreferLift
}

// needsNothing is 1 when doc needs no equipment (bodyweight only), else 0.
func (sc *scan) needsNothing(doc uint64) float64 {
	vs := sc.equip.values(doc)
	if len(vs) == 0 {
		return 0
	}
	for _, o := range vs {
		if sc.equip.terms[o] != "bodyweight" {
			return 0
		}
	}
	return 1
}

// sameEquipment is the share of equipment values doc and the source have
// in common, of those either has.
func (sc *scan) sameEquipment(doc uint64) float64 {
	a, b := sc.equip.values(doc), sc.equip.values(sc.src)
	if len(a)+len(b) == 0 {
		return 0
	}
	n := 0
	for _, v := range a {
		if slices.Contains(b, v) {
			n++
		}
	}
	return float64(n) / float64(len(a)+len(b)-n)
}

// shares is what doc shares with the source (see the top of the file),
// from the shared weights acc added up, but the equipment (sameEquipment),
// which top adds only to what may enter.
func (sc *scan) shares(doc uint64, acc *sharedScratch) float64 {
	if sc.musclesOnly {
		return float64(acc.shared[0][doc])
	}
	s := 0.0
	for i := range sc.tables {
		shared := float64(acc.shared[i][doc])
		if shared == 0 {
			continue
		}
		union := sc.total[i] + float64(sc.st.totals[i][doc]) - shared - sc.refined(i, doc)
		s += facetWeights[i] * shared / union
	}
	return s
}

// most is the most shares can be for doc, without reading its values:
// the union is at least the shared weight and the source's least.
func (sc *scan) most(doc uint64, acc *sharedScratch) float64 {
	if sc.musclesOnly {
		return float64(acc.shared[0][doc])
	}
	m := 0.0
	for i := range sc.tables {
		if shared := float64(acc.shared[i][doc]); shared > 0 {
			m += facetWeights[i] * shared / max(shared, sc.least[i])
		}
	}
	return m
}

// refined is the weight of the values doc and the source do not share
// only because one of them says more than the other: a value whose parent
// the other names, and no child of it ("quadriceps", where one exercise
// has "legs" and "quadriceps" and the other "legs" only, as wger's
// exercises without muscles have their category's). Where one of them is
// vague, the other being exact is no difference; they are left out of the
// union.
func (sc *scan) refined(i int, doc uint64) float64 {
	r := float32(0)
	for _, p := range sc.vagueParents[i] {
		if c := sc.st.children[i][p][doc]; c > 0 {
			r += c // doc's children of a value the source names alone
		}
	}
	for _, p := range sc.parents[i] {
		if sc.st.children[i][p.ord][doc] == 0 {
			r += p.children // the source's children of a value doc names alone
		}
	}
	return float64(r)
}

func (acc *sharedScratch) touch(d uint32) {
	if !acc.mark[d] {
		acc.mark[d] = true
		acc.touched = append(acc.touched, d)
	}
}

func (acc *sharedScratch) clear() {
	for _, d := range acc.touched {
		for i := range acc.shared {
			acc.shared[i][d] = 0
		}
		acc.mark[d] = false
	}
	acc.touched = acc.touched[:0]
}

// sameExercise tells whether doc is the source in another language: every
// facet value the same.
func (sc *scan) sameExercise(doc uint64) bool {
	if slices.Equal(sc.lang.values(doc), sc.srcLang) {
		return false
	}
	// (Not append(sc.tables[:3], …): that would write over the name
	// words' table in sc.tables.)
	for _, t := range []*facetTable{sc.tables[0], sc.tables[1], sc.tables[2], sc.equip} {
		if !sameValues(t.values(doc), t.values(sc.src)) {
			return false
		}
	}
	return true
}

func sameValues(a, b []uint16) bool {
	if len(a) != len(b) {
		return false
	}
	for _, v := range a {
		if !slices.Contains(b, v) {
			return false
		}
	}
	return true
}

// because lists what doc shares with the source, each facet's values
// without those that are ancestors of another shared one.
func (sc *scan) because(ix *Index, doc uint64, ui string) Because {
	shared := func(i int, facet string, tax *corpus.Facet) []Value {
		var ids []string
		for _, o := range sc.tables[i].values(doc) {
			if sc.has[i][o] && sc.tables[i].terms[o] != corpus.Unspecified {
				ids = append(ids, sc.tables[i].terms[o])
			}
		}
		out := []Value{}
		for _, id := range ids {
			if tax != nil && slices.ContainsFunc(ids, func(other string) bool { return slices.Contains(tax.Ancestors(other), id) }) {
				continue
			}
			label := ix.Label(facet, id, ui)
			if i == 2 && tax != nil && tax.Term(id) != nil {
				label = tax.Label(id, ui)
			}
			out = append(out, Value{Value: id, Label: label})
		}
		return out
	}
	return Because{
		Muscle:   shared(0, indexer.FieldMuscle, ix.taxonomy.Facet(indexer.FieldMuscle)),
		Focus:    shared(1, indexer.FieldFocus, ix.taxonomy.Facet(indexer.FieldFocus)),
		Movement: shared(2, indexer.FieldFamily, ix.taxonomy.Exercises()),
	}
}
