package corpus

import "slices"

// Inference gives muscle, equipment and focus to documents that do not
// declare them: two thirds of the real Danish exercise pages have no
// muscle_group, and articles declare nothing. The evidence is what the author
// wrote about the document, never its running text: tags and categories that
// are taxonomy names, and taxonomy names in the title and alternative titles,
// including exercise families, which carry the muscles and focus of their
// kind (a title with "squat" is knee-dominant and trains quadriceps and
// glutes). The body is left out on purpose: an article that mentions ten
// muscles is not about all of them, and precision matters more than reach
// here (MeasureInference reports it).
//
// Declared values always win: a facet with any declared value is not
// inferred.

// inferFacets returns, per facet, the values the evidence points to, taking
// each facet from the first source that says anything about it:
//
//  1. names of the facet's values in the title and alternative titles
//     ("Baglår, glid ud" is about hamstrings; "rear delt fly" about
//     shoulders, whatever a fly usually trains);
//  2. the facets of the exercise families the titles name ("Front squat"
//     is knee-dominant and trains quadriceps);
//  3. tags and categories that are names of values: broader ("Arms",
//     "Ben") and written for navigation, so read last.
//
// Tags and categories listed in hide are not evidence (see
// MeasureInference).
func (t *Taxonomy) inferFacets(d *Document, hide ...string) map[string][]string {
	named, implied, tagged := map[string][]string{}, map[string][]string{}, map[string][]string{}
	for _, title := range append([]string{d.Title}, d.AltTitles...) {
		for _, c := range t.FindConcepts(title, false) {
			if c.Section == ExerciseConcepts {
				t.addConcept(implied, c)
			} else {
				t.addConcept(named, c)
			}
		}
	}
	hidden := map[string]bool{}
	for _, h := range hide {
		hidden[Fold(h)] = true
	}
	for _, v := range append(slices.Clone(d.Tags), d.Categories...) {
		if hidden[Fold(v)] {
			continue
		}
		for _, c := range t.ResolveAny(v) {
			t.addConcept(tagged, c)
		}
	}
	out := map[string][]string{}
	for _, facet := range FacetNames {
		for _, src := range []map[string][]string{named, implied, tagged} {
			if len(src[facet]) > 0 {
				out[facet] = src[facet]
				break
			}
		}
	}
	return out
}

// addConcept adds a found concept's facet value, or for an exercise family
// the facet values it implies.
func (t *Taxonomy) addConcept(m map[string][]string, c Concept) {
	if c.Section != ExerciseConcepts {
		add1(m, c.Section, c.ID)
		return
	}
	for f, ids := range t.Exercises().Term(c.ID).Implies {
		for _, v := range ids {
			add1(m, f, v)
		}
	}
}

func add1(m map[string][]string, facet, id string) {
	if !slices.Contains(m[facet], id) {
		m[facet] = append(m[facet], id)
	}
}

// infer fills the document's empty facets and records which were inferred.
func (t *Taxonomy) infer(d *Document) {
	got := t.inferFacets(d)
	fill := func(facet string, dst *[]string) {
		if len(*dst) > 0 || len(got[facet]) == 0 {
			return
		}
		*dst = t.Facet(facet).mostSpecific(got[facet])
		d.Inferred = append(d.Inferred, facet)
	}
	fill("muscle", &d.Muscle)
	fill("equipment", &d.Equipment)
	fill("focus", &d.Focus)
}

// mostSpecific drops ids whose descendant is also present: "legs" adds
// nothing next to "hamstrings".
func (f *Facet) mostSpecific(ids []string) []string {
	var out []string
	for _, id := range ids {
		redundant := false
		for _, other := range ids {
			if other != id && slices.Contains(f.Ancestors(other), id) {
				redundant = true
			}
		}
		if !redundant {
			out = append(out, id)
		}
	}
	return out
}

