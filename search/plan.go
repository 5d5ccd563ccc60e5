package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Query planning. The visitor's language is not known, so the text is
// analysed once per language, with that language's analyzer, and each
// analysis is matched against that language's fields only. For each word,
// in order of preference:
//
//   - the word itself, in the title (weighing most), the alternative titles
//     or the body, as its analyzer makes it (stemmed, folded);
//   - the parts of a compound, all of them ("håndvægtsbænkpres" finds
//     "håndvægte" and "bænkpres"); a word no language holds whole is
//     split against each language's vocabulary (decompound.go), its parts
//     sought in titles, and they name concepts too ("håndvægtsroning":
//     dumbbell rows in any language); when nothing matches, one part may
//     be missing and bodies count;
//   - when the word is in no language's dictionaries, a typo:
//     one edit for 5 or more letters, two for 9 or more ("deadlfit");
//   - for the last word, what it starts with (search as you type).
//
// Within a language every word must match, and more so all in the title,
// with a weaker alternative that lets one word of three or more be missing.
// Languages are alternatives, and so are the concepts the text names in any
// language: a muscle, an equipment or a focus finds the documents that carry
// it ("hamstrings" finds the Danish pages tagged Baglår), an exercise family
// finds its exercises in every language ("Kniebeuge" finds squats). Those
// rank below the words themselves. A title equal to the text ranks first,
// and a preferred language lifts its documents. Concepts mined from the
// data (one exercise's documents in every language, mined.go) are
// alternatives too, and so are the topics the text names (topics.go).
//
// What the text asks for, exercises or articles, is decided from the text
// and the index (intent.go), and lifts the one or the other. A text no
// document holds all of is searched again loosely, ranked by how much of
// it a document holds (partial.go).
//
// A plan is a tree of bleve queries (term, fuzzy, prefix, conjunction,
// disjunction, boolean, match-all, match-none and scaled), which evaluate.go
// evaluates; how the words are analysed and looked up is plan_words.go's.

// Weights, relative to each other; tuned as a whole on the judged queries
// (see the quality package), never for one query.
const (
	boostTitle          = 3.0
	boostAlt            = 2.0
	boostBody           = 1.0
	boostParts          = 0.8  // all parts of a compound
	boostTypo           = 0.3  // a word within the typo distance
	boostPrefix         = 0.5  // the last word as a prefix
	boostRelaxed        = 0.4  // all but one word
	boostTitleAll       = 1.0  // every word in the title
	boostConcept        = 0.35 // a taxonomy concept the text names…
	boostDeclared       = 0.35 // …which the source declared rather than we inferred
	boostFamily         = 0.5  // an exercise family the text names…
	boostParentFamily   = 0.1  // …(times this) the broader family of a narrower one (see parentFamily)
	boostNamedEquipment = 0.5  // …and the equipment its name names
	boostExact          = 8.0  // the whole text is a title…
	boostExactOther     = 0.05 // …in a language the visitor did not prefer
	boostPrefer         = 1.0  // the preferred language…
	boostPreferText     = 2.0  // …and the words analysed in it, against…
	boostOtherText      = 0.25 // …those analysed in the other languages
	boostNeighbour      = 1.0  // the language a visitor of the preferred one reads as easily
	liftPreferExercise  = 1.0  // the exercises in either, for a muscle, equipment or focus query (see preferExercises)
	boostFilter         = 1e-6 // filters narrow, they do not rank
	// boostGenericTopic weighs the generic words of a topic query
	// ("training", "workout", "træning", "Übungen"; the taxonomy's
	// understand.generic) beside its other words. They say nothing of
	// the topic, yet where a language has few articles such a word is
	// rare among its titles and weighs much: "training" in "injury
	// prevention strength training" matched the title of the English
	// hamstring article ("4 exercises to train the hamstrings"), which
	// then ranked above the article on preventing injuries. At a half
	// or a quarter nothing on the dev half changed; a tenth moves it
	// (two English questions).
	boostGenericTopic = 0.1
)

// plan is a text query and what highlighting needs to know of it.
type plan struct {
	query    query.Query
	matchers map[string]*matcher // by language
	// unknown are the words known in no language (a stop word of one
	// language counts as known), for spelling corrections; last tells
	// whether the last of them ends the text, where it may be a prefix.
	unknown []span
	last    bool
	// typed names the words the plan looks for as typos or prefixes, by
	// their analysed term or prefix, as typed (see limit.go).
	typed map[string]string
	// meaning is what the text asks for and names (intent.go).
	meaning understanding
	// loose matches most of the text's meaning when query matches nothing
	// (partial.go).
	loose query.Query
	// understood is what was read in the text (see understand.go).
	understood understood
	// looser is the plan with one part of each split compound allowed
	// missing, or nil (see decompound.go).
	looser query.Query
}

