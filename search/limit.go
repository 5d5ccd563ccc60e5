package search

import (
	"cmp"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/vellum"
)

// Bounds on one search's work. Nearly all of a costly search's work is typo
// tolerance and did-you-mean (see cost.go): for each word known in no
// language, a Levenshtein automaton built and walked through a dozen
// dictionaries, and two more (one edit, two edits) built and walked through
// the speller's. Issue 13's query of 32 misspelt compounds built 41 two-edit
// automata for its plan and about 64 for its corrections, and tried 2.1
// million dictionary transitions at 100,000 documents (450,000 at 10,000):
// 0.27 to 0.47 s on two shared cores, of which walking dictionaries took
// two thirds, building the plan's automata a sixth and correcting a fifth
// (at 10,000 documents, building automata took over half), each with its
// share of GC; the postings it read were those of one or two terms. So a
// search's expansions share a budget of steps, its corrections another, and
// what a budget cannot pay for is looked up more narrowly, never failed.
//
// A step is about a tenth of a microsecond of work, as measured over issue
// 13's query's automata and walks on the benchmark corpus at 10,000 and
// 100,000 documents, two shared cores:
//
//   - a transition a dictionary walk tries (an automaton's Accept: 50 to
//     115 ns), counted as the walk goes (meter);
//   - a posting of a term an expansion adds (80 ns decoded and weighed),
//     counted from the dictionary before it is read, and termSteps per
//     segment for finding the term's list (1 to 3 µs a segment);
//   - building an automaton, estimated from the word: automatonSteps a letter
//     (8 to 15 µs a letter for one edit, 40 to 90 µs for two).
//
// Counting transitions and postings rather than time makes what a budget
// cuts depend on the index and the request alone: an answer is the same on
// a busy server as on an idle one, and the response cache may keep it.
//
// Spending. The plan's expansions (fuzzy and prefix queries, each word once
// for all the fields it is looked for in) are made before the plan is
// evaluated, cheapest first: prefixes, then words by their automaton's
// estimated steps plus a walk per field. A word looked for within two edits
// gets at most an even share of what is left (what is left over the words
// not yet expanded), so no word takes what the others need. When it cannot
// have it (its automaton alone would cost more, or its walks overrun the
// share and are stopped), it is looked for within one edit, and so is every
// word after it: the words come in order of cost, and what one could not
// afford the next will not. Within one edit, and for prefixes, the words
// take what they need from what is left, cheapest first, until it is gone; a
// word whose walks overrun what is left is looked up as written (a prefix:
// not as a prefix). Last, the candidates a word's walks found are kept
// nearest first and, at one distance, in most documents first (the likeliest
// meant, as the speller judges), while their postings fit.
//
// That order keeps the ranking closest to the full search's: a term two
// edits away weighs a third of the word's weight (evaluate.go) and is seldom
// what was meant, one edit away half, and most typos are one edit; the
// nearest candidates are the ones the ranking leans on, and a word looked up
// as written still counts among the all-but-one alternatives of its
// language (plan.go). Words cut short are named in Result.Limited, and Live
// logs the search (a line in a while: see limitLog).
//
// Corrections (spelling.go) spend their own budget the same way, from the
// last word back: the one-edit look-up takes what it needs while the budget
// lasts, the two-edit one an even share; a word it cannot pay for is left as
// typed.

// Budgets, in steps (see above). ExpansionBudget is about 40 ms of work.
// None of the benchmark query log, the quality judgements' queries or 500
// random requests made as the comparison fuzzer makes them is cut, at 10,000
// or at 100,000 documents, where the most any of them spent was 208,462
// steps ("Two-Arm eKttlebell Militray Press Band"); the comparison tests'
// requests are not cut either (TestBudgetSparesOrdinaryQueries). At 100,000
// documents four misspelt twenty-letter compounds are (three of their eight
// terms within one edit); issue 13's query is at any size, since its
// two-edit automata alone would cost 410,000 steps. That query's whole
// search (BenchmarkHostile) took 75 ms at 100,000 documents, 402 ms before,
// and 47 ms at 10,000, 181 ms before: medians of 15 runs on two cores that
// other work shared (44 to 47 ms at 100,000 in the quietest). Nearly all
// of it is what the budgets pay for, which does not grow with the index:
// with both at nothing the search took 2.5 ms at 100,000 documents, with
// both whole 38 ms at either size. CorrectionBudget pays for one- and
// two-edit corrections of eight misspelt twenty-letter words, or one-edit
// ones of 32.
const (
	ExpansionBudget  = 400_000
	CorrectionBudget = 100_000
)

