package indexer

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/token/compound"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/exsearch/exsearch/corpus"
)

// Analysis. Each language's text is analysed by a chain built like bleve's
// own language analyzers, with two links added:
//
//	unicode tokenizer → lower case → compound splitter (da, no, de) →
//	stop words → stemmer → folding → dedupe
//
// The compound splitter is bleve's dictionary compound filter: it keeps a
// word and adds the dictionary words inside it ("håndvægtsbænkpres" also
// gives "håndvægt" and "bænkpres"), so a query for the parts finds the whole
// and the other way round. Its dictionary is built from the corpus being
// indexed and the taxonomy (see Dictionary) and is stored in the index
// mapping, so queries are split with the same dictionary.
//
// Folding (FoldFilterName, registered with bleve like its own filters) comes
// last, after stemming, so the stemmers see the letters they were written
// for, and æ/ae, ø/oe, å/aa, ä/ae, ö/oe, ü/ue, ß/ss and accents meet in one
// form on both sides: "baenkpres" finds "Bænkpres". German needs it least:
// bleve's German normalization already maps ä to a and "ue" to u.

// FoldFilterName is the folding token filter's registered name.
const FoldFilterName = "exsearch_fold"

// DedupeFilterName is the registered name of the filter that drops a token
// repeating another at the same position: a compound part that stems to the
// whole word ("bicep" in "biceps") would otherwise count the word twice.
const DedupeFilterName = "exsearch_dedupe"

func init() {
	registry.RegisterTokenFilter(FoldFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	registry.RegisterTokenFilter(DedupeFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return dedupeFilter{}, nil
	})
}

type dedupeFilter struct{}

func (dedupeFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		dup := false
		// Tokens at one position are adjacent: the word, then its parts.
		for j := len(out) - 1; j >= 0 && out[j].Position == tok.Position; j-- {
			if string(out[j].Term) == string(tok.Term) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, tok)
		}
	}
	return out
}

type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if f := corpus.FoldWord(string(tok.Term)); f != string(tok.Term) {
			tok.Term = []byte(f)
		}
	}
	return input
}

// chain is a language's filters after lower-casing, with "compound" where
// the compound splitter goes.
var chains = map[string][]string{
	"da": {"compound", da.StopName, da.SnowballStemmerName},
	"no": {"compound", no.StopName, no.SnowballStemmerName},
	"de": {"compound", de.StopName, de.NormalizeName, de.LightStemmerName},
	"en": {en.PossessiveName, en.StopName, porter.Name},
}

// Compound splitting bounds: words shorter than minCompound are not split;
// parts are 3 to 24 letters.
const (
	minCompound = 6
	minPart     = 3
	maxPart     = 24
)

// addAnalyzers defines the analyzer of each language in the mapping, with
// dicts as the compound dictionaries. The analyzer's name is Analyzer(lang).
func addAnalyzers(im *mapping.IndexMappingImpl, dicts map[string][]string) error {
	for _, lang := range corpus.Languages {
		filters := []string{lowercase.Name}
		for _, f := range chains[lang] {
			if f != "compound" {
				filters = append(filters, f)
				continue
			}
			words := make([]any, 0, len(dicts[lang]))
			for _, w := range dicts[lang] {
				words = append(words, w)
			}
			if len(words) == 0 {
				continue
			}
			mapName := "exsearch_dict_" + lang
			if err := im.AddCustomTokenMap(mapName, map[string]any{"type": tokenmap.Name, "tokens": words}); err != nil {
				return err
			}
			filterName := "exsearch_compound_" + lang
			if err := im.AddCustomTokenFilter(filterName, map[string]any{
				"type":               compound.Name,
				"dict_token_map":     mapName,
				"min_word_size":      float64(minCompound),
				"min_subword_size":   float64(minPart),
				"max_subword_size":   float64(maxPart),
				"only_longest_match": false,
			}); err != nil {
				return err
			}
			filters = append(filters, filterName)
		}
		filters = append(filters, FoldFilterName, DedupeFilterName)
		if err := im.AddCustomAnalyzer(Analyzer(lang), map[string]any{
			"type":          custom.Name,
			"tokenizer":     unicode.Name,
			"token_filters": filters,
		}); err != nil {
			return err
		}
	}
	return nil
}
