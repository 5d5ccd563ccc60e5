package indexer

import (
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
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