// query is the plan of a request: its text and its language preference.
// The filters are not in it: the counter applies them (see facets.go).
func (ix *Index) query(req Request) (query.Query, plan) {
	var q query.Query = query.NewMatchAllQuery()
	var p plan
	if req.Query != "" {
		p = ix.understoodQuery(req)
		q = p.query
		if q == nil {
			q = query.NewMatchNoneQuery()
		} else {
			q = p.meaning.lift(q)
		}
	}
	if req.PreferLang == "" {
		return q, p
	}
	q = query.NewBooleanQuery([]query.Query{q}, []query.Query{preferQuery(req.PreferLang)}, nil)
	if p.meaning.intent != intentTopic && len(p.meaning.named) == 0 {
		q = query.NewBooleanQuery([]query.Query{q}, []query.Query{ix.preferExercises(req.PreferLang, p.understood)}, nil)
	}
	return q, p
}

// preferExercises lifts, beside preferQuery, the exercises in the preferred
// language or its neighbour, for a query that asks for exercises by a
// muscle, an equipment or a focus (or is undecided), not for one that names
// an exercise or a topic. Judged by the visitor's language (the public
// sample's grade 2), the exercises for "SZ-Stange Übungen" or "benøvelser med
// håndvægte" are the German or Danish ones, and they lost to English and
// German titles that share more words with the query, or whose source
// declares the muscle. A query naming an exercise keeps the variant it names
// first (a kettlebell swing, not a Danish tire swing), and a topic its
// articles in any language. On the judged dev files: 0.836 -> 0.838
// (muscle 0.832 -> 0.850); lifting every non-topic query's exercises scored
// 0.840 but put Danish tire swings above kettlebell swings.
func (ix *Index) preferExercises(lang string, u understood) query.Query {
	langs := []query.Query{termQuery(indexer.FieldLang, lang, boostFilter)}
	if n, ok := neighbours[lang]; ok {
		langs = append(langs, termQuery(indexer.FieldLang, n, boostFilter))
	}
	kinds := []query.Query{termQuery(indexer.FieldKind, string(corpus.KindExercise), boostFilter)}
	// The article whose title names a muscle the query reads is one of
	// what it asks for ("øvelser til numsen": the article on training
	// the glutes), as intent.go's wholeMeaning lifts it.
	for _, r := range u.readings {
		if r.Facet != indexer.FieldMuscle || u.optional == "" {
			continue
		}
		for _, v := range r.Values {
			if t := ix.titled("muscle:" + v); t != nil {
				kinds = append(kinds, query.NewConjunctionQuery([]query.Query{termQuery(indexer.FieldKind, string(corpus.KindArticle), boostFilter), t}))
			}
		}
	}
	return constant(liftPreferExercise, disjunction(kinds), disjunction(langs))
}

// preferQuery gives documents in lang a constant lift. A term query on lang
// would not do: its weight is the term's idf, small for the largest
// language and large for the smallest, the opposite of constant.
//
// A Danish visitor reads Norwegian (bokmål) as easily as Danish, and a
// Norwegian one Danish: the neighbour language's documents get the same
// lift, so that they rank above English and German ones that match as
// well or a little better (a Norwegian looking for lunges is better served
// by the Danish pages than by the German; most of what a Norwegian visitor
// finds is Danish). At 0.6, and 0.5 for the neighbour, English pages that
// merely matched a little better ("Leg curl with elastic") beat the Danish
// pages of the exercise a Norwegian asked for; at 1 and 1 the dev half
// goes from 0.857 to 0.860 (Norwegian 0.834 → 0.845). Larger lifts for
// every kind lose articles in another language that answer a topic; the
// exercises are lifted more by preferExercises.
func preferQuery(lang string) query.Query {
	all := query.NewMatchAllQuery()
	all.SetBoost(boostPrefer)
	q := query.NewConjunctionQuery([]query.Query{all, termQuery(indexer.FieldLang, lang, boostFilter)})
	n, ok := neighbours[lang]
	if !ok {
		return q
	}
	near := query.NewMatchAllQuery()
	near.SetBoost(boostNeighbour)
	return query.NewDisjunctionQuery([]query.Query{q,
		query.NewConjunctionQuery([]query.Query{near, termQuery(indexer.FieldLang, n, boostFilter)})})
}

// neighbours pairs the languages whose readers read each other's easily.
var neighbours = map[string]string{"da": "no", "no": "da"}

