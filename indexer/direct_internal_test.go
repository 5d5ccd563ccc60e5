package indexer

import (
	"hash/maphash"
	"strings"
	"testing"
)

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

// TestMemoCountReadsTheText: counting a text whose words the memo and the
// tally already know allocates nothing, not even a copy of the text, which
// was garbage as large as the corpus's text in every build.
func TestMemoCountReadsTheText(t *testing.T) {
	m := &memoFilter{seed: maphash.MakeSeed(), terms: map[string]*memoTerm{}}
	for i := range m.shards {
		m.shards[i].words = map[string][]memoToken{}
	}
	text := strings.Repeat("squat deep, then press the bar overhead. ", 20)
	var c termCounts
	memoCounter{m}.count(text, &c)
	if n := testing.AllocsPerRun(20, func() { memoCounter{m}.count(text, &c) }); n != 0 {
		t.Errorf("counting a known text: %.0f allocations, want none", n)
	}
	// Once before AllocsPerRun, once for its warm-up and 20 times measured.
	if freqs := c.frequencies(); freqs["squat"] == nil || freqs["squat"].Frequency() != 22*20 {
		t.Errorf("squat: %+v, want frequency %d", freqs["squat"], 22*20)
	}
}
