package indexer

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/exsearch/exsearch/corpus"
)

// StoredHit is what a search result shows of a document, stored as one JSON
// field so that a result page loads one stored value per hit.
type StoredHit struct {
	Title     string   `json:"t"`
	Excerpt   string   `json:"x,omitempty"`
	URL       string   `json:"u,omitempty"`
	Image     string   `json:"i,omitempty"`
	Lang      string   `json:"l"`
	Kind      string   `json:"k"`
	Muscle    []string `json:"m,omitempty"`
	Equipment []string `json:"e,omitempty"`
	Focus     []string `json:"f,omitempty"`
	Inferred  []string `json:"n,omitempty"`
	// Sections name the body field's text elements: Sections[i] is element
	// i (element 0 is the text before the first heading).
	Sections []SectionRef `json:"s,omitempty"`
}

// SectionRef is a body section's heading and anchor.
type SectionRef struct {
	Heading string `json:"h,omitempty"`
	Anchor  string `json:"a,omitempty"`
}

// docPart is one field of a document: its values, and whether it is a list
// (bleve numbers a list's elements even when there is only one), or the
// value of a stored field.
type docPart struct {
	field  string
	values []string
	list   bool
	stored []byte
}

// docParts are the fields of d as the index holds them.
//
// The body field is a list: its first elements are the text, one per
// section (the first one also holding the excerpt and instructions), and the
// title and alternative titles follow them. Repeating the titles there
// matters for ranking: a query word is matched in title, alternative titles
// and body alike, and bleve scales a disjunction by the share of its clauses
// that match, so a word in the title (which then also matches the body)
// scores above the same word in the body alone. Highlighting shows only the
// text elements (see StoredHit.Sections).
func docParts(d *corpus.Document, order int, opts Options, tax *corpus.Taxonomy) ([]docPart, error) {
	src, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	texts, refs := BodyElements(d)
	hit := StoredHit{
		Title: d.Title, Excerpt: d.Excerpt, URL: d.URL, Image: d.Image, Lang: d.Lang, Kind: string(d.Kind),
		Muscle: d.Muscle, Equipment: d.Equipment, Focus: d.Focus, Inferred: d.Inferred, Sections: refs,
	}
	hitJSON, err := json.Marshal(hit)
	if err != nil {
		return nil, err
	}
	one := func(field, value string) docPart { return docPart{field: field, values: []string{value}} }
	// Room for every field a document can have, so that the list does not
	// grow: a reindex builds one for each document.
	parts := make([]docPart, 0, 16)
	parts = append(parts,
		one(TitleField(d.Lang), d.Title),
		docPart{field: BodyField(d.Lang), values: append(texts, append([]string{d.Title}, d.AltTitles...)...), list: true},
		one(FieldLang, d.Lang),
		one(FieldKind, string(d.Kind)),
		docPart{field: FieldHit, stored: hitJSON},
		docPart{field: FieldDoc, stored: src},
	)
	list := func(field string, values []string) {
		if len(values) > 0 {
			parts = append(parts, docPart{field: field, values: values, list: true})
		}
	}
	list(AltField(d.Lang), d.AltTitles)
	if opts.Plain {
		list(FieldMuscle, d.Muscle)
		list(FieldEquipment, d.Equipment)
		list(FieldFocus, d.Focus)
		return parts, nil
	}
	list(FieldMuscle, facetValues(tax.Facet("muscle"), d.Muscle))
	list(FieldEquipment, facetValues(tax.Facet("equipment"), d.Equipment))
	list(FieldFocus, facetValues(tax.Facet("focus"), d.Focus))
	list(FieldFamily, d.Families)
	if d.Concept != "" {
		list(FieldConcept, []string{d.Concept})
	}
	var declared []string
	for _, f := range []struct {
		name   string
		values []string
	}{{"muscle", d.Muscle}, {"equipment", d.Equipment}, {"focus", d.Focus}} {
		if slices.Contains(d.Inferred, f.name) {
			continue
		}
		for _, v := range facetValues(tax.Facet(f.name), f.values) {
			if v != corpus.Unspecified {
				declared = append(declared, DeclaredKey(f.name, v))
			}
		}
	}
	list(FieldDeclared, declared)
	keys := []string{TitleKey(d.Title)}
	for _, a := range d.AltTitles {
		keys = append(keys, TitleKey(a))
	}
	list(FieldTitleKey, keys)
	switch d.Kind {
	case corpus.KindArticle:
		list(LeadField(d.Lang), lead(d))
	case corpus.KindExercise:
		// An exercise's tags say what it is besides its name: its
		// level ("beginner" in free-exercise-db), which a topic query
		// about the exercise asks for ("push up for beginners").
		list(LeadField(d.Lang), distinct(d.Tags...))
	}
	parts = append(parts, one(FieldOrderHi, strconv.Itoa(order/OrderSplit)), one(FieldOrderLo, strconv.Itoa(order%OrderSplit)))
	return parts, nil
}

