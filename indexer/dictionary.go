package indexer

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/exsearch/exsearch/corpus"
)

// Dictionary returns the compound-splitting dictionaries, per language: the
// words of the titles and alternative titles of that language's documents,
// and of the taxonomy's labels and synonyms in that language (English
// loanwords such as "kettlebell" come in through the titles that use them).
// Stop words and words shorter than a part are left out. Each word is there
// as written, stemmed (the stem is usually the form a word takes inside a
// compound: "håndvægte" → "håndvæg", as in "håndvægtsbænkpres") and folded,
// so a folded compound splits too.
func Dictionary(docs []corpus.Document, tax *corpus.Taxonomy) map[string][]string {
	var w dictionaryWords
	for i := range docs {
		w.add(&docs[i])
	}
	return w.dictionary(tax)
}

// dictionaryWords gathers a Dictionary's words document by document, so
// that a build need not keep its documents to make one (spool.go). The
// order of the documents does not matter.
type dictionaryWords struct {
	sets map[string]map[string]bool
}

// add adds the words of d's titles.
func (w *dictionaryWords) add(d *corpus.Document) {
	w.addText(d.Lang, d.Title)
	for _, a := range d.AltTitles {
		w.addText(d.Lang, a)
	}
}

func (w *dictionaryWords) addText(lang, text string) {
	if w.sets == nil {
		w.sets = map[string]map[string]bool{}
	}
	if w.sets[lang] == nil {
		w.sets[lang] = map[string]bool{}
	}
	for _, word := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) {
		if len([]rune(word)) < minPart || isStopWord(lang, word) {
			continue
		}
		for _, form := range []string{word, stem(lang, word)} {
			if len([]rune(form)) < minPart {
				continue
			}
			for _, f := range []string{form, corpus.FoldWord(form)} {
				if !w.sets[lang][f] {
					// Cloned: a word cut from a title would keep the title.
					w.sets[lang][strings.Clone(f)] = true
				}
			}
		}
	}
}

// dictionary adds the taxonomy's names and returns the dictionaries.
func (w *dictionaryWords) dictionary(tax *corpus.Taxonomy) map[string][]string {
	for _, lang := range corpus.Languages {
		for _, name := range tax.Names(lang) {
			w.addText(lang, name)
		}
	}
	out := map[string][]string{}
	for lang, set := range w.sets {
		if !splitsCompounds(lang) {
			continue
		}
		for word := range set {
			out[lang] = append(out[lang], word)
		}
		slices.Sort(out[lang])
	}
	return out
}

func splitsCompounds(lang string) bool {
	for _, f := range chains[lang] {
		if f == "compound" {
			return true
		}
	}
	return false
}

var stopNames = map[string]string{"da": da.StopName, "no": no.StopName, "de": de.StopName}

var stemmerNames = map[string]string{"da": da.SnowballStemmerName, "no": no.SnowballStemmerName, "de": de.LightStemmerName}

// stem returns w as lang's stemmer leaves it.
func stem(lang, w string) string {
	name, ok := stemmerNames[lang]
	if !ok {
		return w
	}
	f, err := stopCache.TokenFilterNamed(name)
	if err != nil {
		return w
	}
	out := f.Filter(analysis.TokenStream{&analysis.Token{Term: []byte(w)}})
	if len(out) == 0 {
		return w
	}
	return string(out[0].Term)
}

var stopCache = registry.NewCache()

func isStopWord(lang, w string) bool {
	name, ok := stopNames[lang]
	if !ok {
		return false
	}
	words, err := stopCache.TokenMapNamed(name)
	return err == nil && words[w]
}

// WordTerm returns the term lang's text analyzer makes of one word (lower
// case, stemmed, folded), or "" when the analyzer drops it (a stop word).
// It runs the chain without its memo: query-time decompounding (package
// search) asks for many substrings of a word, which would otherwise fill
// the memo of the analyzers that highlighting relies on with fragments.
func WordTerm(lang, word string) string {
	filters, err := wordChain(lang)
	if err != nil {
		return ""
	}
	ts := analysis.TokenStream{&analysis.Token{Term: []byte(word), Start: 0, End: len(word), Position: 1}}
	for _, f := range filters {
		ts = f.Filter(ts)
	}
	if len(ts) == 0 {
		return ""
	}
	return string(ts[0].Term)
}

var wordChains sync.Map // lang → []analysis.TokenFilter

// wordChain is lang's text chain as filters, without the memo.
func wordChain(lang string) ([]analysis.TokenFilter, error) {
	if fs, ok := wordChains.Load(lang); ok {
		return fs.([]analysis.TokenFilter), nil
	}
	names := []string{NormalizeFilterName, lowercase.Name}
	for _, f := range chains[lang] {
		if f != "compound" {
			names = append(names, f)
		}
	}
	names = append(names, FoldFilterName)
	var out []analysis.TokenFilter
	for _, name := range names {
		f, err := stopCache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("analysis of %s: %w", lang, err)
		}
		out = append(out, f)
	}
	wordChains.Store(lang, out)
	return out, nil
}
