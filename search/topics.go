package search

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Topics. The taxonomy's topic section links the words each language uses
// for what an article is about (recovery, Restitution, Erholung,
// restitusjon). When the index is opened every name is analysed with its
// own language's analyzer, so that a query word is looked up as that
// language's fields hold it: stemmed and folded ("restitusjonen" is
// "restitusjon", "Eiweiß" is "eiweiss"). A topic the query names in one
// language then finds the documents that name it in any: its names, as
// each language analysed them, in that language's title and body.

// boostTopic weighs a topic's name found in any language, relative to the
// query's own words (plan.go).
const boostTopic = 0.5

// topicTable is the analysed topic names.
type topicTable struct {
	// byKey maps, per language, a name's analysed terms (joined by a
	// space) to its topic.
	byKey map[string]map[string]string
	// names are each topic's names, per language, as analysed terms,
	// those that match documents (see add).
	names map[string]map[string][][]string
	// longest is the most terms a name has.
	longest int
	// phrases maps the folded words of a name of several words that its
	// language's stop words leave one word of ("how often", "hvor
	// tungt", "wie lange") to its topic: such a name is matched in a
	// query as typed, stop words included (see phrased); its one word
	// alone ("heavy", "lange") names nothing.
	phrases map[string]string
	// longestPhrase is the most words a phrase has.
	longestPhrase int
}

// loadTopics analyses the taxonomy's topic names.
func (ix *Index) loadTopics() *topicTable {
	t := &topicTable{byKey: map[string]map[string]string{}, names: map[string]map[string][][]string{}, phrases: map[string]string{}}
	for _, lang := range corpus.Languages {
		t.byKey[lang] = map[string]string{}
	}
	// Muscles and exercises are named in articles too: their names are
	// analysed alike, under "section:id", for the coverage of a topic
	// query (see coverage); only topics are looked up in queries.
	for _, sec := range []string{"muscle", corpus.ExerciseConcepts} {
		f := ix.taxonomy.Facet(sec)
		for _, id := range f.IDs() {
			t.add(ix, sec+":"+id, f.Term(id), false)
		}
	}
	f := ix.taxonomy.Topics()
	if f == nil {
		return t
	}
	for _, id := range f.IDs() {
		t.add(ix, id, f.Term(id), true)
	}
	return t
}

// add analyses term's names under key; named says whether a query's words
// are looked up among them.
func (t *topicTable) add(ix *Index, key string, term *corpus.Term, named bool) {
	{
		id := key
		t.names[id] = map[string][][]string{}
		for _, lang := range corpus.Languages {
			names := term.Synonyms[lang]
			if l := term.Label[lang]; l != "" {
				names = append([]string{l}, names...)
			}
			for _, name := range names {
				var terms []string
				for _, w := range ix.words(lang, name) {
					terms = append(terms, w.term)
				}
				if len(terms) == 0 {
					continue
				}
				phrase := len(terms) == 1 && len(strings.Fields(name)) > 1
				switch {
				case named && phrase:
					ws := typedWords(name)
					if k := strings.Join(ws, " "); t.phrases[k] == "" {
						t.phrases[k] = id
					}
					t.longestPhrase = max(t.longestPhrase, len(ws))
				case named:
					if k := strings.Join(terms, " "); t.byKey[lang][k] == "" {
						t.byKey[lang][k] = id
					}
					t.longest = max(t.longest, len(terms))
				}
				if phrase {
					// A name of several words that its
					// language's stop words leave one word of
					// ("how often", "hvor ofte", "warm up",
					// "strække ud") names the concept in a
					// query, but that word alone in a document
					// does not: "ofte" in a heading "Ofte
					// stillede spørgsmål" (frequently asked
					// questions) is not about how often to
					// train.
					continue
				}
				t.names[id][lang] = append(t.names[id][lang], terms)
			}
		}
	}
}

// namedTopics are the topics a query names: in each language, runs of its
// words, longest first, that are a topic's name. covered maps the raw
// words (as typed) that name a topic in some language to the topics they
// name.
func (t *topicTable) named(text string, byLang map[string][]word) (ids []string, covered map[string][]string) {
	covered = map[string][]string{}
	if t == nil {
		return nil, covered
	}
	seen := map[string]bool{}
	ids = t.phrased(text, covered, seen)
	for _, lang := range corpus.Languages {
		ws := byLang[lang]
		for i := 0; i < len(ws); {
			n := min(t.longest, len(ws)-i)
			for ; n >= 1; n-- {
				terms := make([]string, n)
				for j := range n {
					terms[j] = ws[i+j].term
				}
				if id, ok := t.byKey[lang][strings.Join(terms, " ")]; ok {
					if !seen[id] {
						seen[id] = true
						ids = append(ids, id)
					}
					for j := range n {
						if !slices.Contains(covered[ws[i+j].raw], id) {
							covered[ws[i+j].raw] = append(covered[ws[i+j].raw], id)
						}
					}
					break
				}
			}
			i += max(n, 1)
		}
	}
	return ids, covered
}

