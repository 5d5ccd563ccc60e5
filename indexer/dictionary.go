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
	sets := map[string]map[string]bool{}
	add := func(lang, text string) {
		if sets[lang] == nil {
			sets[lang] = map[string]bool{}
		}
		for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
			return !unicode.IsLetter(r)
		}) {
			if len([]rune(w)) < minPart || isStopWord(lang, w) {
				continue
			}
			for _, form := range []string{w, stem(lang, w)} {
				if len([]rune(form)) >= minPart {
					sets[lang][form] = true
					sets[lang][corpus.FoldWord(form)] = true
				}
			}
		}
	}
	for i := range docs {
		d := &docs[i]
		add(d.Lang, d.Title)
		for _, a := range d.AltTitles {
			add(d.Lang, a)
		}
	}
	for _, lang := range corpus.Languages {
		for _, name := range tax.Names(lang) {
			add(lang, name)
		}
	}
	out := map[string][]string{}
	for lang, set := range sets {
		if !splitsCompounds(lang) {
			continue
		}
		for w := range set {
			out[lang] = append(out[lang], w)
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
