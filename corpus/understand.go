package corpus

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Query understanding: words of a query that say what the visitor wants
// rather than words to find. The phrases are data, in the taxonomy's
// `understand` section, reviewed per language; this file reads them and
// finds them in a query. What a search makes of a reading is the search
// package's.
//
// A query is read in three passes, each over the words the earlier ones
// left:
//
//  1. phrases: "uden udstyr", "ohne Geräte", "at home" stand for facet
//     values, as a filter or as a boost (the file says which, and why);
//  2. a "with" word and an equipment name: "med elastik", "mit Kurzhantel"
//     boost that equipment (a boost, not a filter: sources list an
//     exercise's main equipment only, and a filter would lose one in five
//     of the shared corpora's exercises titled "… with Bands", "… with
//     TRX", "Kniebeuge mit Kurzhanteln" from their own title's search);
//  3. muscle and equipment names ("numse", "Bauch", "kettlebell") and the
//     phrases marked alone ("bis") boost their facet values, but only when
//     every other word is generic ("øvelser", "Übungen") or a stop word:
//     "numse øvelser" asks for glute exercises, "hamstring injuries" names
//     a muscle in passing.

// Reading modes.
const (
	ModeFilter = "filter" // only documents with one of the values
	ModeBoost  = "boost"  // documents with one of the values first
)

// Phrase is a phrase that stands for facet values, in every language.
type Phrase struct {
	ID     string              `yaml:"id" json:"id"`
	Names  map[string][]string `yaml:"names" json:"names"`
	Label  map[string]string   `yaml:"label,omitempty" json:"label,omitempty"`
	Filter map[string][]string `yaml:"filter,omitempty" json:"filter,omitempty"`
	Boost  map[string][]string `yaml:"boost,omitempty" json:"boost,omitempty"`
	// Alone phrases are read like a muscle or equipment name (pass 3):
	// only when the other words ask for nothing. For slang that is
	// another word in some language ("bis": German for "until").
	Alone bool `yaml:"alone,omitempty" json:"alone,omitempty"`
}

// reading is what p reads as, its words not yet placed.
func (p *Phrase) reading() Reading {
	r := Reading{Phrase: p.ID, Mode: ModeFilter}
	values := p.Filter
	if values == nil {
		r.Mode, values = ModeBoost, p.Boost
	}
	for f, ids := range values {
		r.Facet, r.Values = f, slices.Clone(ids)
	}
	return r
}

// understandFile is the taxonomy file's `understand` section.
type understandFile struct {
	Phrases []*Phrase           `yaml:"phrases,omitempty"`
	With    map[string][]string `yaml:"with,omitempty"`
	Generic map[string][]string `yaml:"generic,omitempty"`
}

// understanding is the section, indexed by folded key.
type understanding struct {
	file    understandFile
	phrases map[string]*Phrase // folded name → phrase
	alone   map[string]*Phrase // the same, for alone phrases
	with    map[string]bool
	generic map[string]bool
}

// Reading is what some words of a query were understood as.
type Reading struct {
	Facet  string
	Values []string
	Mode   string // ModeFilter or ModeBoost
	// Phrase is the id of the phrase read, "" for a with-word or a name.
	Phrase string
	// Start and End are the byte offsets of the words in the query.
	Start, End int
}

// Word is a query word no reading took, as typed.
type Word struct {
	Raw        string
	Start, End int
	// Generic words ask for nothing by themselves ("øvelser").
	Generic bool
}

// Understanding is a query read: its readings and the words left.
type Understanding struct {
	Readings []Reading
	Rest     []Word
}

// label names p in lang, falling back to English; "" when the file gives
// it no label.
func (p *Phrase) label(lang string) string {
	if l := p.Label[lang]; l != "" {
		return l
	}
	return p.Label["en"]
}

// PhraseLabel names the phrase id in lang, "" when it has no label.
func (t *Taxonomy) PhraseLabel(id, lang string) string {
	for _, p := range t.understand.file.Phrases {
		if p.ID == id {
			return p.label(lang)
		}
	}
	return ""
}

// merge merges a file's section over the base's: phrases by id
// (names added, label, filter and boost replaced), word lists added to.
func (u *understanding) merge(f understandFile) {
	for _, p := range f.Phrases {
		i := slices.IndexFunc(u.file.Phrases, func(q *Phrase) bool { return q.ID == p.ID })
		if i < 0 {
			u.file.Phrases = append(u.file.Phrases, clonePhrase(p))
			continue
		}
		old := u.file.Phrases[i]
		for lang, names := range p.Names {
			old.Names[lang] = append(old.Names[lang], names...)
		}
		for lang, l := range p.Label {
			if old.Label == nil {
				old.Label = map[string]string{}
			}
			old.Label[lang] = l
		}
		if p.Filter != nil || p.Boost != nil {
			old.Filter, old.Boost, old.Alone = p.Filter, p.Boost, p.Alone
		}
	}
	for _, lists := range []struct {
		to   *map[string][]string
		from map[string][]string
	}{{&u.file.With, f.With}, {&u.file.Generic, f.Generic}} {
		for lang, words := range lists.from {
			if *lists.to == nil {
				*lists.to = map[string][]string{}
			}
			(*lists.to)[lang] = append((*lists.to)[lang], words...)
		}
	}
}

