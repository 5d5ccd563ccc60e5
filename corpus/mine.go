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

// mineConcepts sets the Concept of every exercise in docs that has the same
// exercise as another document, and returns how many concepts each kind of
// evidence joined (a concept may count for several) and in all.
func mineConcepts(docs []Document) map[string]int {
	parent := make([]int, len(docs))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
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
		if d.Kind != KindExercise || d.Record == "" {
			continue
		}
		if j, ok := byRecord[d.Record]; ok {
			union(j, i, MinedTranslations)
		} else {
			byRecord[d.Record] = i
		}
	}
	// 2 and 3. Names: every document's titles, by folded name.
	titled, alt := map[string][]int{}, map[string][]int{}
	for i := range docs {
		d := &docs[i]
		if d.Kind != KindExercise {
			continue
		}
		if k := Fold(d.Title); k != "" {
			titled[k] = append(titled[k], i)
		}
		for _, a := range d.AltTitles {
			if k := Fold(a); k != "" && k != Fold(d.Title) {
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
		if docs[i].Kind == KindExercise {
			r := find(i)
			members[r] = append(members[r], i)
		}
	}
	count := map[string]int{}
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
		id := docs[ms[0]].ID
		for _, i := range ms[1:] {
			id = min(id, docs[i].ID)
		}
		// The documents of one exercise are of the same families: "Bizeps
		// am Kabel" names none, its English translation, "Biceps Curl on
		// Cable", names the biceps curl.
		var families []string
		for _, i := range ms {
			docs[i].Concept = id
			for _, f := range docs[i].Families {
				if !slices.Contains(families, f) {
					families = append(families, f)
				}
			}
		}
		slices.Sort(families)
		for _, i := range ms {
			docs[i].Families = slices.Clone(families)
		}
		count["concepts"]++
		for s := range sources[r] {
			count[s]++
		}
	}
	return count
}