// textQuery plans the query for text, or returns a nil query when nothing in
// it can match. Words analysed in the preferred language (the visitor's)
// weigh more: BM25 gives a word rare in a small language's collection a high
// weight, which would otherwise lift a Danish match above an English one for
// an English visitor.
//
// Planning prunes what cannot match, since every clause costs the evaluator
// a posting list to read and merge:
// a language in which a word is neither a known term nor made of known parts
// is left out (with three words or more it may still match all but that
// one), a field that lacks a term is not searched for it, typos are only
// looked for when a word is known in no language at all, and the last word
// is only read as a prefix when it is not a whole word of that language.
func (ix *Index) textQuery(text, prefer string) plan {
	return ix.textPlan(text, prefer, true)
}

// textPlan is textQuery, with or without the lift of a title equal to text:
// a part of a query (see understand.go) is not the whole of a title.
func (ix *Index) textPlan(text, prefer string, exact bool) plan {
	p := plan{matchers: map[string]*matcher{}, typed: map[string]string{}}
	byLang := ix.lookedUpWords(text)
	known := map[string]bool{} // raw words known in some language
	for _, ws := range byLang {
		for _, w := range ws {
			if w.known() {
				known[w.raw] = true
			}
		}
	}
	(&splitter{ix: ix}).compounds(byLang)
	for _, raw := range ix.bridge(byLang) {
		known[raw] = true
	}
	p.unknown, p.last = unknownWords(byLang, known)
	// The meaning is read first: a topic query's generic words weigh
	// less (boostGenericTopic).
	p.meaning = ix.splitMeaning(text, byLang)
	if p.meaning.intent == intentTopic {
		for _, ws := range byLang {
			for i := range ws {
				ws[i].generic = ix.taxonomy.GenericWord(ws[i].raw)
			}
		}
	}
	var alts []query.Query
	for _, lang := range corpus.Languages {
		ws := byLang[lang]
		for i := range ws {
			w := &ws[i]
			if !known[w.raw] {
				w.typos = typoEdits(utf8.RuneCountInString(w.raw))
			}
			w.prefix = w.last && utf8.RuneCountInString(w.raw) >= 3 && !w.inTitle
			if w.typos > 0 {
				p.typed[w.term] = w.raw
			}
			if w.prefix {
				p.typed[prefixOf(w.raw)] = w.raw
			}
		}
		weight := languageWeight(lang, prefer)
		if q := ix.languageQuery(lang, ws, weight); q != nil {
			alts = append(alts, q)
			p.matchers[lang] = newMatcher(ws)
		}
	}
	if q := ix.conceptQuery(text); q != nil {
		alts = append(alts, q)
	}
	if st := splitText(text, byLang); st != text {
		if q := ix.conceptQuery(st); q != nil {
			alts = append(alts, q)
		}
	}
	if q := ix.minedQuery(strings.Fields(corpus.Fold(text))); q != nil {
		alts = append(alts, q)
	}
	if q := ix.topicQuery(p.meaning.topics, prefer, &p); q != nil {
		alts = append(alts, q)
	}
	if q := p.meaning.facetsQuery(); q != nil {
		alts = append(alts, q)
	}
	if q := p.meaning.conceptArticles(); q != nil {
		alts = append(alts, q)
	}
	if q := p.meaning.trainedExercises(); q != nil {
		alts = append(alts, q)
	}
	p.looser = ix.looserQuery(byLang, prefer)
	p.loose = ix.looseQuery(byLang, prefer)
	if len(alts) == 0 {
		return p
	}
	if exact {
		alts = append(alts, exactQuery(text, prefer))
	}
	p.query = query.NewDisjunctionQuery(alts)
	return p
}

// exactQuery lifts the documents titled text (or with text as an alternative
// title). With a preferred language, only a title in it lifts in full: a
// German exercise whose alternative title is "Deadlift" is an exact match,
// but for an English visitor an English title that has the word ("Deadlifts")
// is the better one, so elsewhere the lift is a small tie-breaker.
func exactQuery(text, prefer string) query.Query {
	key := indexer.TitleKey(text)
	if prefer == "" {
		return termQuery(indexer.FieldTitleKey, key, boostExact)
	}
	return query.NewDisjunctionQuery([]query.Query{
		query.NewConjunctionQuery([]query.Query{
			termQuery(indexer.FieldTitleKey, key, boostExact),
			termQuery(indexer.FieldLang, prefer, boostFilter),
		}),
		termQuery(indexer.FieldTitleKey, key, boostExact*boostExactOther),
	})
}

// languageWeight is the weight of the words analysed in lang when the
// visitor prefers prefer.
func languageWeight(lang, prefer string) float64 {
	switch {
	case prefer == "":
		return 1
	case lang == prefer:
		return boostPreferText
	}
	return boostOtherText
}

