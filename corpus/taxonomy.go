package corpus

import (
	_ "embed"
	"fmt"
	"os"
	"slices"
	"sort"

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

// Term is one canonical facet value.
type Term struct {
	ID       string              `yaml:"id" json:"id"`
	Label    map[string]string   `yaml:"label" json:"label"`
	Synonyms map[string][]string `yaml:"synonyms,omitempty" json:"synonyms,omitempty"`
	Children []*Term             `yaml:"children,omitempty" json:"children,omitempty"`
	// Parent is the id of the term this one is a child of, or "".
	Parent string `yaml:"-" json:"parent,omitempty"`
}

// Facet is one dimension of the taxonomy (muscle, equipment or focus).
type Facet struct {
	Name  string
	Roots []*Term
	byID  map[string]*Term
	// byKey maps the folded form of every id, label and synonym to its term.
	byKey  map[string]*Term
	ignore map[string]bool
}

// Taxonomy maps raw facet values to canonical ids and back to labels.
type Taxonomy struct {
	facets map[string]*Facet
}

type taxonomyFile struct {
	Muscle    []*Term             `yaml:"muscle"`
	Equipment []*Term             `yaml:"equipment"`
	Focus     []*Term             `yaml:"focus"`
	Ignore    map[string][]string `yaml:"ignore"`
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
	t := &Taxonomy{facets: map[string]*Facet{}}
	for _, fn := range FacetNames {
		t.facets[fn] = &Facet{Name: fn, byID: map[string]*Term{}, byKey: map[string]*Term{}, ignore: map[string]bool{}}
	}
	if base != nil {
		for _, fn := range FacetNames {
			for _, root := range base.facets[fn].Roots {
				t.facets[fn].Roots = append(t.facets[fn].Roots, cloneTerm(root))
			}
			for k := range base.facets[fn].ignore {
				t.facets[fn].ignore[k] = true
			}
		}
	}
	adds := map[string][]*Term{"muscle": f.Muscle, "equipment": f.Equipment, "focus": f.Focus}
	for _, fn := range FacetNames {
		fc := t.facets[fn]
		fc.index()
		for _, term := range adds[fn] {
			if err := fc.merge(term, ""); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", name, fn, err)
			}
		}
	}
	for fn, values := range f.Ignore {
		fc, ok := t.facets[fn]
		if !ok {
			return nil, fmt.Errorf("%s: ignore: unknown facet %q (want muscle, equipment or focus)", name, fn)
		}
		for _, v := range values {
			fc.ignore[Fold(v)] = true
		}
	}
	for _, fn := range FacetNames {
		if err := t.facets[fn].index(); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, fn, err)
		}
	}
	return t, nil
}

func cloneTerm(t *Term) *Term {
	c := &Term{ID: t.ID, Label: map[string]string{}, Synonyms: map[string][]string{}, Parent: t.Parent}
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
		for _, k := range keys {
			fk := Fold(k)
			if fk == "" {
				continue
			}
			if other, ok := f.byKey[fk]; ok && other != t {
				return fmt.Errorf("%q names both %s and %s", k, other.ID, t.ID)
			}
			f.byKey[fk] = t
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

// Facet returns the named facet, or nil.
func (t *Taxonomy) Facet(name string) *Facet { return t.facets[name] }

// Resolve maps a raw value of a facet to its canonical id. ok is false when
// the value is unknown; ignored is true when the taxonomy drops it on purpose.
func (f *Facet) Resolve(raw string) (id string, ok, ignored bool) {
	k := Fold(raw)
	if k == "" || f.ignore[k] {
		return "", false, k != ""
	}
	if t, found := f.byKey[k]; found {
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
	f := taxonomyFile{Ignore: map[string][]string{}}
	roots := map[string]*[]*Term{"muscle": &f.Muscle, "equipment": &f.Equipment, "focus": &f.Focus}
	for _, fn := range FacetNames {
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
	return yaml.Marshal(&f)
}

// ParseTaxonomy reads a complete taxonomy (as written by Encode).
func ParseTaxonomy(src []byte) (*Taxonomy, error) {
	return parseTaxonomy(src, "taxonomy", nil)
}
