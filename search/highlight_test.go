package search

import (
	"context"
	"maps"
	"reflect"
	"slices"
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/synth"
)

// TestMarksAtEqualsMarks: analysing only the words at the guessed places
// marks the same words as analysing the whole text, on the texts of the
// hits of many queries.
func TestMarksAtEqualsMarks(t *testing.T) {
	forEachIndex(t, func(t *testing.T, ix *Index) {
		compared := 0
		for _, q := range append(synth.Queries(40), "bænkpres", "håndvægtsbænkpres", "Kniebeugen", "hamstrings", "squa", "skulderpres") {
			top, pl := topOf(t, ix, Request{Query: q, Size: 20})
			for _, r := range top {
				h, d, err := ix.stored(r, "", true)
				if err != nil {
					t.Fatal(err)
				}
				mt := pl.matchers[h.Lang]
				if mt == nil {
					continue
				}
				texts, _ := indexer.BodyElements(d)
				g := mt.likeliest(texts)
				if g.text < 0 || g.hits == nil {
					continue
				}
				a := ix.texts[h.Lang]
				want := marks(a, mt, texts[g.text])
				got := marksAt(a, mt, texts[g.text], g.hits, map[string][]marked{})
				if !slices.Equal(got, want) {
					t.Errorf("%q in %s: marks %v, analysing all %v", q, h.ID, got, want)
				}
				compared++
			}
		}
		if compared < 100 {
			t.Errorf("only %d texts compared", compared)
		}
	})
}

// TestLearntTyposMarkAsComparing: a matcher that knows the terms the
// search's expansions found for its typos marks the words of the shown
// hits that comparing every word letter by letter with the typos marks, on
// every query of the log that looks a word up as a typo.
func TestLearntTyposMarkAsComparing(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	compared := 0
	for _, q := range loggedQueries() {
		req := Request{Query: q.Text, Size: 10}
		if err := req.normalize(); err != nil {
			t.Fatal(err)
		}
		qq, pl := ix.query(req)
		typos := false
		for _, mt := range pl.matchers {
			typos = typos || len(mt.typoOf) > 0
		}
		if !typos {
			continue
		}
		b := newBudget(ExpansionBudget, pl.typed)
		m, release, err := ix.evaluate(context.Background(), qq, b)
		if err != nil {
			t.Fatal(err)
		}
		top := collect(m, ix.newCounter(req), req.Size)
		release()
		learnt := map[string]*matcher{}
		for lang, mt := range pl.matchers {
			l := *mt
			l.terms = maps.Clone(mt.terms)
			l.learnTypos(lang, b.expanded)
			if len(l.typoOf) > 0 {
				t.Errorf("%q: typos %q in %s not learnt", q.Text, l.typoOf, lang)
			}
			learnt[lang] = &l
		}
		for _, r := range top {
			h, d, err := ix.stored(r, "", true)
			if err != nil {
				t.Fatal(err)
			}
			mt := pl.matchers[h.Lang]
			if mt == nil {
				continue
			}
			a := ix.texts[h.Lang]
			texts, _ := indexer.BodyElements(d)
			for _, text := range append(texts, h.Title) {
				if got, want := marks(a, learnt[h.Lang], text), marks(a, mt, text); !slices.Equal(got, want) {
					t.Errorf("%q in %s: learnt typos mark %v, comparing %v", q.Text, h.ID, got, want)
				}
				compared++
			}
		}
	}
	if least := len(loggedQueries()); compared < least {
		t.Errorf("only %d texts compared, want at least %d", compared, least)
	}
}

// TestShownCacheKeepsHits: hits read from the documents kept by earlier
// searches are the hits read from the stored fields, highlights, sections
// and labels included, in any interface language and without a query.
func TestShownCacheKeepsHits(t *testing.T) {
	warm, cold := openAt(t, sharedtest.Index(t)), openAt(t, sharedtest.Index(t))
	cold.shown = nil
	ctx := context.Background()
	reqs := []Request{{Query: ""}, {Query: "", UILang: "de"}}
	for _, q := range synth.QueryLog()[:60] {
		reqs = append(reqs, Request{Query: q.Text}, Request{Query: q.Text, UILang: "da"})
	}
	kept := 0
	for round := range 2 {
		for _, req := range reqs {
			req.Size = 10
			a, err := warm.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			b, err := cold.Search(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.Hits, b.Hits) {
				t.Errorf("round %d, %q in %q: hits differ from those read anew", round, req.Query, req.UILang)
			}
		}
		kept = warm.shown.lru.Len()
	}
	if kept == 0 {
		t.Error("no document was kept")
	}
}

// TestKeptTextHighlightsAlike: what a shown document keeps for
// highlighting (its title analysed, its body's elements and their
// skeletons) marks and places the words a fresh analysis does, for every
// hit of the log's queries, in every language's matcher; and a document
// shown again is highlighted from what it kept.
func TestKeptTextHighlightsAlike(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	compared := 0
	for _, q := range loggedQueries() {
		top, pl := topOf(t, ix, Request{Query: q.Text, Size: 10})
		for _, r := range top {
			_, sd, err := ix.storedShown(r, "", true)
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := ix.shown.get(r.doc); again != sd {
				t.Fatalf("%q: document %d is not kept with what highlighting made of it", q.Text, r.doc)
			}
			kept := sd.text
			a := ix.texts[sd.hit.Lang]
			texts, refs := indexer.BodyElements(sd.body)
			if !slices.Equal(kept.texts, texts) || !slices.Equal(kept.refs, refs) {
				t.Fatalf("%q: document %d keeps other body elements", q.Text, r.doc)
			}
			for _, mt := range pl.matchers {
				if got, want := marksOf(kept.title, mt), marks(a, mt, sd.hit.Title); !slices.Equal(got, want) {
					t.Errorf("%q: title %q marks %v kept, %v analysed afresh", q.Text, sd.hit.Title, got, want)
				}
				if got, want := mt.likeliestIn(texts, kept.skeletons), mt.likeliest(texts); !reflect.DeepEqual(got, want) {
					t.Errorf("%q: document %d: likeliest %v from kept skeletons, %v made afresh", q.Text, r.doc, got, want)
				}
				compared++
			}
		}
	}
	if compared < 1000 {
		t.Errorf("only %d hits compared", compared)
	}
}

// topOf plans, evaluates and collects req on ix as Search does, without
// a budget: the ranked page and the plan.
func topOf(t *testing.T, ix *Index, req Request) ([]ranked, plan) {
	t.Helper()
	if err := req.normalize(); err != nil {
		t.Fatal(err)
	}
	qq, pl := ix.query(req)
	m, release, err := ix.evaluate(context.Background(), qq, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	return collect(m, ix.newCounter(req), req.Size), pl
}
