package indexer

import "testing"

// TestCountsMixNumberedAndUnnumberedTerms: terms the memo numbered (counted
// in the tally), terms past its limit and other analyzers' terms (counted
// in the map) add up to one set of frequencies, and the tally goes back
// empty.
func TestCountsMixNumberedAndUnnumberedTerms(t *testing.T) {
	squat := &memoTerm{term: []byte("squat"), key: "squat", id: 3}
	press := &memoTerm{term: []byte("press"), key: "press", id: -1}
	lunge := &memoTerm{term: []byte("lunge"), key: "lunge", id: 700}
	for round := 0; round < 3; round++ {
		var c termCounts
		for _, m := range []*memoTerm{squat, press, squat, lunge, press, press} {
			c.addMemo(m)
		}
		c.add("squat", []byte("squat"))
		c.add("row", []byte("row"))
		freqs := c.frequencies()
		want := map[string]int{"squat": 3, "press": 3, "lunge": 1, "row": 1}
		if c.length != 8 || len(freqs) != len(want) {
			t.Fatalf("round %d: length %d, %d terms, want 8 and %d", round, c.length, len(freqs), len(want))
		}
		for term, n := range want {
			if tf := freqs[term]; tf == nil || tf.Frequency() != n || string(tf.Term) != term {
				t.Fatalf("round %d: %s: %+v, want frequency %d", round, term, tf, n)
			}
		}
	}
	tally := tallies.Get().(*termTally)
	defer tallies.Put(tally)
	for id, n := range tally.counts {
		if n != 0 {
			t.Fatalf("the tally kept a count for term %d", id)
		}
	}
}