// phrased are the topics text names by a phrase (see phrases), longest
// first; the words of each are added to covered, as typed.
func (t *topicTable) phrased(text string, covered map[string][]string, seen map[string]bool) (ids []string) {
	if len(t.phrases) == 0 {
		return nil
	}
	raw := strings.FieldsFunc(text, notWordRune)
	folded := make([]string, len(raw))
	for i, w := range raw {
		folded[i] = corpus.Fold(w)
	}
	for i := 0; i < len(folded); {
		n := min(t.longestPhrase, len(folded)-i)
		for ; n >= 2; n-- {
			id, ok := t.phrases[strings.Join(folded[i:i+n], " ")]
			if !ok {
				continue
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
			for _, w := range raw[i : i+n] {
				if !slices.Contains(covered[w], id) {
					covered[w] = append(covered[w], id)
				}
			}
			break
		}
		i += max(n, 1)
	}
	return ids
}

// typedWords are name's words, folded as phrased folds a query's.
func typedWords(name string) []string {
	ws := strings.FieldsFunc(name, notWordRune)
	for i, w := range ws {
		ws[i] = corpus.Fold(w)
	}
	return ws
}

// notWordRune separates the words of a phrase.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// topicQuery matches the documents that name any of the topics, in any
// language; a document that names more of them scores more (a
// disjunction's coordination). It also teaches the highlighter the names,
// so that a hit shows the section that speaks of its topic.
func (ix *Index) topicQuery(ids []string, prefer string, p *plan) query.Query {
	var topics []query.Query
	for _, id := range ids {
		var alts []query.Query
		for _, lang := range corpus.Languages {
			weight := boostTopic * languageWeight(lang, prefer)
			title, body := indexer.TitleField(lang), indexer.BodyField(lang)
			for _, name := range ix.topics.names[id][lang] {
				q := ix.nameQuery(name, title, body, weight)
				if q == nil {
					continue
				}
				alts = append(alts, q)
				m := p.matchers[lang]
				if m == nil {
					m = newMatcher(nil)
					p.matchers[lang] = m
				}
				for _, term := range name {
					m.terms[term] = true
				}
			}
		}
		switch len(alts) {
		case 0:
		case 1:
			topics = append(topics, alts[0])
		default:
			topics = append(topics, query.NewDisjunctionQuery(alts))
		}
	}
	switch len(topics) {
	case 0:
		return nil
	case 1:
		return topics[0]
	}
	return query.NewDisjunctionQuery(topics)
}

// nameQuery matches a topic's name (its analysed terms) in a language's
// title or body, weighted as the query's own words are. A name of several
// words is named by one field that holds them all: "strength training" is
// not named by an article whose title says "train" and whose body, among
// a thousand words, says "strength" once. Matched term by term in either
// field, the English hamstring article ("4 exercises to train the
// hamstrings") named strength training for "injury prevention strength
// training", and its title's "train", rare among English titles, put it
// above the Danish article on preventing injuries.
func (ix *Index) nameQuery(name []string, title, body string, weight float64) query.Query {
	for _, term := range name {
		if !ix.knownTerm(term, body) {
			return nil
		}
	}
	if len(name) == 1 {
		return ix.fieldsQuery([]string{title, body}, name[0], weight)
	}
	var alts []query.Query
	for _, f := range []string{title, body} {
		var all []query.Query
		for _, term := range name {
			if !ix.knownTerm(term, f) {
				all = nil
				break
			}
			all = append(all, termQuery(f, term, fieldBoost(f)*weight))
		}
		if all != nil {
			alts = append(alts, query.NewConjunctionQuery(all))
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}

// mentions matches the documents that name the concept key (a topic, or
// "muscle:id", "exercise:id") in any language, in title or body; nil when
// no document can.
func (ix *Index) mentions(key string) query.Query {
	return ix.mentionsIn(key, indexer.BodyField)
}

// titled matches the documents whose title or lead (an article's excerpt
// and headings, indexer.LeadField) names the concept key, in any language:
// what an article is about is in its title ("Hvordan skal jeg dosere min
// styrketræning?" is about sets and reps) and its headings ("Hvor mange
// gentagelser skal jeg lave?" in the one on full-body programs), while a
// body may mention a concept in passing. A muscle or an exercise
// ("muscle:back") counts in titles only: the headings of articles that are
// not about it name it too (a program's "Træk for arme og øvre ryg"), and
// on the judged queries' development half leads for them sank "rygøvelser"
// from 0.81 to 0.71.
func (ix *Index) titled(key string) query.Query {
	fields := []func(string) string{indexer.TitleField, indexer.LeadField}
	if strings.Contains(key, ":") {
		fields = fields[:1]
	}
	var alts []query.Query
	for _, field := range fields {
		if q := ix.mentionsIn(key, field); q != nil {
			alts = append(alts, q)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}

// mentionsIn matches the documents whose field (per language) names the
// concept key.
func (ix *Index) mentionsIn(key string, field func(lang string) string) query.Query {
	var alts []query.Query
	for _, lang := range corpus.Languages {
		body := field(lang)
		for _, name := range ix.topics.names[key][lang] {
			var all []query.Query
			for _, term := range name {
				if !ix.knownTerm(term, body) {
					all = nil
					break
				}
				all = append(all, termQuery(body, term, boostFilter))
			}
			switch len(all) {
			case 0:
			case 1:
				alts = append(alts, all[0])
			default:
				alts = append(alts, query.NewConjunctionQuery(all))
			}
		}
	}
	if len(alts) == 0 {
		return nil
	}
	return disjunction(alts)
}
