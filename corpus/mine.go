package corpus

import (
	"slices"
	"sort"
)

// Mining exercise concepts. One exercise is often described several times:
// wger has a German and an English translation of one exercise, each with
// aliases; a motionsplan page names the English exercise it is in
// alternative_titles; free-exercise-db and wger share many English names.
// Load joins those descriptions into concepts, so that a query naming one
// of them finds all, in every language (see search). The evidence, in the
// order it is used:
//
//  1. wger translations: the records of one wger exercise (Document.Record
//     says which) are one concept;
//  2. alternative titles: a page whose alternative title is another
//     document's title or alternative title describes that exercise;
//  3. shared names: documents of two sources with the same title.
//
// The documents of a concept share their exercise families (Families).
// Names are compared folded (Fold). A name that more than maxShared
// separate exercises carry ("Curl", "Stretch") names a kind, not an
// exercise, and joins nothing; the taxonomy's exercise families are the
// place for kinds. Only exercises are mined; articles mention exercises,
// they are not one.

// maxShared is the most concepts a name may join into one.
const maxShared = 4

// Sources of mined concepts, as reported.
const (
	MinedTranslations = "wger translations"
	MinedAltTitles    = "alternative titles"
	MinedSharedNames  = "shared names"
)

// mineEntry is what mining needs of an exercise: Stream hands documents on
// before every one is read, so the miner keeps only this of each, and the
// decision is applied to the documents afterwards (Mined.Apply).
type mineEntry struct {
	id, title, record string
	altTitles         []string
	families          []string
}

// miner gathers the exercises of a load as they are finished.
type miner struct {
	entries []mineEntry
}

// add records d if it is an exercise.
func (m *miner) add(d *Document) {
	if d.Kind != KindExercise {
		return
	}
	m.entries = append(m.entries, mineEntry{id: d.ID, title: d.Title, record: d.Record,
		altTitles: slices.Clone(d.AltTitles), families: slices.Clone(d.Families)})
}

// Mined is what mining decided: the concept and the shared families of
// every exercise in a concept, the names of the concepts, and how many
// concepts each kind of evidence joined.
type Mined struct {
	docs map[string]minedDoc
	// Names maps each folded title and alternative title of a concept's
	// documents to the concept; a name two concepts share names neither.
	Names map[string]string
	// Counts is "concepts" in all and those each kind of evidence joined
	// (a concept may count for several).
	Counts map[string]int
}

type minedDoc struct {
	concept  string
	families []string
}

// Apply sets d's concept and families as mining decided; a nil Mined or a
// document in no concept leaves d as it is.
func (m *Mined) Apply(d *Document) {
	if m == nil {
		return
	}
	if md, ok := m.docs[d.ID]; ok {
		d.Concept = md.concept
		d.Families = slices.Clone(md.families)
	}
}

// MineDocuments mines the concepts of docs and applies them (for documents
// that did not come through Load).
func MineDocuments(docs []Document) *Mined {
	var m miner
	for i := range docs {
		m.add(&docs[i])
	}
	mined := m.mine()
	for i := range docs {
		mined.Apply(&docs[i])
	}
	return mined
}