func clonePhrase(p *Phrase) *Phrase {
	c := &Phrase{ID: p.ID, Names: map[string][]string{}, Label: map[string]string{}, Alone: p.Alone}
	for k, v := range p.Names {
		c.Names[k] = slices.Clone(v)
	}
	for k, v := range p.Label {
		c.Label[k] = v
	}
	cp := func(m map[string][]string) map[string][]string {
		if m == nil {
			return nil
		}
		out := map[string][]string{}
		for k, v := range m {
			out[k] = slices.Clone(v)
		}
		return out
	}
	c.Filter, c.Boost = cp(p.Filter), cp(p.Boost)
	return c
}

// index checks the section against the facets and builds its lookups.
func (u *understanding) index(t *Taxonomy) error {
	u.phrases, u.alone, u.with, u.generic = map[string]*Phrase{}, map[string]*Phrase{}, map[string]bool{}, map[string]bool{}
	for _, p := range u.file.Phrases {
		if p.ID == "" || Slug(p.ID) != p.ID {
			return fmt.Errorf("understand: phrase id %q must be lower case letters, digits and '-'", p.ID)
		}
		if (p.Filter == nil) == (p.Boost == nil) {
			return fmt.Errorf("understand: phrase %s: give either filter or boost", p.ID)
		}
		values := p.Filter
		if values == nil {
			values = p.Boost
		}
		if len(values) != 1 {
			return fmt.Errorf("understand: phrase %s: name exactly one facet", p.ID)
		}
		for facet, ids := range values {
			fc := t.facets[facet]
			if fc == nil || facet == ExerciseConcepts {
				return fmt.Errorf("understand: phrase %s: unknown facet %q (want %s)", p.ID, facet, strings.Join(FacetNames, ", "))
			}
			if len(ids) == 0 {
				return fmt.Errorf("understand: phrase %s: no %s values", p.ID, facet)
			}
			for _, id := range ids {
				if fc.Term(id) == nil {
					return fmt.Errorf("understand: phrase %s: unknown %s %q", p.ID, facet, id)
				}
			}
		}
		for lang, names := range p.Names {
			if !IsLanguage(lang) {
				return fmt.Errorf("understand: phrase %s: unknown language %q", p.ID, lang)
			}
			for _, n := range names {
				k := Fold(n)
				other, ok := u.phrases[k]
				if !ok {
					other, ok = u.alone[k]
				}
				if ok && other != p {
					return fmt.Errorf("understand: %q names both %s and %s", n, other.ID, p.ID)
				}
				if len(strings.Fields(k)) > maxNameWords {
					return fmt.Errorf("understand: phrase %s: %q is longer than %d words", p.ID, n, maxNameWords)
				}
				if p.Alone {
					u.alone[k] = p
				} else {
					u.phrases[k] = p
				}
			}
		}
	}
	for _, l := range []struct {
		name  string
		lists map[string][]string
		set   map[string]bool
	}{{"with", u.file.With, u.with}, {"generic", u.file.Generic, u.generic}} {
		for lang, words := range l.lists {
			if !IsLanguage(lang) {
				return fmt.Errorf("understand: %s: unknown language %q", l.name, lang)
			}
			for _, w := range words {
				k := Fold(w)
				if strings.Contains(k, " ") || k == "" {
					return fmt.Errorf("understand: %s: %q is not one word", l.name, w)
				}
				l.set[k] = true
			}
		}
	}
	return nil
}

// queryWord is a word of a query, as typed and folded.
type queryWord struct {
	raw, key   string
	start, end int
}