// fields turns a Document into the map bleve's mapping indexes, as the
// plain baseline is indexed (an exsearch index is built from direct
// documents, see direct.go).
func fields(d *corpus.Document, order int, opts Options, tax *corpus.Taxonomy) (map[string]any, error) {
	parts, err := docParts(d, order, opts, tax)
	if err != nil {
		return nil, err
	}
	m := make(map[string]any, len(parts))
	for _, p := range parts {
		if p.stored != nil {
			m[p.field] = string(p.stored)
		} else if p.list {
			m[p.field] = p.values
		} else {
			m[p.field] = p.values[0]
		}
	}
	return m, nil
}

// Documents have a fixed order, by title: bleve numbers documents in the
// order its analysis finishes, which differs from one build of the same
// corpus to the next, and so would the order of equally scored hits and of
// browsing. A search breaks ties by this order instead (see search).
//
// The place is indexed as two keyword fields, the quotient and remainder by
// OrderSplit, so that a server reads it for all documents from at most
// 2×OrderSplit short postings lists, as it reads a facet, for indexes of up
// to OrderSplit² documents.
const OrderSplit = 1024

// MaxDocs is the most documents an index may hold: the order fields
// number them up to it.
const MaxDocs = OrderSplit * OrderSplit

// titleOrder gives each document its place in the order of folded titles,
// then ids.
func titleOrder(titles []Title) map[string]int {
	idx := make([]int, len(titles))
	keys := make([]string, len(titles))
	for i := range titles {
		idx[i] = i
		keys[i] = corpus.Fold(titles[i].Title)
	}
	sort.Slice(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if keys[i] != keys[j] {
			return keys[i] < keys[j]
		}
		return titles[i].ID < titles[j].ID
	})
	order := make(map[string]int, len(titles))
	for place, i := range idx {
		order[titles[i].ID] = place
	}
	return order
}

// DeclaredKey is the term of the declared field for a facet value.
func DeclaredKey(facet, value string) string { return facet + ":" + value }

// TitleKey is the form titles are compared in for an exact title match.
func TitleKey(s string) string { return corpus.Fold(s) }

// facetValues are a facet field's terms: the values, their ancestors, or
// corpus.Unspecified when there are none.
func facetValues(f *corpus.Facet, values []string) []string {
	if len(values) == 0 {
		return []string{corpus.Unspecified}
	}
	out := slices.Clone(values)
	for _, v := range values {
		for _, a := range f.Ancestors(v) {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// BodyElements returns the text elements of the body field and what they
// are: one per section, or a single one when there are no sections.
func BodyElements(d *corpus.Document) ([]string, []SectionRef) {
	// An excerpt or instructions that only repeat the start of the body
	// (derived excerpts do) are not indexed twice.
	var lead []string
	for _, p := range distinct(d.Excerpt, d.Instructions) {
		if !strings.Contains(d.Body, strings.TrimSuffix(p, "…")) {
			lead = append(lead, p)
		}
	}
	if len(d.Sections) == 0 {
		return []string{strings.Join(append(lead, distinct(d.Body)...), "\n\n")}, nil
	}
	var texts []string
	var refs []SectionRef
	for i, s := range d.Sections {
		parts := []string{}
		if i == 0 {
			parts = append(parts, lead...)
			if s.Heading != "" {
				// The body opens with a heading: the lead gets an element
				// of its own.
				texts = append(texts, strings.Join(parts, "\n\n"))
				refs = append(refs, SectionRef{})
				parts = nil
			}
		}
		if s.Heading != "" {
			parts = append(parts, s.Heading)
		}
		parts = append(parts, distinct(s.Text)...)
		texts = append(texts, strings.Join(parts, "\n\n"))
		refs = append(refs, SectionRef{Heading: s.Heading, Anchor: s.Anchor})
	}
	return texts, refs
}

// lead is what an article says it is about besides its title: its excerpt,
// its headings ("Hvor mange gentagelser skal jeg lave?" says the article on
// full-body programs is about sets and reps too) and its author's tags
// (the article on dosing strength training is tagged "frekvens", a topic
// its title and headings never name). Tags are one value each, so that the
// words of two tags never make a name of two words.
func lead(d *corpus.Document) []string {
	out := distinct(d.Excerpt)
	for _, s := range d.Sections {
		out = append(out, distinct(s.Heading)...)
	}
	for _, t := range d.Tags {
		out = append(out, distinct(t)...)
	}
	return out
}

// distinct returns the non-empty texts that are not repeats of an earlier
// one: exercise pages often copy the excerpt into the instructions.
func distinct(ss ...string) []string {
	var out []string
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
