package indexer

import (
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/da"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/no"
	"github.com/blevesearch/bleve/v2/analysis/token/compound"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/exsearch/exsearch/corpus"
)

// Analysis. Each language's text is analysed by a chain built like bleve's
// own language analyzers, with two links added:
//
//	words tokenizer → normalization → lower case →
//	compound splitter (da, no, de) → stop words → stemmer → folding → dedupe
//
// The compound splitter is bleve's dictionary compound filter: it keeps a
// word and adds the dictionary words inside it ("håndvægtsbænkpres" also
// gives "håndvægt" and "bænkpres"), so a query for the parts finds the whole
// and the other way round. Its dictionary is built from the corpus being
// indexed and the taxonomy (see Dictionary) and is stored in the index
// mapping, so queries are split with the same dictionary.
//
// Compounds are split in titles and alternative titles, where exercise names
// are, and in queries; the body's analyzer (TextAnalyzer) is the same chain
// without the splitter. Bodies are most of the text, a splitter looks up
// every substring of every long word, and a query's parts still meet a
// body's separate words ("håndvægte … bænkpres").
//
// Normalization (NormalizeFilterName) comes first, so that every later
// link sees plain letters: ligatures, fullwidth letters and the like become
// the letters they stand for (NFKC), zero-width characters and soft hyphens
// inside a word go, and a dotless ı is an i (see corpus.Normalize). The
// tokenizer keeps those invisible characters inside the word they are in,
// and tokens keep the offsets of the text as written, so highlights mark
// "ﬁtness" where it is.
//
// Folding (FoldFilterName, registered with bleve like its own filters) comes
// last, after stemming, so the stemmers see the letters they were written
// for, and æ/ae, ø/oe, å/aa, ä/ae, ö/oe, ü/ue, ß/ss and accents meet in one
// form on both sides: "baenkpres" finds "Bænkpres". German needs it least:
// bleve's German normalization already maps ä to a and "ue" to u.

// WordsTokenizerName is the registered name of the tokenizer: a word is a
// run of letters, digits and combining marks. Bleve's unicode tokenizer
// (word boundaries per UAX #29) gives the same words for the text exsearch
// indexes but was a tenth of all indexing time; this one allocates one
// block of tokens per text instead of one token at a time.
const WordsTokenizerName = "exsearch_words"

// NormalizeFilterName is the registered name of the filter that
// normalizes each word (corpus.Normalize) and drops a word that was nothing
// but invisible characters.
const NormalizeFilterName = "exsearch_normalize"

// FoldFilterName is the folding token filter's registered name.
const FoldFilterName = "exsearch_fold"

// DedupeFilterName is the registered name of the filter that drops a token
// repeating another at the same position: a compound part that stems to the
// whole word ("bicep" in "biceps") would otherwise count the word twice.
// The token kept spans the text of both.
const DedupeFilterName = "exsearch_dedupe"

func init() {
	registry.RegisterTokenizer(WordsTokenizerName, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return wordsTokenizer{}, nil
	})
	registry.RegisterTokenFilter(NormalizeFilterName, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return normalizeFilter{}, nil
	})
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
				// The kept token spans both: "rudern" and "rud" (its
				// stem, also a dictionary word) inside "Langhantelrudern"
				// are one part, and it ends where "rudern" does.
				out[j].Start, out[j].End = min(out[j].Start, tok.Start), max(out[j].End, tok.End)
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

type wordsTokenizer struct{}

// IsWordRune tells whether r is part of a word to the analyzers' tokenizer:
// letters, digits, combining marks, and the invisible characters that may
// sit inside a word (corpus.Ignorable), which normalization removes.
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return gounicode.IsLetter(r) || gounicode.IsDigit(r) || gounicode.Is(gounicode.Mn, r) || corpus.Ignorable(r)
}

// asciiWord tells which ASCII characters are word characters (letters and
// digits; no combining mark is ASCII), so that prose is scanned with a table
// look-up per character.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for r := range rune(utf8.RuneSelf) {
		t[r] = gounicode.IsLetter(r) || gounicode.IsDigit(r)
	}
	return t
}()

func (wordsTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// One token per five bytes is a generous guess for prose.
	block := make([]analysis.Token, 0, len(input)/5+1)
	for i := 0; ; {
		start, end := nextWord(input, i)
		if start < 0 {
			break
		}
		block = append(block, analysis.Token{
			Term: input[start:end], Start: start, End: end,
			Position: len(block) + 1, Type: analysis.AlphaNumeric,
		})
		i = end
	}
	out := make(analysis.TokenStream, len(block))
	for i := range block {
		out[i] = &block[i]
	}
	return out
}

// nextWord returns where the first word at or after input[from] starts and
// ends, or -1, -1.
func nextWord(input []byte, from int) (start, end int) {
	start = -1
	for i := from; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
		}
		if IsWordRune(r) {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			return start, i
		}
		i += size
	}
	if start >= 0 {
		return start, len(input)
	}
	return -1, -1
}

type normalizeFilter struct{}

func (normalizeFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := input[:0]
	for _, tok := range input {
		if n := corpus.Normalize(string(tok.Term)); n != string(tok.Term) {
			tok.Term = []byte(n)
		}
		if len(tok.Term) > 0 {
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

// addAnalyzers defines the analyzers of each language in the mapping, with
// dicts as the compound dictionaries: Analyzer(lang) and TextAnalyzer(lang).
func addAnalyzers(im *mapping.IndexMappingImpl, dicts map[string][]string) error {
	for _, lang := range corpus.Languages {
		filters := []any{NormalizeFilterName, lowercase.Name}
		text := []any{NormalizeFilterName, lowercase.Name}
		for _, f := range chains[lang] {
			if f != "compound" {
				filters = append(filters, f)
				text = append(text, f)
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
			filters = append(filters, map[string]any{
				"type":               compound.Name,
				"dict_token_map":     mapName,
				"min_word_size":      float64(minCompound),
				"min_subword_size":   float64(minPart),
				"max_subword_size":   float64(maxPart),
				"only_longest_match": false,
			})
		}
		filters = append(filters, FoldFilterName, DedupeFilterName)
		text = append(text, FoldFilterName)
		for name, chain := range map[string][]any{Analyzer(lang): filters, TextAnalyzer(lang): text} {
			// The chain runs inside a memo (see memo.go).
			if err := im.AddCustomTokenFilter(name+"_memo", map[string]any{"type": MemoFilterName, "filters": chain}); err != nil {
				return err
			}
			if err := im.AddCustomAnalyzer(name, map[string]any{
				"type":          custom.Name,
				"tokenizer":     WordsTokenizerName,
				"token_filters": []string{name + "_memo"},
			}); err != nil {
				return err
			}
		}
	}
	return nil
}