// InferenceScore is how inference fares on documents that declare a facet,
// with their declared values hidden.
type InferenceScore struct {
	Facet string
	// Docs declaring the facet, and how many of them got any inferred value.
	Declaring, Inferred int
	// Values inferred, and how many of them were declared (Exact) or are a
	// parent or child of a declared value (Related).
	Values, Exact, Related int
}

// Precision is the share of inferred values that were declared.
func (s InferenceScore) Precision() float64 { return ratio(s.Exact, s.Values) }

// LenientPrecision also counts a parent or child of a declared value.
func (s InferenceScore) LenientPrecision() float64 { return ratio(s.Exact+s.Related, s.Values) }

// Coverage is the share of declaring documents that got any value.
func (s InferenceScore) Coverage() float64 { return ratio(s.Inferred, s.Declaring) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// MeasureInference hides the declared values of every document that has
// them, infers, and compares. Sites often repeat declared values as tags
// (motionsplan does), and datasets give their category as both; those
// repeats are hidden too, or the measurement would read the answer.
func (t *Taxonomy) MeasureInference(docs []Document) []InferenceScore {
	var out []InferenceScore
	for _, facet := range FacetNames {
		s := InferenceScore{Facet: facet}
		f := t.Facet(facet)
		for i := range docs {
			d := &docs[i]
			declared := declaredValues(d, facet)
			if len(declared) == 0 {
				continue
			}
			s.Declaring++
			got := f.mostSpecific(t.inferFacets(d, rawValues(d, facet)...)[facet])
			if len(got) > 0 {
				s.Inferred++
			}
			for _, v := range got {
				s.Values++
				switch {
				case slices.Contains(declared, v):
					s.Exact++
				case related(f, v, declared):
					s.Related++
				}
			}
		}
		out = append(out, s)
	}
	return out
}

func rawValues(d *Document, facet string) []string {
	switch facet {
	case "muscle":
		return d.Raw.Muscle
	case "equipment":
		return d.Raw.Equipment
	case "focus":
		return d.Raw.Focus
	}
	return nil
}

func declaredValues(d *Document, facet string) []string {
	if slices.Contains(d.Inferred, facet) {
		return nil
	}
	switch facet {
	case "muscle":
		return d.Muscle
	case "equipment":
		return d.Equipment
	case "focus":
		return d.Focus
	}
	return nil
}

func related(f *Facet, v string, declared []string) bool {
	for _, d := range declared {
		if slices.Contains(f.Ancestors(d), v) || slices.Contains(f.Ancestors(v), d) {
			return true
		}
	}
	return false
}

// families returns the exercise families the document's titles name.
//
// A narrower family's documents belong to the broader ones too: a
// Bulgarian split squat is a lunge.
func (t *Taxonomy) families(d *Document) []string {
	var out []string
	f := t.Facet(ExerciseConcepts)
	for _, title := range append([]string{d.Title}, d.AltTitles...) {
		for _, c := range t.FindConcepts(title, false) {
			if c.Section != ExerciseConcepts {
				continue
			}
			for id := c.ID; id != "" && !slices.Contains(out, id); {
				out = append(out, id)
				term := f.Term(id)
				if term == nil {
					break
				}
				id = term.Parent
			}
		}
	}
	return out
}

// Complete gives a document read from a source its canonical facets: the
// raw values mapped through the taxonomy (unknown ones kept as their slugs),
// the exercise families its titles name, and, with infer, the facets it
// does not declare inferred.
func (t *Taxonomy) Complete(d *Document, infer bool) {
	d.Muscle = t.mapRaw("muscle", d.Raw.Muscle)
	d.Equipment = t.mapRaw("equipment", d.Raw.Equipment)
	d.Focus = t.mapRaw("focus", d.Raw.Focus)
	d.Families = t.families(d)
	if infer {
		t.infer(d)
	}
}

func (t *Taxonomy) mapRaw(facet string, raw []string) []string {
	f := t.Facet(facet)
	var ids []string
	for _, r := range raw {
		id, ok, ignored := f.Resolve(r)
		switch {
		case ignored:
			continue
		case !ok:
			if id = Slug(r); id == "" {
				continue
			}
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}