// languageQuery requires every word in lang's fields, or all but one. Bleve
// applies boosts only to leaf queries, so weight is passed down to them.
func (ix *Index) languageQuery(lang string, words []word, weight float64) query.Query {
	if len(words) == 0 {
		return nil
	}
	dead := 0
	for i := range words {
		if !words[i].alive() {
			dead++
		}
	}
	relaxable := len(words) >= 3
	if dead > 1 || (dead == 1 && !relaxable) {
		return nil
	}
	var alts []query.Query
	wordQueries := make([]query.Query, len(words))
	if dead == 0 {
		for i := range words {
			wordQueries[i] = ix.wordQuery(lang, &words[i], weight*words[i].scale())
		}
		clauses := slices.Clone(wordQueries)
		alts = append(alts, query.NewConjunctionQuery(clauses))
		// A title that has every word is the best kind of match there is.
		inTitle := make([]query.Query, 0, len(words))
		for i := range words {
			if words[i].inTitle {
				inTitle = append(inTitle, termQuery(indexer.TitleField(lang), words[i].term, weight*boostTitleAll*words[i].scale()))
			}
		}
		if len(words) > 1 && len(inTitle) == len(words) {
			alts = append(alts, query.NewConjunctionQuery(inTitle))
		}
	}
	if relaxable {
		var weaker []query.Query
		for i := range words {
			if words[i].alive() {
				if q := wordQueries[i]; q != nil {
					weaker = append(weaker, &scaled{q, boostRelaxed})
				} else {
					weaker = append(weaker, ix.wordQuery(lang, &words[i], weight*boostRelaxed*words[i].scale()))
				}
			}
		}
		relaxed := query.NewDisjunctionQuery(weaker)
		relaxed.SetMin(float64(len(words) - 1))
		alts = append(alts, relaxed)
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// wordQuery matches one word in lang's fields.
func (ix *Index) wordQuery(lang string, w *word, weight float64) query.Query {
	title, alt := indexer.TitleField(lang), indexer.AltField(lang)
	var alts []query.Query
	if len(w.fields) > 0 {
		alts = append(alts, ix.fieldsQuery(w.fields, w.term, weight))
	}
	if w.partsKnown {
		var parts []query.Query
		for _, p := range w.parts {
			if w.split {
				parts = append(parts, ix.splitPartQuery(lang, p, weight*boostParts, w.loose))
			} else {
				parts = append(parts, ix.fieldsQuery([]string{title, alt, indexer.BodyField(lang)}, p, weight*boostParts))
			}
		}
		if w.loose {
			alts = append(alts, looseParts(parts))
		} else {
			alts = append(alts, query.NewConjunctionQuery(parts))
		}
	}
	if w.typos > 0 {
		var typos []query.Query
		for _, f := range []string{title, alt, indexer.BodyField(lang)} {
			q := query.NewFuzzyQuery(w.term)
			q.SetField(f)
			q.SetFuzziness(w.typos)
			q.SetBoost(fieldBoost(f) * boostTypo * weight)
			typos = append(typos, q)
		}
		alts = append(alts, query.NewDisjunctionQuery(typos))
	}
	if w.prefix {
		var ps []query.Query
		for _, f := range []string{title, alt} {
			q := query.NewPrefixQuery(prefixOf(w.raw))
			q.SetField(f)
			q.SetBoost(fieldBoost(f) * boostPrefix * weight)
			ps = append(ps, q)
		}
		alts = append(alts, query.NewDisjunctionQuery(ps))
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// fieldsQuery matches an analysed term in the given fields of a language.
// The body repeats the titles (see indexer), so a word in a title matches
// two of the three fields and scores above a word in the body alone.
func (ix *Index) fieldsQuery(fields []string, term string, boost float64) query.Query {
	qs := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		if ix.knownTerm(term, f) {
			qs = append(qs, termQuery(f, term, fieldBoost(f)*boost))
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// fieldBoost is a text field's weight.
func fieldBoost(field string) float64 {
	switch {
	case strings.HasPrefix(field, "title_"):
		return boostTitle
	case strings.HasPrefix(field, "alt_"):
		return boostAlt
	}
	return boostBody
}

// conceptQuery matches the documents that carry the concepts text names.
// When the text is nothing but concepts (and stop words), all of them must
// match: "hamstrings", "Kniebeuge", "barbell squat" (a barbell exercise of
// the squat family). Otherwise only the exercise families it names do
// ("bænkpres skrå" finds the bench presses, incline or not): naming a
// muscle in passing ("hamstring injuries") does not make every exercise for
// that muscle a match.
func (ix *Index) conceptQuery(text string) query.Query {
	concepts := ix.findConcepts(text)
	if len(concepts) == 0 {
		return nil
	}
	covered := map[int]bool{}
	var all, families []query.Query
	words := strings.Fields(corpus.Fold(text))
	for _, c := range concepts {
		for i := c.Start; i < c.End; i++ {
			covered[i] = true
		}
		switch c.Section {
		case corpus.ExerciseConcepts:
			var q query.Query = termQuery(indexer.FieldFamily, c.ID, boostFamily)
			if parent := ix.parentFamily(c.ID); parent != "" {
				q = query.NewDisjunctionQuery([]query.Query{q, termQuery(indexer.FieldFamily, parent, boostFamily*boostParentFamily)})
			}
			if eq := ix.namedEquipment(words, c); eq != nil {
				q = query.NewBooleanQuery([]query.Query{q}, eq, nil)
			}
			all, families = append(all, q), append(families, q)
		default:
			all = append(all, query.NewDisjunctionQuery([]query.Query{
				termQuery(c.Section, c.ID, boostConcept),
				termQuery(indexer.FieldDeclared, indexer.DeclaredKey(c.Section, c.ID), boostDeclared),
			}))
		}
	}
	for i, w := range words {
		if !covered[i] && !ix.stopWord(w) {
			all = families
			break
		}
	}
	switch {
	case len(all) == 0:
		return nil
	case len(all) == 1:
		return all[0]
	case len(families) > 0 && len(families) < len(all):
		// An exercise named with its equipment or muscle ("Kettlebell
		// Kniebeuge", "håndvægtsroning") is the exercise: every variant
		// of it matches, those with the rest of the text's concepts first
		// (the disjunction's coordination halves the others). The
		// equipment of a name is a variant, not a filter.
		fam := families[0]
		if len(families) > 1 {
			fam = query.NewConjunctionQuery(families)
		}
		return query.NewDisjunctionQuery([]query.Query{query.NewConjunctionQuery(all), fam})
	}
	return query.NewConjunctionQuery(all)
}

// namedEquipment is the equipment a family's name names in words of its
// own ("Trizepsdrücken am Kabel", "kettlebell sving"), as lifts: the
// family's documents with it rank first, the others still match, and a
// small lift keeps the visitor's language first among them (a German
// cable pushdown that its source lists without the cable still beats an
// English one). Only the name's words are looked up, each once.
func (ix *Index) namedEquipment(words []string, c corpus.Concept) []query.Query {
	if c.End-c.Start < 2 {
		return nil
	}
	var out []query.Query
	for i := c.Start; i < c.End && i < len(words); i++ {
		for _, e := range ix.taxonomy.FindConcepts(words[i], false) {
			if e.Section == indexer.FieldEquipment {
				out = append(out, termQuery(e.Section, e.ID, boostNamedEquipment))
			}
		}
	}
	return out
}

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// scaled is a query scoring factor times what q scores. A plan names a
// word's query twice, once required and once, weaker, among the
// all-but-one alternatives; the evaluator evaluates the query once and
// scales it (see evaluate.go). Bleve's searchers run it too, as the
// comparison tests' reference (see its Searcher, in baseline.go).
type scaled struct {
	q      query.Query
	factor float64
}

// maxTypoRunes is the longest word looked up as a typo; a longer one is
// looked up as written. No word of the four languages is that long, and a
// Levenshtein automaton for a word of a few hundred letters grows past the
// 10,000 states vellum builds (the search failed with a 500).
const maxTypoRunes = 40

// typoEdits is how many edits a word of n letters not in the index may be
// away from the words it is looked up as: none under 5 letters or over
// maxTypoRunes, one up to 8, two from 9.
func typoEdits(n int) int {
	switch {
	case n < 5 || n > maxTypoRunes:
		return 0
	case n < 9:
		return 1
	}
	return 2
}

// parentFamily is the family the family id is narrower than, or "". A
// text that names the narrower family ("bulgarsk udfald") matches the
// broader one's exercises too, far below its own (boostParentFamily):
// the Bulgarian split squats first, then the other split squats and
// lunges, where the six Bulgarian ones were all there was. On the judged
// queries' development half "bulgarsk udfald" and "bulgarsk utfall" went
// from 0.680 to 0.801 (the same at 0.1 and 0.3 of the family's boost).
func (ix *Index) parentFamily(id string) string {
	f := ix.taxonomy.Exercises()
	if f == nil || f.Term(id) == nil {
		return ""
	}
	return f.Term(id).Parent
}