// Step costs; see the top of the file.
const (
	automatonSteps1 = 120 // a letter, building a one-edit automaton
	automatonSteps2 = 500 // a letter, building a two-edit automaton
	termSteps       = 10  // a segment, finding a term's postings
)

// automatonSteps estimates building the automaton of words within dist
// edits of term.
func automatonSteps(term string, dist int) int {
	n := utf8.RuneCountInString(term)
	if dist >= 2 {
		return n * automatonSteps2
	}
	return n * automatonSteps1
}

// walkSteps guess a dictionary walk of a field, one edit and two, for
// ordering words only (10,000 documents: 470 and 1,700 on average).
var walkSteps = [3]int{0, 500, 2000}

// budget is what is left of one request's steps for one kind of work, and
// the words it cut short. Given to evaluate or correct, nil is no bound.
type budget struct {
	left  int
	edits int // the most edits a word may still be looked for within
	// typed names an analysed term or prefix as typed; cut are the words
	// looked up more narrowly than planned, as typed.
	typed map[string]string
	cut   []string
	// expanded are the terms the expansions paid for found, by field and
	// word: what the plan's fuzzy and prefix queries matched, which
	// highlighting marks (highlight.go).
	expanded map[expansionKey][]dictEntry
}

func newBudget(steps int, typed map[string]string) *budget {
	return &budget{left: steps, edits: 2, typed: typed}
}

// spend takes n steps; what is left never goes below nothing.
func (b *budget) spend(n int) { b.left = max(0, b.left-n) }

// limit records that word (a term or prefix of the plan, or a word as
// typed) was looked up more narrowly than planned.
func (b *budget) limit(word string) {
	if w, ok := b.typed[word]; ok {
		word = w
	}
	if !slices.Contains(b.cut, word) {
		b.cut = append(b.cut, word)
	}
}

// narrowed records that word could not be looked up within edits, nor,
// when that is two, can the words after it.
func (b *budget) narrowed(word string, edits int) {
	b.limit(word)
	if edits >= 2 {
		b.edits = 1
	}
}

// allowance is what a look-up within edits may spend when remaining look-ups
// (itself included) are still to come: an even share within two edits, what
// is left within one.
func (b *budget) allowance(edits, remaining int) int {
	if edits >= 2 {
		return b.left / max(1, remaining)
	}
	return b.left
}

// limitedWords lists the words the budgets cut short, in the order of text.
func limitedWords(text string, bs ...*budget) []string {
	var out []string
	for _, b := range bs {
		if b == nil {
			continue
		}
		for _, w := range b.cut {
			if !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y string) int { return strings.Index(text, x) - strings.Index(text, y) })
	return out
}

// meter is an automaton that counts the transitions a dictionary walk
// tries, and stops the walk once they pass limit: from then on it can match
// nothing, so the walk backs out (assumption 6 in scorch.go).
type meter struct {
	a            vellum.Automaton
	steps, limit int
}

func (m *meter) Start() int                 { return m.a.Start() }
func (m *meter) IsMatch(s int) bool         { return m.a.IsMatch(s) }
func (m *meter) CanMatch(s int) bool        { return m.steps <= m.limit && m.a.CanMatch(s) }
func (m *meter) WillAlwaysMatch(s int) bool { return m.a.WillAlwaysMatch(s) }
func (m *meter) Accept(s int, b byte) int   { m.steps++; return m.a.Accept(s, b) }

// A meter passes on its automaton's edit distances (none for a prefix's):
// the dictionary iterator asks a vellum.FuzzyAutomaton for them.
var _ vellum.FuzzyAutomaton = (*meter)(nil)

