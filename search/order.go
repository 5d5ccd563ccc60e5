package search

import (
	"fmt"
	"strconv"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/exsearch/exsearch/indexer"
)

// Ties are broken by title. Equal scores would rank in document number
// order (bleve's order, and collect's), and document numbers follow the
// order in which a build's analysis happened to finish, so the same corpus,
// built twice, would list equally good hits (and, when browsing,
// everything) in two different orders. The indexer gives every document its
// place in title order (indexer.OrderSplit); it is read when an index is
// opened, and each match's score gets a nudge far below any difference a
// query makes: the larger, the earlier the title.

// tieNudge is the largest nudge. Scores that differ by less than this are
// taken for equal; real differences are many orders of magnitude larger,
// while the nudges of a million documents are still apart in a float64.
const tieNudge = 1e-7

// documentOrder is each document's place in title order, by document
// number.
type documentOrder struct {
	place []uint32
	n     float64
}

// loadOrder reads the order fields' postings.
func loadOrder(r index.IndexReader, terms func(string) ([]string, error)) (*documentOrder, error) {
	o := &documentOrder{}
	for _, part := range []struct {
		field string
		scale uint32
	}{{indexer.FieldOrderHi, indexer.OrderSplit}, {indexer.FieldOrderLo, 1}} {
		values, err := terms(part.field)
		if err != nil {
			return nil, err
		}
		t, err := loadFacetTable(r, part.field, values)
		if err != nil {
			return nil, err
		}
		num := make([]uint32, len(values))
		for i, v := range values {
			n, err := strconv.ParseUint(v, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("%s: bad term %q", part.field, v)
			}
			num[i] = uint32(n)
		}
		docs := len(t.offset) - 1
		if len(o.place) < docs {
			o.place = append(o.place, make([]uint32, docs-len(o.place))...)
		}
		for doc := range docs {
			for _, ord := range t.values(uint64(doc)) {
				o.place[doc] += num[ord] * part.scale
			}
		}
	}
	o.n = float64(len(o.place) + 1)
	return o, nil
}

// nudge is the score added to a document's: larger for earlier titles.
func (o *documentOrder) nudge(doc uint64) float64 {
	if o == nil || doc >= uint64(len(o.place)) {
		return 0
	}
	return tieNudge * (1 - float64(o.place[doc])/o.n)
}