// mine joins the exercises that have the same exercise into concepts. The
// entries are taken in id order, so the outcome does not depend on the
// order documents were read in.
func (m *miner) mine() *Mined {
	docs := m.entries
	sort.Slice(docs, func(i, j int) bool { return docs[i].id < docs[j].id })
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	type edge struct {
		a, b   int
		source string
	}
	var edges []edge
	union := func(a, b int, source string) {
		ra, rb := find(a), find(b)
		if ra == rb {
			return
		}
		parent[rb] = ra
		edges = append(edges, edge{a, b, source})
	}

	// 1. Records of one exercise.
	byRecord := map[string]int{}
	for i := range docs {
		d := &docs[i]
		if d.record == "" {
			continue
		}
		if j, ok := byRecord[d.record]; ok {
			union(j, i, MinedTranslations)
		} else {
			byRecord[d.record] = i
		}
	}
	// 2 and 3. Names: every document's titles, by folded name.
	titled, alt := map[string][]int{}, map[string][]int{}
	for i := range docs {
		d := &docs[i]
		if k := Fold(d.title); k != "" {
			titled[k] = append(titled[k], i)
		}
		for _, a := range d.altTitles {
			if k := Fold(a); k != "" && k != Fold(d.title) {
				alt[k] = append(alt[k], i)
			}
		}
	}
	// generic tells whether a name is carried by too many exercises (by
	// what they were joined into so far: the translations of one exercise
	// are one).
	generic := func(ids ...[]int) bool {
		roots := map[int]bool{}
		for _, l := range ids {
			for _, i := range l {
				roots[find(i)] = true
			}
		}
		return len(roots) > maxShared
	}
	names := func(m map[string][]int) []string {
		out := make([]string, 0, len(m))
		for k := range m {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	for _, k := range names(alt) {
		if generic(alt[k], titled[k]) {
			continue
		}
		all := append(append([]int(nil), alt[k]...), titled[k]...)
		for _, i := range all[1:] {
			union(all[0], i, MinedAltTitles)
		}
	}
	for _, k := range names(titled) {
		if generic(titled[k]) {
			continue
		}
		for _, i := range titled[k][1:] {
			union(titled[k][0], i, MinedSharedNames)
		}
	}

	// A concept is named for its first document id: stable as long as that
	// document is in the corpus.
	members := map[int][]int{}
	for i := range docs {
		r := find(i)
		members[r] = append(members[r], i)
	}
	out := &Mined{docs: map[string]minedDoc{}, Counts: map[string]int{}}
	sources := map[int]map[string]bool{}
	for _, e := range edges {
		r := find(e.a)
		if sources[r] == nil {
			sources[r] = map[string]bool{}
		}
		sources[r][e.source] = true
	}
	for r, ms := range members {
		if len(ms) < 2 {
			continue
		}
		id := docs[ms[0]].id // the smallest: docs are in id order
		// The documents of one exercise are of the same families: "Bizeps
		// am Kabel" names none, its English translation, "Biceps Curl on
		// Cable", names the biceps curl.
		var families []string
		for _, i := range ms {
			for _, f := range docs[i].families {
				if !slices.Contains(families, f) {
					families = append(families, f)
				}
			}
		}
		slices.Sort(families)
		for _, i := range ms {
			out.docs[docs[i].id] = minedDoc{concept: id, families: families}
		}
		out.Counts["concepts"]++
		for s := range sources[r] {
			out.Counts[s]++
		}
	}
	var cn conceptNames
	for i := range docs {
		if c, ok := out.docs[docs[i].id]; ok {
			cn.add(c.concept, docs[i].title, docs[i].altTitles)
		}
	}
	out.Names = cn.names
	m.entries = nil
	return out
}

// ConceptNames maps the folded titles and alternative titles of docs that
// belong to a concept to it (Mined.Names, for documents already mined).
func ConceptNames(docs []Document) map[string]string {
	var names conceptNames
	for i := range docs {
		if docs[i].Concept != "" {
			names.add(docs[i].Concept, docs[i].Title, docs[i].AltTitles)
		}
	}
	return names.names
}

// conceptNames gathers concepts' names; a name two concepts share names
// neither, whatever the order they come in.
type conceptNames struct {
	names  map[string]string
	shared map[string]bool
}

func (n *conceptNames) add(concept, title string, altTitles []string) {
	if n.names == nil {
		n.names, n.shared = map[string]string{}, map[string]bool{}
	}
	for _, name := range append([]string{title}, altTitles...) {
		k := Fold(name)
		if k == "" || n.shared[k] {
			continue
		}
		if other, ok := n.names[k]; ok && other != concept {
			delete(n.names, k)
			n.shared[k] = true
			continue
		}
		n.names[k] = concept
	}
}
