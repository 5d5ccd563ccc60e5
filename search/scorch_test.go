package search

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// The guards of scorch.go's assumptions about bleve, one test each (see the
// list at the top of scorch.go). They run on the embedded default corpus,
// indexed in several segments, so they never skip: a bleve upgrade is
// checked wherever the tests run.

// openEmbedded opens the index of the embedded default corpus, in several
// segments (see sharedtest.DefaultIndex).
func openEmbedded(t testing.TB) *Index {
	t.Helper()
	ix := openAt(t, sharedtest.DefaultIndex(t))
	if n := len(ix.segments.parts); n < 2 {
		t.Fatalf("the default corpus's index has %d segment, want several (batches of %d)", n, sharedtest.DefaultBatch)
	}
	return ix
}

// storedID reads the id of document number doc.
func storedID(t *testing.T, ix *Index, doc uint32) string {
	t.Helper()
	var id string
	err := ix.segments.visitStored(doc, func(field string, value []byte) bool {
		if field == storedIDField {
			id = string(value)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fileStates describes every file under dir: name, size, mode and time.
func fileStates(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out[p] = fmt.Sprintf("%d %v %v", info.Size(), info.Mode(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestScorchReadOnly guards assumption 1: an index opened with
// configReadOnly can be opened again while it is open (scorch shares its
// lock on root.bolt instead of waiting for it), and opening, searching and
// closing it writes nothing.
func TestScorchReadOnly(t *testing.T) {
	p, _, err := indexer.Current(sharedtest.DefaultIndex(t))
	if err != nil {
		t.Fatal(err)
	}
	before := fileStates(t, p)
	first, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	second := make(chan error, 1)
	go func() {
		ix, err := Open(p)
		if err == nil {
			_, err = ix.Search(context.Background(), Request{Query: "squat", Size: 3})
			ix.Close()
		}
		second <- err
	}()
	select {
	case err := <-second:
		if err != nil {
			t.Fatalf("a second read-only open: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("a second open waits for the first: scorch does not open the index read-only (config key %q)", configReadOnly)
	}
	if _, err := first.Search(context.Background(), Request{Query: "squat", Size: 3}); err != nil {
		t.Fatal(err)
	}
	first.Close()
	after := fileStates(t, p)
	for f, s := range after {
		if before[f] != s {
			t.Errorf("%s changed: %s, before %s", f, s, before[f])
		}
	}
	for f := range before {
		if _, ok := after[f]; !ok {
			t.Errorf("%s was removed", f)
		}
	}
}

// TestScorchDocumentNumbers guards assumptions 2 to 4: the reader is a
// snapshot of several segments (or Open fails), a document's number is its
// segment's offset plus its number within the segment, whichever way it is
// reached (stored fields, postings, bleve's internal ids, which the facet
// tables decode), and its id is in the stored field storedIDField.
func TestScorchDocumentNumbers(t *testing.T) {
	ix := openEmbedded(t)
	live := ix.segments.appendLive(nil)
	if uint64(len(live)) != ix.segments.docs || ix.segments.docs != uint64(ix.meta.Total) {
		t.Fatalf("%d live document numbers, %d documents, metadata says %d", len(live), ix.segments.docs, ix.meta.Total)
	}
	ids := map[string]bool{}
	for _, d := range live {
		id := storedID(t, ix, d)
		if id == "" {
			t.Fatalf("document number %d has no stored %q", d, storedIDField)
		}
		ids[id] = true
		internal, err := ix.reader.InternalID(id)
		if err != nil {
			t.Fatal(err)
		}
		if n := docNumber(internal); n != uint64(d) {
			t.Errorf("%s: number %d in its segment's stored fields, bleve's internal id says %d", id, d, n)
		}
		if ext, err := ix.reader.ExternalID(internal); err != nil || ext != id {
			t.Errorf("document number %d: bleve's id %q (%v), stored %q", d, ext, err, id)
		}
	}
	if len(ids) != len(live) {
		t.Errorf("%d distinct ids for %d documents", len(ids), len(live))
	}
	// Postings decoded from the segments number documents as bleve's term
	// readers do (which the facet tables read).
	for _, field := range []string{indexer.FieldLang, indexer.FieldKind, indexer.FieldMuscle, indexer.TitleField("da")} {
		terms, err := ix.terms(field)
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range terms {
			p, err := ix.segments.readSegments(field, term)
			if err != nil {
				t.Fatal(err)
			}
			var want []uint32
			tfr, err := ix.reader.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
			if err != nil {
				t.Fatal(err)
			}
			var tfd index.TermFieldDoc
			for {
				next, err := tfr.Next(&tfd)
				if err != nil {
					t.Fatal(err)
				}
				if next == nil {
					break
				}
				want = append(want, uint32(docNumber(next.ID)))
				tfd.Reset()
			}
			tfr.Close()
			if !slices.Equal(p.docs, want) {
				t.Errorf("%s:%s: postings %v, bleve's term reader %v", field, term, p.docs, want)
			}
		}
	}
}

// bleveScores runs q through bleve's searchers and returns every match's
// score by id.
func bleveScores(t *testing.T, ix *Index, q query.Query) map[string]float64 {
	t.Helper()
	res, err := ix.bleve.Search(bleve.NewSearchRequestOptions(q, int(ix.segments.limit)+1, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, h := range res.Hits {
		out[h.ID] = h.Score
	}
	return out
}

// evaluatorScores evaluates q and returns every match's score by id.
func evaluatorScores(t *testing.T, ix *Index, q query.Query) map[string]float64 {
	t.Helper()
	m, release, err := ix.evaluate(context.Background(), q, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	out := map[string]float64{}
	for i, d := range m.docs {
		out[storedID(t, ix, d)] = m.score(i)
	}
	return out
}

// proportional says how got differs from want, beyond one factor common to
// all scores (bleve's query norm); "" when it does not.
func proportional(want, got map[string]float64) string {
	if len(got) != len(want) {
		return fmt.Sprintf("%d matches, bleve %d", len(got), len(want))
	}
	norm := 0.0
	ids := make([]string, 0, len(got))
	for id := range got {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		w, ok := want[id]
		if !ok {
			return fmt.Sprintf("%s matches, not in bleve", id)
		}
		if norm == 0 && got[id] > 0 {
			norm = w / got[id]
		}
		if math.Abs(got[id]*norm-w) > 1e-9*w {
			return fmt.Sprintf("%s scores %.12g, bleve %.12g", id, got[id]*norm, w)
		}
	}
	return ""
}

// TestScorchBM25 guards assumption 5: term by term, the evaluator's weights
// are bleve's scores (up to the query norm), for terms rare and common in
// fields of every kind, alone, boosted, and in pairs (where the terms' idf
// and the field's average length decide how they compare).
func TestScorchBM25(t *testing.T) {
	ix := openEmbedded(t)
	if !ix.segments.bm25 {
		t.Fatal("the index does not score with BM25")
	}
	fields := []string{indexer.FieldMuscle, indexer.FieldEquipment}
	for _, lang := range corpus.Languages {
		fields = append(fields, indexer.TitleField(lang), indexer.AltField(lang), indexer.BodyField(lang))
	}
	compared := 0
	for _, field := range fields {
		terms, err := ix.terms(field)
		if err != nil {
			t.Fatal(err)
		}
		// Terms of every document frequency, rarest first.
		df := map[string]int{}
		for _, term := range terms {
			p, err := ix.segments.readSegments(field, term)
			if err != nil {
				t.Fatal(err)
			}
			df[term] = len(p.docs)
		}
		slices.SortStableFunc(terms, func(a, b string) int { return df[a] - df[b] })
		var sample []string
		for i := 0; i < len(terms); i += max(1, len(terms)/12) {
			sample = append(sample, terms[i])
		}
		if len(terms) > 0 {
			sample = append(sample, terms[len(terms)-1])
		}
		for i, term := range sample {
			qs := []query.Query{termQuery(field, term, 1), termQuery(field, term, 2.5)}
			if i > 0 {
				qs = append(qs, query.NewDisjunctionQuery([]query.Query{termQuery(field, sample[i-1], 1), termQuery(field, term, 1)}))
			}
			for _, q := range qs {
				if diff := proportional(bleveScores(t, ix, q), evaluatorScores(t, ix, q)); diff != "" {
					t.Errorf("%s, %s: %s", field, term, diff)
				}
				compared++
			}
		}
	}
	if compared < 100 {
		t.Errorf("only %d queries compared", compared)
	}
}

// dictTerms lists what a dictionary of bleve's merged view gives.
func dictTerms(t *testing.T, d index.FieldDict, err error) []dictEntry {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var out []dictEntry
	for {
		e, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		if e == nil {
			return out
		}
		out = append(out, dictEntry{term: e.Term, distance: int(e.EditDistance), count: e.Count})
	}
}

// TestScorchDictionaries guards assumption 6: reading dictionaries segment
// by segment (expand) gives scorch's merged dictionaries, with its edit
// distances and counts: whole, by prefix, and within one and two edits of
// words and of misspellings of them.
func TestScorchDictionaries(t *testing.T) {
	ix := openEmbedded(t)
	snap := ix.segments.snap
	compared := 0
	for _, field := range []string{indexer.TitleField("en"), indexer.BodyField("da"), indexer.AltField("de"), indexer.FieldEquipment} {
		all, err := ix.segments.expand(field, nil, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		d, err := snap.FieldDict(field)
		if want := dictTerms(t, d, err); !slices.Equal(all, want) {
			t.Errorf("%s: %d terms, scorch %d", field, len(all), len(want))
		}
		for i := 0; i < len(all); i += max(1, len(all)/15) {
			word := all[i].term
			for n := 1; n <= min(3, len(word)); n++ {
				prefix := []byte(word[:n])
				got, err := ix.segments.expand(field, nil, prefix, prefixEnd(prefix))
				if err != nil {
					t.Fatal(err)
				}
				d, err := snap.FieldDictPrefix(field, prefix)
				if want := dictTerms(t, d, err); !slices.Equal(got, want) {
					t.Errorf("%s, prefix %q: %v, scorch %v", field, prefix, got, want)
				}
				compared++
			}
			misspelt := []byte(word)
			if len(misspelt) >= 3 {
				misspelt[1], misspelt[2] = misspelt[2], misspelt[1]
			}
			for _, w := range []string{word, string(misspelt)} {
				for dist := 1; dist <= 2; dist++ {
					b, err := levBuilder(dist)
					if err != nil {
						t.Fatal(err)
					}
					a, err := b.BuildDfa(w, uint8(dist))
					if err != nil {
						t.Fatal(err)
					}
					got, err := ix.segments.expand(field, a, nil, nil)
					if err != nil {
						t.Fatal(err)
					}
					d, err := snap.FieldDictFuzzy(field, w, dist, "")
					if want := dictTerms(t, d, err); !slices.Equal(got, want) {
						t.Errorf("%s, %q within %d: %v, scorch %v", field, w, dist, got, want)
					}
					compared++
				}
			}
		}
	}
	if compared < 100 {
		t.Errorf("only %d expansions compared", compared)
	}
}

// TestMeterStopsWalks guards the rest of assumption 6, which limit.go's
// meter relies on: a walk through a metered automaton finds what the bare
// automaton finds, with its edit distances, and tries one transition per
// Accept; once the count passes the limit, the walk stops within a few
// transitions of it, a walk of a prefix's terms too.
func TestMeterStopsWalks(t *testing.T) {
	ix := openEmbedded(t)
	field := indexer.BodyField("da")
	all, err := ix.segments.expand(field, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	walked := 0
	for i := 0; i < len(all); i += max(1, len(all)/10) {
		word := all[i].term
		for dist := 1; dist <= 2; dist++ {
			b, err := levBuilder(dist)
			if err != nil {
				t.Fatal(err)
			}
			a, err := b.BuildDfa(word+"x", uint8(dist))
			if err != nil {
				t.Fatal(err)
			}
			want, err := ix.segments.expand(field, a, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			m := &meter{a: a, limit: math.MaxInt}
			got, err := ix.segments.expand(field, m, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) || m.stopped() {
				t.Errorf("%q within %d, metered: %v, bare %v", word+"x", dist, got, want)
			}
			if m.steps < len(word) {
				t.Errorf("%q within %d: %d transitions counted, fewer than its letters", word+"x", dist, m.steps)
			}
			stop := &meter{a: a, limit: m.steps / 2}
			if _, err := ix.segments.expand(field, stop, nil, nil); err != nil {
				t.Fatal(err)
			}
			if !stop.stopped() || stop.steps > stop.limit+256*len(word) {
				t.Errorf("%q within %d, limit %d of %d: stopped %v after %d", word+"x", dist, stop.limit, m.steps, stop.stopped(), stop.steps)
			}
			walked += m.steps
		}
	}
	prefix := []byte(all[len(all)/2].term[:1])
	m := &meter{a: &vellum.AlwaysMatch{}, limit: math.MaxInt}
	got, err := ix.segments.expand(field, m, prefix, prefixEnd(prefix))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ix.segments.expand(field, nil, prefix, prefixEnd(prefix))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) || len(want) < 2 {
		t.Errorf("prefix %q, metered: %d terms, bare %d", prefix, len(got), len(want))
	}
	stop := &meter{a: &vellum.AlwaysMatch{}, limit: m.steps / 2}
	if got, _ := ix.segments.expand(field, stop, prefix, prefixEnd(prefix)); !stop.stopped() || len(got) >= len(want) {
		t.Errorf("prefix %q, limit %d of %d: stopped %v, %d terms of %d", prefix, stop.limit, m.steps, stop.stopped(), len(got), len(want))
	}
	t.Logf("%d transitions walked", walked)
}
