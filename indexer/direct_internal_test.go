package indexer

import (
	"hash/maphash"
	"strings"
	"testing"
	"unsafe"
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

// TestCountedFieldLetsGoOfItsText: once counted, a field holds neither its
// elements nor, through a keyword's frequencies, any part of them: the
// elements are substrings of their document's whole text, which scorch
// would otherwise keep alive until the batch's segment is built. Its
// plain-text size stays what it was.
func TestCountedFieldLetsGoOfItsText(t *testing.T) {
	text := strings.Repeat("x", 64) + "quadriceps" + strings.Repeat("y", 64)
	value := text[64:74]
	start, end := uintptr(unsafe.Pointer(unsafe.StringData(text))), uintptr(unsafe.Pointer(unsafe.StringData(text)))+uintptr(len(text))
	within := func(p unsafe.Pointer) bool { return uintptr(p) >= start && uintptr(p) < end }
	for _, counter := range []termCounter{&keywordCounter{share: true}, &keywordCounter{share: false}} {
		spec := fieldSpec{name: FieldMuscle, counter: counter}
		f := spec.field([]string{value})
		f.Analyze()
		if f.values != nil || f.NumPlainTextBytes() != uint64(len(value)) {
			t.Errorf("counted: values %q, %d plain-text bytes; want none and %d", f.values, f.NumPlainTextBytes(), len(value))
		}
		freqs := f.AnalyzedTokenFrequencies()
		if len(freqs) != 1 || freqs["quadriceps"] == nil {
			t.Fatalf("frequencies %v, want quadriceps", freqs)
		}
		for key, tf := range freqs {
			if within(unsafe.Pointer(unsafe.StringData(key))) || within(unsafe.Pointer(unsafe.SliceData(tf.Term))) {
				t.Errorf("share %v: the frequencies of %q point into the document's text", counter.(*keywordCounter).share, key)
			}
		}
	}
}
