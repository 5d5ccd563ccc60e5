package search

import (
	"sort"
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
//     "håndvægte" and "bænkpres");
//   - when the word is in none of the language's dictionaries, a typo:
//     one edit for 5 or more letters, two for 9 or more ("deadlfit");
//   - for the last word, what it starts with (search as you type).
//
// Within a language every word must match, and more so all in the title,
// with a weaker alternative that lets one word of three or more be missing. Languages are alternatives,
// and so are the concepts the text names in any language: a muscle, an
// equipment or a focus finds the documents that carry it ("hamstrings" finds
// the Danish pages tagged Baglår), an exercise family finds its exercises in
// every language ("Kniebeuge" finds squats). Those rank below the words
// themselves. A title equal to the text ranks first, and a preferred
// language lifts its documents.

// Weights, relative to each other; tuned as a whole on the judged queries
// (see the quality package), never for one query.
const (
	boostTitle      = 3.0
	boostAlt        = 2.0
	boostBody       = 1.0
	boostParts      = 0.8  // all parts of a compound
	boostTypo       = 0.3  // a word within the typo distance
	boostPrefix     = 0.5  // the last word as a prefix
	boostRelaxed    = 0.4  // all but one word
	boostTitleAll   = 1.0  // every word in the title
	boostConcept    = 0.35 // a taxonomy concept the text names…
	boostDeclared   = 0.35 // …which the source declared rather than we inferred
	boostFamily     = 0.5  // an exercise family the text names
	boostExact      = 8.0  // the whole text is a title
	boostPrefer     = 0.6  // the preferred language…
	boostPreferText = 2.0  // …and the words analysed in it, against…
	boostOtherText  = 0.25 // …those analysed in the other languages
	boostFilter     = 1e-6 // filters narrow, they do not rank
)

// word is one query word as one language's analyzer sees it.
type word struct {
	term  string   // the analysed word
	parts []string // analysed compound parts that cover it, if any
	raw   string   // the word as typed
	last  bool     // the last word of the text
}

// words analyses text with lang's analyzer.
func (ix *Index) words(lang, text string) []word {
	toks := ix.analyzers[lang].Analyze([]byte(text))
	byPos := map[int][]span{}
	var positions []int
	for _, t := range toks {
		if len(t.Term) == 0 {
			continue
		}
		if _, ok := byPos[t.Position]; !ok {
			positions = append(positions, t.Position)
		}
		byPos[t.Position] = append(byPos[t.Position], span{string(t.Term), t.Start, t.End})
	}
	sort.Ints(positions)
	lastEnd := 0
	for _, t := range toks {
		lastEnd = max(lastEnd, t.End)
	}
	var out []word
	seen := map[string]bool{}
	for _, p := range positions {
		spans := byPos[p]
		// The whole word is the widest token at its position; compound
		// parts are the others.
		sort.SliceStable(spans, func(i, j int) bool { return spans[i].end-spans[i].start > spans[j].end-spans[j].start })
		whole := spans[0]
		if seen[whole.term] {
			continue
		}
		seen[whole.term] = true
		w := word{term: whole.term, raw: text[whole.start:whole.end]}
		w.last = whole.end == lastEnd && !strings.HasSuffix(text, " ")
		// Bleve's compound filter gives a part the word's byte offset plus
		// the part's offset in runes; cover works in runes from the word's
		// start.
		parts := make([]span, 0, len(spans)-1)
		for _, p := range spans[1:] {
			parts = append(parts, span{p.term, p.start - whole.start, p.end - whole.start})
		}
		w.parts = cover(0, utf8.RuneCountInString(w.raw), parts)
		out = append(out, w)
	}
	return out
}

// span is an analysed token and where it is in the text.
type span struct {
	term       string
	start, end int
}

// cover picks compound parts that cover a word from start to end, longest
// first, allowing up to two letters between parts that the parts' stems
// leave out ("håndvæg-ts-bænkpres").
// It returns nil unless at least two parts cover the word.
func cover(start, end int, parts []span) []string {
	var out []string
	pos := start
	for pos < end-2 {
		best := -1
		for i, p := range parts {
			if p.start >= pos && p.start <= pos+2 && p.end > pos && (best < 0 || p.end > parts[best].end) {
				best = i
			}
		}
		if best < 0 {
			return nil
		}
		out = append(out, parts[best].term)
		pos = parts[best].end
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// textQuery returns the query for text, or nil when nothing in it can match.
// Words analysed in the preferred language (the visitor's) weigh more: BM25
// gives a word rare in a small language's collection a high weight, which
// would otherwise lift a Danish match above an English one for an English
// visitor.
func (ix *Index) textQuery(text, prefer string) query.Query {
	if ix.meta.Plain {
		return ix.plainTextQuery(text)
	}
	var alts []query.Query
	for _, lang := range corpus.Languages {
		weight := 1.0
		switch {
		case prefer == "":
		case lang == prefer:
			weight = boostPreferText
		default:
			weight = boostOtherText
		}
		if q := ix.languageQuery(lang, ix.words(lang, text), weight); q != nil {
			alts = append(alts, q)
		}
	}
	if q := ix.conceptQuery(text); q != nil {
		alts = append(alts, q)
	}
	if len(alts) == 0 {
		return nil
	}
	alts = append(alts, termQuery(indexer.FieldTitleKey, indexer.TitleKey(text), boostExact))
	return query.NewDisjunctionQuery(alts)
}

// languageQuery requires every word in lang's fields, or all but one. Bleve
// applies boosts only to leaf queries, so weight is passed down to them.
func (ix *Index) languageQuery(lang string, words []word, weight float64) query.Query {
	if len(words) == 0 {
		return nil
	}
	clauses := make([]query.Query, len(words))
	for i, w := range words {
		clauses[i] = ix.wordQuery(lang, w, weight)
	}
	all := query.NewConjunctionQuery(clauses)
	if len(words) == 1 {
		return all
	}
	// A title that has every word is the best kind of match there is.
	inTitle := make([]query.Query, len(words))
	for i, w := range words {
		inTitle[i] = termQuery(indexer.TitleField(lang), w.term, weight*boostTitleAll)
	}
	alts := []query.Query{all, query.NewConjunctionQuery(inTitle)}
	if len(words) >= 3 {
		weaker := make([]query.Query, len(words))
		for i, w := range words {
			weaker[i] = ix.wordQuery(lang, w, weight*boostRelaxed)
		}
		relaxed := query.NewDisjunctionQuery(weaker)
		relaxed.SetMin(float64(len(words) - 1))
		alts = append(alts, relaxed)
	}
	return query.NewDisjunctionQuery(alts)
}

// wordQuery matches one word in lang's fields.
func (ix *Index) wordQuery(lang string, w word, weight float64) query.Query {
	title, alt, body := indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang)
	alts := []query.Query{fieldsQuery(lang, w.term, weight)}
	if len(w.parts) >= 2 {
		var parts []query.Query
		for _, p := range w.parts {
			parts = append(parts, fieldsQuery(lang, p, weight*boostParts))
		}
		alts = append(alts, query.NewConjunctionQuery(parts))
	}
	if n := utf8.RuneCountInString(w.raw); n >= 5 && !ix.knownTerm(w.term, title, alt, body) {
		fuzziness := 1
		if n >= 9 {
			fuzziness = 2
		}
		var typos []query.Query
		for _, f := range []struct {
			field string
			boost float64
		}{{title, boostTitle}, {alt, boostAlt}, {body, boostBody}} {
			q := query.NewFuzzyQuery(w.term)
			q.SetField(f.field)
			q.SetFuzziness(fuzziness)
			q.SetBoost(f.boost * boostTypo * weight)
			typos = append(typos, q)
		}
		alts = append(alts, query.NewDisjunctionQuery(typos))
	}
	if w.last && utf8.RuneCountInString(w.raw) >= 3 {
		prefix := corpus.FoldWord(strings.ToLower(w.raw))
		var ps []query.Query
		for _, f := range []struct {
			field string
			boost float64
		}{{title, boostTitle}, {alt, boostAlt}} {
			q := query.NewPrefixQuery(prefix)
			q.SetField(f.field)
			q.SetBoost(f.boost * boostPrefix * weight)
			ps = append(ps, q)
		}
		alts = append(alts, query.NewDisjunctionQuery(ps))
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// fieldsQuery matches an analysed term in a language's title, alternative
// titles and body. The body repeats the titles (see indexer), so a word in
// a title matches two of the three and scores above a word in the body.
func fieldsQuery(lang, term string, boost float64) query.Query {
	return query.NewDisjunctionQuery([]query.Query{
		termQuery(indexer.TitleField(lang), term, boostTitle*boost),
		termQuery(indexer.AltField(lang), term, boostAlt*boost),
		termQuery(indexer.BodyField(lang), term, boostBody*boost),
	})
}

// conceptQuery matches the documents that carry the concepts text names.
func (ix *Index) conceptQuery(text string) query.Query {
	var qs []query.Query
	for _, c := range ix.taxonomy.FindConcepts(text, true) {
		switch c.Section {
		case corpus.ExerciseConcepts:
			qs = append(qs, termQuery(indexer.FieldFamily, c.ID, boostFamily))
		default:
			qs = append(qs, termQuery(c.Section, c.ID, boostConcept),
				termQuery(indexer.FieldDeclared, indexer.DeclaredKey(c.Section, c.ID), boostDeclared))
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(qs)
}

// plainTextQuery is the walking product's plan, kept as the baseline for
// plain indexes: every word in the title, alternative titles or body of a
// language, the languages as alternatives, nothing else.
func (ix *Index) plainTextQuery(text string) query.Query {
	var langs []query.Query
	for _, lang := range corpus.Languages {
		var must []query.Query
		seen := map[string]bool{}
		for _, tok := range ix.analyzers[lang].Analyze([]byte(text)) {
			t := string(tok.Term)
			if t == "" || seen[t] {
				continue
			}
			seen[t] = true
			must = append(must, fieldsQuery(lang, t, 1))
		}
		if len(must) > 0 {
			langs = append(langs, query.NewConjunctionQuery(must))
		}
	}
	if len(langs) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(langs)
}

func termQuery(field, term string, boost float64) query.Query {
	q := query.NewTermQuery(term)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}
