package corpus

import (
	_ "embed"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// The taxonomy is data, not code: taxonomy.yaml (embedded) holds canonical
// ids with labels and synonyms in every language, and a site can merge its
// own file over it. Facets in the index hold canonical ids only; labels are
// looked up here at display time, in the visitor's language.

//go:embed taxonomy.yaml
var defaultTaxonomy []byte

// FacetNames are the taxonomy's facets, in display order.
var FacetNames = []string{"muscle", "equipment", "focus"}

// ExerciseConcepts names the taxonomy section of exercise families (squat,
// bench press, …) with their names in every language. It is not a facet:
// it lets a query in one language find the same exercise in the others, and
// lets inference read muscles and focus off an exercise's name.
const ExerciseConcepts = "exercise"

// TopicConcepts names the taxonomy section of topics (recovery, sleep,
// protein, …): the words each language uses for what an article is about.
// A topic is neither a facet nor found in titles by inference; only a
// query's topic words are looked up in it, through each language's
// analyzer (see search), so that "søvn og restitusjon" finds an article on
// Schlaf und Erholung.
const TopicConcepts = "topic"

// sections are the parts of a taxonomy file that hold terms named in
// titles and queries; allSections adds the topics.
var (
	sections    = append(append([]string(nil), FacetNames...), ExerciseConcepts)
	allSections = append(append([]string(nil), sections...), TopicConcepts)
)

// Unspecified is the facet value of a document that has no value for a
// facet; it is reserved and cannot be a term id.
const Unspecified = "unspecified"

// Term is one canonical facet value.
type Term struct {
	ID       string              `yaml:"id" json:"id"`
	Label    map[string]string   `yaml:"label" json:"label"`
	Synonyms map[string][]string `yaml:"synonyms,omitempty" json:"synonyms,omitempty"`
	// Values are spellings that map raw facet values to this term but are
	// not names of it in text (see taxonomy.yaml).
	Values   []string `yaml:"values,omitempty" json:"values,omitempty"`
	Children []*Term  `yaml:"children,omitempty" json:"children,omitempty"`
	// Implies names, for an exercise concept, the facet values an exercise
	// of this family has (a squat trains quadriceps and is knee-dominant),
	// and for a topic the muscles it trains (grip strength, the forearms):
	// a topic query lifts their exercises after its articles.
	Implies map[string][]string `yaml:"implies,omitempty" json:"implies,omitempty"`
	// Parent is the id of the term this one is a child of, or "".
	Parent string `yaml:"-" json:"parent,omitempty"`
}

// Facet is one dimension of the taxonomy (muscle, equipment or focus).
type Facet struct {
	Name  string
	Roots []*Term
	byID  map[string]*Term
	// byKey maps the folded form of every id, label and synonym (the names
	// found in text) to its term; byValue also has the raw-only values.
	byKey   map[string]*Term
	byValue map[string]*Term
	ignore  map[string]bool
	// near is byKey's one-word keys by length in bytes, as runes, for
	// looking up typos (see nearConcepts); built on first use.
	nearOnce sync.Once
	near     map[int][]nearKey
}

type nearKey struct {
	runes   []rune
	letters uint64 // see letterSet
	term    *Term
}

// letterSet is the set of w's letters, each as a bit of a 64-bit word (by
// its code point modulo 64). Each edit brings at most one letter into a
// word and takes at most one out, so two words whose sets differ by more
// than d letters either way are more than d edits apart: nearConcepts
// compares a word letter by letter only with the names that pass that.
func letterSet(w []rune) uint64 {
	var s uint64
	for _, r := range w {
		s |= 1 << (uint32(r) & 63)
	}
	return s
}

// nearKeys returns the one-word keys of length n bytes.
func (f *Facet) nearKeys(n int) []nearKey {
	f.nearOnce.Do(func() {
		f.near = map[int][]nearKey{}
		for key, term := range f.byKey {
			if !strings.Contains(key, " ") {
				rs := []rune(key)
				f.near[len(key)] = append(f.near[len(key)], nearKey{rs, letterSet(rs), term})
			}
		}
	})
	return f.near[n]
}

// Taxonomy maps raw facet values to canonical ids and back to labels.
type Taxonomy struct {
	facets map[string]*Facet // the facets and the exercise concepts
	// ignoreTags are tag and category values that name no concept, on
	// purpose ("outdoor", "fitnessinstruktør").
	ignoreTags map[string]bool
	// understand reads queries (see understand.go).
	understand understanding
}

type taxonomyFile struct {
	Muscle     []*Term             `yaml:"muscle"`
	Equipment  []*Term             `yaml:"equipment"`
	Focus      []*Term             `yaml:"focus"`
	Exercise   []*Term             `yaml:"exercise,omitempty"`
	Topic      []*Term             `yaml:"topic,omitempty"`
	Ignore     map[string][]string `yaml:"ignore"`
	Understand understandFile      `yaml:"understand,omitempty"`
}

// DefaultTaxonomy returns the taxonomy that ships with exsearch.
func DefaultTaxonomy() *Taxonomy {
	t, err := parseTaxonomy(defaultTaxonomy, "taxonomy.yaml", nil)
	if err != nil {
		panic(err) // the embedded file is tested; this cannot happen in a release
	}
	return t
}

// LoadTaxonomy reads a site's taxonomy file and merges it over the default.
func LoadTaxonomy(path string) (*Taxonomy, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("taxonomy: %w", err)
	}
	return parseTaxonomy(src, path, DefaultTaxonomy())
}

