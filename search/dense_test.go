package search

import (
	"maps"
	"math/rand"
	"slices"
	"testing"

	"github.com/exsearch/exsearch/indexer"
)

// TestDenseIndexFinds compares a dense index's answers with a binary search
// of its list, for every document number up to past the list's end, on
// lists from sparse to full, with documents on both sides of word edges.
func TestDenseIndexFinds(t *testing.T) {
	r := rand.New(rand.NewSource(16))
	for round := 0; round < 300; round++ {
		limit := 1 + r.Intn(5000)
		set := map[uint32]bool{}
		for range r.Intn(limit + 1) {
			set[uint32(r.Intn(limit))] = true
		}
		for _, d := range []uint32{0, 63, 64, 127, 128} {
			if int(d) < limit && r.Intn(2) == 0 {
				set[d] = true
			}
		}
		docs := slices.Sorted(maps.Keys(set))
		x := newDenseIndex(docs, uint64(limit))
		if uint64(len(docs))*denseShare < uint64(limit) {
			if x != nil {
				t.Fatalf("round %d: %d documents of %d have a dense index", round, len(docs), limit)
			}
			continue
		}
		if x == nil {
			t.Fatalf("round %d: %d documents of %d have no dense index", round, len(docs), limit)
		}
		for d := uint32(0); d < uint32(limit)+130; d++ {
			want, wantOK := slices.BinarySearch(docs, d)
			got, ok := x.find(d)
			if ok != wantOK || (ok && got != want) {
				t.Fatalf("round %d: find(%d) = %d, %v; want %d, %v", round, d, got, ok, want, wantOK)
			}
		}
	}
}

// TestLongListsAreDense checks that the index's long term lists get a dense
// index as they are read (the look-ups of lifts and conjunctions use it),
// that it finds each of their documents, and that short lists get none.
func TestLongListsAreDense(t *testing.T) {
	ix := openEmbedded(t)
	long, short := 0, 0
	for _, field := range []string{indexer.FieldKind, indexer.FieldLang, indexer.FieldMuscle} {
		terms, err := ix.terms(field)
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range terms {
			p, err := ix.segments.read(field, term)
			if err != nil {
				t.Fatal(err)
			}
			dense := uint64(len(p.docs))*denseShare >= ix.segments.limit
			if dense != (p.dense != nil) {
				t.Fatalf("%s:%s, %d documents of %d: dense index %v", field, term, len(p.docs), ix.segments.limit, p.dense != nil)
			}
			if !dense {
				short++
				continue
			}
			long++
			for i, d := range p.docs {
				if j, ok := p.dense.find(d); !ok || j != i {
					t.Fatalf("%s:%s: document %d found at %d, %v; want %d", field, term, d, j, ok, i)
				}
			}
		}
	}
	if long == 0 || short == 0 {
		t.Fatalf("%d long lists and %d short ones, want some of each", long, short)
	}
}