// queryWords splits text into words the way Fold does: runs of letters,
// digits and combining marks.
func queryWords(text string) []queryWord {
	var out []queryWord
	start := -1
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	for i, r := range text {
		switch {
		case inWord(r) && start < 0:
			start = i
		case !inWord(r) && start >= 0:
			out = append(out, queryWord{raw: text[start:i], key: Fold(text[start:i]), start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, queryWord{raw: text[start:], key: Fold(text[start:]), start: start, end: len(text)})
	}
	return out
}

// Understand reads text (see the top of this file). ignorable reports
// whether a folded word asks for nothing (a stop word of every language);
// it and the generic words let names be read as boosts.
func (t *Taxonomy) Understand(text string, ignorable func(string) bool) Understanding {
	words := queryWords(text)
	taken := make([]bool, len(words))
	var out Understanding
	span := func(i, n int) (int, int) { return words[i].start, words[i+n-1].end }
	key := func(i, n int) string {
		ks := make([]string, n)
		for j := range ks {
			ks[j] = words[i+j].key
		}
		return strings.Join(ks, " ")
	}
	free := func(i, n int) bool { return i+n <= len(words) && !slices.Contains(taken[i:i+n], true) }
	take := func(i, n int) {
		for j := i; j < i+n; j++ {
			taken[j] = true
		}
	}
	// 1. Phrases, longest first.
	for i := 0; i < len(words); i++ {
		for n := min(maxNameWords, len(words)-i); n >= 1; n-- {
			p, ok := t.understand.phrases[key(i, n)]
			if !ok || !free(i, n) {
				continue
			}
			r := p.reading()
			r.Start, r.End = span(i, n)
			out.Readings = append(out.Readings, r)
			take(i, n)
			i += n - 1
			break
		}
	}
	// 2. A with-word and an equipment name.
	for i := 0; i+1 < len(words); i++ {
		if taken[i] || !t.understand.with[words[i].key] {
			continue
		}
		if n, term := t.nameAt(words, taken, i+1, key); term != nil && term.section == "equipment" {
			r := Reading{Facet: "equipment", Values: []string{term.id}, Mode: ModeBoost}
			r.Start, r.End = span(i, n+1)
			out.Readings = append(out.Readings, r)
			take(i, n+1)
		}
	}
	// 3. Muscle and equipment names, when nothing else asks for anything.
	var names []Reading
	var nameAt []int
	other := false
	for i := 0; i < len(words); i++ {
		if taken[i] {
			continue
		}
		if n, p := t.alonePhraseAt(taken, i, key); p != nil {
			r := p.reading()
			r.Start, r.End = span(i, n)
			names = append(names, r)
			nameAt = append(nameAt, i, n)
			i += n - 1
			continue
		}
		n, term := t.nameAt(words, taken, i, key)
		if term != nil && (term.section == "muscle" || term.section == "equipment") {
			r := Reading{Facet: term.section, Values: []string{term.id}, Mode: ModeBoost}
			r.Start, r.End = span(i, n)
			names = append(names, r)
			nameAt = append(nameAt, i, n)
			i += n - 1
			continue
		}
		if term != nil {
			other = true // a focus or an exercise family
			i += n - 1
			continue
		}
		if !t.understand.generic[words[i].key] && !t.understand.with[words[i].key] && (ignorable == nil || !ignorable(words[i].key)) {
			other = true
		}
	}
	if !other {
		out.Readings = append(out.Readings, names...)
		for j := 0; j < len(nameAt); j += 2 {
			take(nameAt[j], nameAt[j+1])
		}
	}
	slices.SortFunc(out.Readings, func(a, b Reading) int { return a.Start - b.Start })
	for i, w := range words {
		if !taken[i] {
			out.Rest = append(out.Rest, Word{Raw: w.raw, Start: w.start, End: w.end,
				Generic: t.understand.generic[w.key] || t.understand.with[w.key] || (ignorable != nil && ignorable(w.key))})
		}
	}
	return out
}

// alonePhraseAt finds the longest alone phrase at word i among the words
// not taken, and how many words it covers.
func (t *Taxonomy) alonePhraseAt(taken []bool, i int, key func(int, int) string) (int, *Phrase) {
	for n := min(maxNameWords, len(taken)-i); n >= 1; n-- {
		if slices.Contains(taken[i:i+n], true) {
			continue
		}
		if p, ok := t.understand.alone[key(i, n)]; ok {
			return n, p
		}
	}
	return 0, nil
}

// foundName is a taxonomy name found in a query.
type foundName struct{ section, id string }

// nameAt finds the longest name of any section at word i among the words
// not taken, and how many words it covers.
func (t *Taxonomy) nameAt(words []queryWord, taken []bool, i int, key func(int, int) string) (int, *foundName) {
	for n := min(maxNameWords, len(words)-i); n >= 1; n-- {
		if slices.Contains(taken[i:i+n], true) {
			continue
		}
		k := key(i, n)
		for _, sec := range sections {
			if term, ok := t.facets[sec].byKey[k]; ok {
				return n, &foundName{sec, term.ID}
			}
		}
	}
	return 0, nil
}

// GenericWord reports whether word (as typed) asks for nothing by itself
// ("øvelser", "training", "mit"): the understand section's generic and
// with words.
func (t *Taxonomy) GenericWord(word string) bool {
	k := Fold(word)
	return t.understand.generic[k] || t.understand.with[k]
}