func parseTaxonomy(src []byte, name string, base *Taxonomy) (*Taxonomy, error) {
	var f taxonomyFile
	if err := yaml.Unmarshal(src, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := &Taxonomy{facets: map[string]*Facet{}, ignoreTags: map[string]bool{}}
	for _, fn := range allSections {
		t.facets[fn] = &Facet{Name: fn, byID: map[string]*Term{}, byKey: map[string]*Term{}, ignore: map[string]bool{}}
	}
	if base != nil {
		for _, fn := range allSections {
			for _, root := range base.facets[fn].Roots {
				t.facets[fn].Roots = append(t.facets[fn].Roots, cloneTerm(root))
			}
			for k := range base.facets[fn].ignore {
				t.facets[fn].ignore[k] = true
			}
		}
		for k := range base.ignoreTags {
			t.ignoreTags[k] = true
		}
		t.understand.merge(base.understand.file)
	}
	t.understand.merge(f.Understand)
	adds := map[string][]*Term{"muscle": f.Muscle, "equipment": f.Equipment, "focus": f.Focus, ExerciseConcepts: f.Exercise, TopicConcepts: f.Topic}
	for _, fn := range allSections {
		fc := t.facets[fn]
		fc.index()
		for _, term := range adds[fn] {
			if err := fc.merge(term, ""); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, fn, err)
			}
		}
	}
	for fn, values := range f.Ignore {
		target := t.ignoreTags
		if fn != "tags" {
			fc, ok := t.facets[fn]
			if !ok {
				return nil, fmt.Errorf("%s: ignore: unknown section %q (want muscle, equipment, focus, exercise, topic or tags)", name, fn)
			}
			target = fc.ignore
		}
		for _, v := range values {
			target[Fold(v)] = true
		}
	}
	for _, fn := range allSections {
		if err := t.facets[fn].index(); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, fn, err)
		}
	}
	if err := t.checkImplies(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := t.understand.index(t); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// checkImplies makes sure exercise concepts imply only existing facet values,
// and topics only muscles.
func (t *Taxonomy) checkImplies() error {
	for _, id := range t.facets[TopicConcepts].IDs() {
		for facet, ids := range t.facets[TopicConcepts].byID[id].Implies {
			if facet != "muscle" {
				return fmt.Errorf("topic %s: implies %q: a topic implies only muscles", id, facet)
			}
			for _, v := range ids {
				if t.Facet(facet).Term(v) == nil {
					return fmt.Errorf("topic %s: implies unknown muscle %q", id, v)
				}
			}
		}
	}
	for _, id := range t.facets[ExerciseConcepts].IDs() {
		for facet, ids := range t.facets[ExerciseConcepts].byID[id].Implies {
			fc := t.Facet(facet)
			if fc == nil || facet == ExerciseConcepts || facet == TopicConcepts {
				return fmt.Errorf("exercise %s: implies unknown facet %q", id, facet)
			}
			for _, v := range ids {
				if fc.Term(v) == nil {
					return fmt.Errorf("exercise %s: implies unknown %s %q", id, facet, v)
				}
			}
		}
	}
	return nil
}

func cloneTerm(t *Term) *Term {
	c := &Term{ID: t.ID, Label: map[string]string{}, Synonyms: map[string][]string{}, Parent: t.Parent, Values: slices.Clone(t.Values)}
	if t.Implies != nil {
		c.Implies = map[string][]string{}
		for k, v := range t.Implies {
			c.Implies[k] = slices.Clone(v)
		}
	}
	for k, v := range t.Label {
		c.Label[k] = v
	}
	for k, v := range t.Synonyms {
		c.Synonyms[k] = slices.Clone(v)
	}
	for _, ch := range t.Children {
		c.Children = append(c.Children, cloneTerm(ch))
	}
	return c
}

// merge adds term under parent, or merges it into the term with the same id.
func (f *Facet) merge(term *Term, parent string) error {
	if term.ID == "" {
		return fmt.Errorf("a term has no id")
	}
	if Slug(term.ID) != term.ID {
		return fmt.Errorf("term id %q must be lower case letters, digits and '-'", term.ID)
	}
	if term.ID == Unspecified {
		return fmt.Errorf("term id %q is reserved for documents without a value", Unspecified)
	}
	children := term.Children
	term.Children = nil
	if old, ok := f.byID[term.ID]; ok {
		if old.Synonyms == nil {
			old.Synonyms = map[string][]string{}
		}
		for lang, l := range term.Label {
			// The replaced label still names the term: data written with
			// it must keep mapping.
			if prev := old.Label[lang]; prev != "" && prev != l {
				old.Synonyms[lang] = append(old.Synonyms[lang], prev)
			}
			old.Label[lang] = l
		}
		for lang, syns := range term.Synonyms {
			old.Synonyms[lang] = append(old.Synonyms[lang], syns...)
		}
		old.Values = append(old.Values, term.Values...)
		for facet, ids := range term.Implies {
			if old.Implies == nil {
				old.Implies = map[string][]string{}
			}
			old.Implies[facet] = ids
		}
	} else {
		if term.Label == nil {
			term.Label = map[string]string{}
		}
		term.Parent = parent
		if parent == "" {
			f.Roots = append(f.Roots, term)
		} else {
			p := f.byID[parent]
			p.Children = append(p.Children, term)
		}
		f.byID[term.ID] = term
	}
	for _, ch := range children {
		if err := f.merge(ch, term.ID); err != nil {
			return err
		}
	}
	return nil
}

// index rebuilds the lookup maps and checks that no folded key names two terms.
func (f *Facet) index() error {
	f.byID = map[string]*Term{}
	f.byKey = map[string]*Term{}
	f.byValue = map[string]*Term{}
	var walk func(t *Term, parent string) error
	walk = func(t *Term, parent string) error {
		t.Parent = parent
		f.byID[t.ID] = t
		keys := []string{t.ID}
		for _, l := range t.Label {
			keys = append(keys, l)
		}
		for _, syns := range t.Synonyms {
			keys = append(keys, syns...)
		}
		for i, k := range append(keys, t.Values...) {
			fk := Fold(k)
			if fk == "" {
				continue
			}
			if other, ok := f.byValue[fk]; ok && other != t {
				return fmt.Errorf("%q names both %s and %s", k, other.ID, t.ID)
			}
			f.byValue[fk] = t
			if i < len(keys) {
				f.byKey[fk] = t
			}
		}
		for _, ch := range t.Children {
			if err := walk(ch, t.ID); err != nil {
				return err
			}
		}
		return nil
	}
	for _, r := range f.Roots {
		if err := walk(r, ""); err != nil {
			return err
		}
	}
	return nil
}

// Facet returns the named facet (or the exercise concepts), or nil.
func (t *Taxonomy) Facet(name string) *Facet { return t.facets[name] }

// Exercises returns the exercise concepts.
func (t *Taxonomy) Exercises() *Facet { return t.facets[ExerciseConcepts] }

// Topics returns the topic concepts.
func (t *Taxonomy) Topics() *Facet { return t.facets[TopicConcepts] }

// IgnoredTag reports whether a tag or category value names no concept on
// purpose.
func (t *Taxonomy) IgnoredTag(raw string) bool { return t.ignoreTags[Fold(raw)] }

// Ancestors returns the ids above id, nearest first.
func (f *Facet) Ancestors(id string) []string {
	var out []string
	for t := f.byID[id]; t != nil && t.Parent != ""; t = f.byID[t.Parent] {
		out = append(out, t.Parent)
	}
	return out
}

// Resolve maps a raw value of a facet to its canonical id. ok is false when
// the value is unknown; ignored is true when the taxonomy drops it on purpose.
func (f *Facet) Resolve(raw string) (id string, ok, ignored bool) {
	k := Fold(raw)
	if k == "" || f.ignore[k] {
		return "", false, k != ""
	}
	if t, found := f.byValue[k]; found {
		return t.ID, true, false
	}
	return "", false, false
}

// Term returns the term with the given id, or nil.
func (f *Facet) Term(id string) *Term { return f.byID[id] }

// Label returns id's label in lang, falling back to English, then to the id.
func (f *Facet) Label(id, lang string) string {
	t := f.byID[id]
	if t == nil {
		return id
	}
	if l := t.Label[lang]; l != "" {
		return l
	}
	if l := t.Label["en"]; l != "" {
		return l
	}
	return id
}

// Descendants returns id and the ids of every term below it.
func (f *Facet) Descendants(id string) []string {
	t := f.byID[id]
	if t == nil {
		return []string{id}
	}
	out := []string{id}
	for _, ch := range t.Children {
		out = append(out, f.Descendants(ch.ID)...)
	}
	return out
}

// IDs returns every canonical id of the facet, sorted.
func (f *Facet) IDs() []string {
	ids := make([]string, 0, len(f.byID))
	for id := range f.byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Encode returns the taxonomy as a taxonomy file that ParseTaxonomy reads
// back into an equal taxonomy. The indexer stores it with the index, so a
// server labels facets with the taxonomy the index was built with.
func (t *Taxonomy) Encode() ([]byte, error) {
	f := taxonomyFile{Ignore: map[string][]string{}, Understand: t.understand.file}
	roots := map[string]*[]*Term{"muscle": &f.Muscle, "equipment": &f.Equipment, "focus": &f.Focus, ExerciseConcepts: &f.Exercise, TopicConcepts: &f.Topic}
	for _, fn := range allSections {
		fc := t.facets[fn]
		*roots[fn] = fc.Roots
		var ign []string
		for k := range fc.ignore {
			ign = append(ign, k)
		}
		sort.Strings(ign)
		if len(ign) > 0 {
			f.Ignore[fn] = ign
		}
	}
	var tags []string
	for k := range t.ignoreTags {
		tags = append(tags, k)
	}
	sort.Strings(tags)
	if len(tags) > 0 {
		f.Ignore["tags"] = tags
	}
	return yaml.Marshal(&f)
}

// ParseTaxonomy reads a complete taxonomy (as written by Encode).
func ParseTaxonomy(src []byte) (*Taxonomy, error) {
	return parseTaxonomy(src, "taxonomy", nil)
}

// Names returns every label and synonym of every term, in lang.
func (t *Taxonomy) Names(lang string) []string {
	var out []string
	for _, sec := range sections {
		for _, id := range t.facets[sec].IDs() {
			term := t.facets[sec].byID[id]
			if l := term.Label[lang]; l != "" {
				out = append(out, l)
			}
			out = append(out, term.Synonyms[lang]...)
		}
	}
	return out
}

// AllNames returns every label and synonym of the term id, in every
// language.
func (f *Facet) AllNames(id string) []string {
	t := f.byID[id]
	if t == nil {
		return nil
	}
	var out []string
	for _, l := range t.Label {
		out = append(out, l)
	}
	for _, syns := range t.Synonyms {
		out = append(out, syns...)
	}
	return out
}
