package indexer

import "github.com/blevesearch/bleve/v2/analysis"

// MemoChain returns the chain a memo filter runs, for comparing with it.
func MemoChain(f analysis.TokenFilter) []analysis.TokenFilter {
	if m, ok := f.(*memoFilter); ok {
		return m.chain
	}
	return nil
}