func (m *meter) EditDistance(s int) uint8 {
	if f, ok := m.a.(vellum.FuzzyAutomaton); ok {
		return f.EditDistance(s)
	}
	return 0
}

func (m *meter) MatchAndDistance(input string) (bool, uint8) {
	if f, ok := m.a.(vellum.FuzzyAutomaton); ok {
		return f.MatchAndDistance(input)
	}
	return true, 0
}

// stopped reports whether the walk was stopped before its end.
func (m *meter) stopped() bool { return m.steps > m.limit }

// expansion is a word a plan expands into dictionary terms: a fuzzy query's
// term within dist edits, or a prefix, in every field the plan looks for it
// in.
type expansion struct {
	term   string
	dist   int // 0 for a prefix
	prefix bool
	fields []string
}

// expansionKey names one field's expansion of a word.
type expansionKey struct {
	field, term string
	dist        int
	prefix      bool
}

func (x expansion) key(field string) expansionKey {
	return expansionKey{field: field, term: x.term, dist: x.dist, prefix: x.prefix}
}

// estimate orders expansions, cheapest first.
func (x expansion) estimate() int {
	if x.prefix {
		return 0
	}
	return automatonSteps(x.term, x.dist) + len(x.fields)*walkSteps[min(x.dist, 2)]
}

// expansions lists the words q expands, in the plan's order.
func expansions(q query.Query) []expansion {
	var out []expansion
	at := map[expansionKey]int{} // a word's place in out, by its key without field
	add := func(x expansion, field string) {
		k := x.key("")
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, x)
		}
		if !slices.Contains(out[i].fields, field) {
			out[i].fields = append(out[i].fields, field)
		}
	}
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.FuzzyQuery:
			add(expansion{term: q.Term, dist: q.Fuzziness}, q.FieldVal)
		case *query.PrefixQuery:
			add(expansion{term: q.Prefix, prefix: true}, q.FieldVal)
		case *query.DisjunctionQuery:
			for _, c := range q.Disjuncts {
				walk(c)
			}
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		case *query.BooleanQuery:
			for _, c := range []query.Query{q.Must, q.Should, q.MustNot} {
				if c != nil {
					walk(c)
				}
			}
		case *scaled:
			walk(q.q)
		}
	}
	walk(q)
	return out
}

// expandWithin makes the plan's expansions within b, as the top of the
// file says, for fuzzy and prefix to find.
func (e *evaluation) expandWithin(b *budget, q query.Query) error {
	xs := expansions(q)
	slices.SortStableFunc(xs, func(x, y expansion) int { return cmp.Compare(x.estimate(), y.estimate()) })
	e.expanded = make(map[expansionKey][]dictEntry, len(xs))
	b.expanded = e.expanded
	for i, x := range xs {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		full, err := e.expandOne(b, x, len(xs)-i)
		if err != nil {
			return fmt.Errorf("expand %s: %w", x.term, err)
		}
		if !full {
			b.limit(x.term)
		}
	}
	return nil
}

// expandOne makes one word's expansions in all its fields within b, with
// remaining words (itself included) still to expand, and reports whether
// they are the planned ones. A word b cannot pay for is looked for within
// fewer edits, or not at all.
func (e *evaluation) expandOne(b *budget, x expansion, remaining int) (full bool, err error) {
	edits := 1 // a prefix's walk is paid for as a one-edit one
	if !x.prefix {
		edits = min(x.dist, b.edits)
	}
	for ; edits >= 1; edits-- {
		allowance := b.allowance(edits, remaining)
		cost := 0
		if !x.prefix {
			cost = automatonSteps(x.term, edits)
		}
		var entries [][]dictEntry
		if cost <= allowance {
			var steps int
			entries, steps, err = e.walkFields(x, edits, allowance-cost)
			b.spend(cost + steps)
			if err != nil {
				return false, err
			}
			allowance -= cost + steps
		}
		if entries == nil { // not paid for, or stopped
			if edits >= 2 {
				b.edits = 1 // the words after this one cost more
			}
			continue
		}
		kept := e.keepCandidates(b, entries, allowance)
		for i, f := range x.fields {
			e.expanded[x.key(f)] = entries[i]
		}
		return kept && (x.prefix || edits == x.dist), nil
	}
	for _, f := range x.fields {
		e.expanded[x.key(f)] = nil // looked up as written
	}
	return false, nil
}

