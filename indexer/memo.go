package indexer

import (
	"fmt"
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// Memoised analysis. Every filter of exsearch's chains (lower case, stop
// words, compound parts, stemming, folding, de-duplication) looks at one
// word at a time, so what a chain makes of a word is the same wherever the
// word is. Words repeat (a corpus of 100,000 documents has some tens of
// thousands of distinct words in millions of places), and the stemmers and
// the compound splitter are most of the cost of analysis: MemoFilterName
// runs its chain once per distinct word and remembers the tokens it made.
// Queries and highlighting use the same analyzers, and gain the same way.

// MemoFilterName is the registered name of the memoising filter. Its
// configuration lists the filters of the chain it runs, {"filters": [...]},
// each by name (bleve's own and exsearch's registered filters) or as a
// filter configuration of its own. Configured filters are inline, not
// named: bleve builds a mapping's named filters in no particular order, so
// one could not count on another.
const MemoFilterName = "exsearch_memo"

// memoLimit bounds the words one memo holds (a few megabytes); past it,
// new words are analysed every time.
const memoLimit = 1 << 18

func init() {
	registry.RegisterTokenFilter(MemoFilterName, func(config map[string]any, cache *registry.Cache) (analysis.TokenFilter, error) {
		specs, ok := config["filters"].([]any)
		if !ok {
			return nil, fmt.Errorf("%s: filters must be a list", MemoFilterName)
		}
		f := &memoFilter{seed: maphash.MakeSeed()}
		for i, spec := range specs {
			var tf analysis.TokenFilter
			var err error
			switch spec := spec.(type) {
			case string:
				tf, err = cache.TokenFilterNamed(spec)
			case map[string]any:
				tf, err = cache.DefineTokenFilter(fmt.Sprintf("%s_%p_%d", MemoFilterName, f, i), spec)
			default:
				err = fmt.Errorf("filter %d is %T, want a name or a configuration", i, spec)
			}
			if err != nil {
				return nil, fmt.Errorf("%s: %w", MemoFilterName, err)
			}
			f.chain = append(f.chain, tf)
		}
		for i := range f.shards {
			f.shards[i].words = map[string][]memoToken{}
		}
		f.terms = map[string]*memoTerm{}
		return f, nil
	})
}

// memoToken is a token a word became, with offsets relative to the word's.
type memoToken struct {
	memoTerm
	start, end int
	typ        analysis.TokenType
	keyWord    bool
}

// memoTerm is a term the memo's words became. Terms are numbered, so that
// the terms of a field can be counted in an array (see direct.go); past
// memoLimit terms, new ones are not (their id is -1).
type memoTerm struct {
	term []byte
	key  string // term, as a string
	id   int
}

type memoFilter struct {
	chain  []analysis.TokenFilter
	seed   maphash.Seed
	shards [64]struct {
		sync.RWMutex
		words map[string][]memoToken
	}
	termsMu sync.Mutex
	terms   map[string]*memoTerm
}

func (f *memoFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input)+len(input)/4)
	var block []analysis.Token
	for _, tok := range input {
		made := f.word(tok)
		if cap(block)-len(block) < len(made) {
			block = make([]analysis.Token, 0, max(len(made), len(input)))
		}
		for _, m := range made {
			block = append(block, analysis.Token{
				Term: m.term, Start: tok.Start + m.start, End: tok.Start + m.end,
				Position: tok.Position, Type: m.typ, KeyWord: m.keyWord,
			})
			out = append(out, &block[len(block)-1])
		}
	}
	return out
}

// word returns what the chain makes of one token, from the memo or by
// running the chain on it alone. The terms are shared: nothing after the
// memo changes a token's bytes (the index copies them).
func (f *memoFilter) word(tok *analysis.Token) []memoToken {
	if made, ok := f.lookup(tok.Term); ok {
		return made
	}
	return f.analyse(tok)
}

// lookup returns what the chain made of word, if the memo has it.
func (f *memoFilter) lookup(word []byte) ([]memoToken, bool) {
	s := &f.shards[maphash.Bytes(f.seed, word)%uint64(len(f.shards))]
	s.RLock()
	made, ok := s.words[string(word)]
	s.RUnlock()
	return made, ok
}

// analyse runs the chain on one token alone, and remembers what it made.
func (f *memoFilter) analyse(tok *analysis.Token) []memoToken {
	s := &f.shards[maphash.Bytes(f.seed, tok.Term)%uint64(len(f.shards))]
	alone := analysis.TokenStream{&analysis.Token{
		Term: append([]byte(nil), tok.Term...), Start: 0, End: tok.End - tok.Start,
		Position: 1, Type: tok.Type, KeyWord: tok.KeyWord,
	}}
	for _, tf := range f.chain {
		alone = tf.Filter(alone)
	}
	made := make([]memoToken, len(alone))
	f.termsMu.Lock()
	for i, t := range alone {
		made[i] = memoToken{memoTerm: *f.term(t.Term), start: t.Start, end: t.End, typ: t.Type, keyWord: t.KeyWord}
	}
	f.termsMu.Unlock()
	s.Lock()
	if len(s.words) < memoLimit/len(f.shards) {
		s.words[string(tok.Term)] = made
	}
	s.Unlock()
	return made
}

// term returns term's memoTerm; f.termsMu is held.
func (f *memoFilter) term(term []byte) *memoTerm {
	if t, ok := f.terms[string(term)]; ok {
		return t
	}
	t := &memoTerm{term: term, key: string(term), id: -1}
	if len(f.terms) < memoLimit {
		t.id = len(f.terms)
		f.terms[t.key] = t
	}
	return t
}