// walkFields walks x's fields within edits, taking at most about limit
// steps, and returns the terms each field has, or nil when the walks were
// stopped (what they found is then of no use), and the steps taken.
func (e *evaluation) walkFields(x expansion, edits, limit int) ([][]dictEntry, int, error) {
	key := newWalkKey(x, edits)
	if w, ok := e.segs.walks.get(key); ok && w.steps <= limit {
		// The walk would take these steps again and find these terms
		// (see expand.go); keepCandidates replaces what it cuts, so
		// the kept lists are shared, not copied.
		return slices.Clone(w.entries), w.steps, nil
	}
	m := &meter{a: &vellum.AlwaysMatch{}, limit: limit}
	var beg, end []byte
	if x.prefix {
		beg, end = []byte(x.term), prefixEnd([]byte(x.term))
	} else {
		a, err := e.levenshtein(x.term, edits)
		if err != nil {
			return nil, 0, err
		}
		m.a = a
	}
	out := make([][]dictEntry, len(x.fields))
	for i, f := range x.fields {
		entries, err := e.segs.expand(f, m, beg, end)
		if err != nil {
			return nil, m.steps, err
		}
		if m.stopped() {
			return nil, m.steps, nil
		}
		out[i] = entries
	}
	e.segs.walks.add(key, walked{entries: slices.Clone(out), steps: m.steps})
	return out, m.steps, nil
}

// keepCandidates keeps, of the terms the walks found, as many as limit
// steps of b pay the postings of: nearest first, then those in most
// documents. It reports whether all were kept.
func (e *evaluation) keepCandidates(b *budget, entries [][]dictEntry, limit int) bool {
	perTerm := termSteps * len(e.segs.parts)
	steps := func(d dictEntry) int { return perTerm + int(d.count) }
	total := 0
	for _, es := range entries {
		for _, d := range es {
			total += steps(d)
		}
	}
	if total <= limit {
		b.spend(total)
		return true
	}
	type candidate struct{ field, i int }
	var all []candidate
	for f, es := range entries {
		for i := range es {
			all = append(all, candidate{f, i})
		}
	}
	slices.SortStableFunc(all, func(x, y candidate) int {
		dx, dy := entries[x.field][x.i], entries[y.field][y.i]
		return cmp.Or(cmp.Compare(dx.distance, dy.distance), cmp.Compare(dy.count, dx.count))
	})
	keep := make([][]bool, len(entries))
	for f := range entries {
		keep[f] = make([]bool, len(entries[f]))
	}
	spent := 0
	for _, c := range all {
		if s := steps(entries[c.field][c.i]); spent+s <= limit {
			spent += s
			keep[c.field][c.i] = true
		}
	}
	for f, es := range entries {
		kept := es[:0:0]
		for i, d := range es {
			if keep[f][i] {
				kept = append(kept, d)
			}
		}
		entries[f] = kept
	}
	b.spend(spent)
	return false
}

// limitLog logs the searches a budget cut short, at most one line every
// limitLogEvery: a flood of costly searches must not flood the log too. A
// line counts the ones left out since the last.
type limitLog struct {
	mu     sync.Mutex
	next   time.Time
	unsaid int
}

const limitLogEvery = 10 * time.Second

func (g *limitLog) log(l *slog.Logger, res *Result) {
	g.mu.Lock()
	now := time.Now()
	if now.Before(g.next) {
		g.unsaid++
		g.mu.Unlock()
		return
	}
	unsaid := g.unsaid
	g.unsaid, g.next = 0, now.Add(limitLogEvery)
	g.mu.Unlock()
	q := res.Query
	if len(q) > 120 {
		q = strings.ToValidUTF8(q[:120], "") + "…"
	}
	l.Info("search cut short by its work budget: typos looked up more narrowly", "query", q,
		"limited", len(res.Limited), "unlogged_since", unsaid)
}
