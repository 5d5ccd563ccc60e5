package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/search"
)

func hasValue(vs []search.Value, v string) bool {
	return slices.ContainsFunc(vs, func(x search.Value) bool { return x.Value == v })
}

// TestUnderstoodFilter: words that rule out equipment, in each language,
// filter on bodyweight; the rest is searched as text; understand=off
// (Literal) searches the words as typed.
func TestUnderstoodFilter(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ lang, q, from string }{
		{"da", "uden udstyr armbøjninger", "uden udstyr"},
		{"no", "armhevinger uten utstyr", "uten utstyr"},
		{"de", "ohne Geräte Liegestütze", "ohne Geräte"},
		{"en", "no equipment push-up", "no equipment"},
	} {
		req := search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 50}
		res := run(t, l, req)
		want := []search.Understood{{Facet: "equipment", Value: "bodyweight", Values: []string{"bodyweight"},
			Label: l.Label("equipment", "bodyweight", c.lang), From: c.from, Mode: "filter"}}
		if !slices.EqualFunc(res.Understood, want, func(a, b search.Understood) bool {
			return a.Facet == b.Facet && a.Value == b.Value && slices.Equal(a.Values, b.Values) && a.Label == b.Label && a.From == b.From && a.Mode == b.Mode
		}) {
			t.Errorf("%s: understood %+v, want %+v", c.q, res.Understood, want)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hits", c.q)
		}
		// The words read as a filter are no part of a title: what is left
		// may be one.
		if c.lang == "en" && res.Hits[0].Title != "Push-Up" {
			t.Errorf("%s: first is %q, want the exercise titled Push-Up", c.q, res.Hits[0].Title)
		}
		for _, h := range res.Hits {
			if !hasValue(h.Equipment, "bodyweight") {
				t.Errorf("%s: %s (%s) needs %v, not only bodyweight", c.q, h.ID, h.Title, h.Equipment)
			}
		}
		req.Literal = true
		lit := run(t, l, req)
		if len(lit.Understood) != 0 {
			t.Errorf("%s, literal: understood %+v", c.q, lit.Understood)
		}
		if lit.Total == res.Total && slices.Equal(ids(lit), ids(res)) {
			t.Errorf("%s: the literal search finds the same", c.q)
		}
	}
}

func ids(res *search.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

// TestUnderstoodFilterOnly: a query of nothing but filter words is the
// filter: everything bodyweight.
func TestUnderstoodFilterOnly(t *testing.T) {
	l := openShared(t)
	all := run(t, l, search.Request{Filters: map[string][]string{"equipment": {"bodyweight"}}})
	for _, q := range []string{"uden udstyr", "uten utstyr", "ohne Geräte", "no equipment", "without equipment"} {
		res := run(t, l, search.Request{Query: q, Size: 10})
		if res.Total != all.Total || len(res.Understood) != 1 {
			t.Errorf("%q: %d hits, understood %+v; want the %d bodyweight documents", q, res.Total, res.Understood, all.Total)
		}
		// The filter is not the visitor's: the facet does not show it
		// selected.
		for _, v := range res.Facets["equipment"] {
			if v.Selected {
				t.Errorf("%q: equipment %s shows as selected", q, v.Value)
			}
		}
	}
}

// TestExplicitFilterWins: a filter the visitor set on a facet wins over what
// was read for it, and the words read are not searched either.
func TestExplicitFilterWins(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "uden udstyr armbøjninger", Size: 20,
		Filters: map[string][]string{"equipment": {"dumbbell"}}})
	if len(res.Understood) != 0 {
		t.Errorf("understood %+v beside an explicit equipment filter", res.Understood)
	}
	if res.Total == 0 {
		t.Fatal("no hits: the words read were searched as text")
	}
	for _, h := range res.Hits {
		if !hasValue(h.Equipment, "dumbbell") {
			t.Errorf("%s (%s) has %v, not dumbbell", h.ID, h.Title, h.Equipment)
		}
	}
	// A filter on another facet leaves the reading alone.
	res = run(t, l, search.Request{Query: "uden udstyr armbøjninger", Size: 20, Filters: map[string][]string{"lang": {"da"}}})
	if len(res.Understood) != 1 || res.Total == 0 {
		t.Errorf("with a language filter: %d hits, understood %+v", res.Total, res.Understood)
	}
}

// TestUnderstoodMuscle: a muscle word beside generic words, in each
// language, finds that muscle's exercises.
func TestUnderstoodMuscle(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		lang, q, muscle string
		min             int // of the top 10 with the muscle
	}{
		{"da", "numse øvelser", "glutes", 7},
		{"no", "rumpe øvelser", "glutes", 8},
		{"de", "Bauch Übungen", "abdominals", 8},
		{"en", "butt exercises", "glutes", 6},
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 10})
		if len(res.Understood) != 1 || res.Understood[0].Value != c.muscle || res.Understood[0].Mode != "boost" {
			t.Errorf("%s: understood %+v, want a boost of %s", c.q, res.Understood, c.muscle)
		}
		n := 0
		for _, h := range res.Hits {
			if hasValue(h.Muscle, c.muscle) {
				n++
			}
		}
		lit := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 10, Literal: true})
		if n < c.min || res.Total <= lit.Total {
			t.Errorf("%s: %d of the top 10 of %d hits train %s, want %d or more (literally: %d hits)", c.q, n, res.Total, c.muscle, c.min, lit.Total)
		}
	}
}

// TestPreferredExactFirst: an exact or title match in the visitor's
// language ranks above an exact match in another (issue 11, item 7).
func TestPreferredExactFirst(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		lang, q string
		titles  []string // the first hit's title has one of them, in lower case
	}{
		// Not German Kreuzheben, alternatively titled Deadlift, but an
		// English deadlift ("Single Leg RDL" is also titled "Single Leg
		// Romanian Deadlift").
		{"en", "deadlift", []string{"deadlift", "rdl"}},
		{"de", "plank", []string{"plank"}},
		{"da", "burpees", []string{"burpees"}},
		{"da", "plank", []string{"planke"}}, // not German or English Plank
		{"no", "jogge baklengs", []string{"baklengs"}},
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 10})
		if len(res.Hits) == 0 {
			t.Errorf("%s (%s): no hits", c.q, c.lang)
			continue
		}
		first := res.Hits[0]
		title := strings.ToLower(first.Title)
		if first.Lang != c.lang || !slices.ContainsFunc(c.titles, func(w string) bool { return strings.Contains(title, w) }) {
			t.Errorf("%s (%s): first is %s %q, want a %s title with one of %q", c.q, c.lang, first.Lang, first.Title, c.lang, c.titles)
		}
	}
}

// TestUnderstandCached: the cache tells a literal search from an
// understood one.
func TestUnderstandCached(t *testing.T) {
	l, err := search.OpenLive(sharedIndex(t), search.LiveOptions{CacheSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	req := search.Request{Query: "uden udstyr armbøjninger", Size: 5}
	a, err := l.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	req.Literal = true
	b, err := l.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Understood) != 1 || len(b.Understood) != 0 {
		t.Errorf("understood %d and, literally, %d readings; want 1 and 0", len(a.Understood), len(b.Understood))
	}
}

// TestUnderstoodWith: a with-word and an equipment name boost that
// equipment, per language, without losing an exercise titled so whose source
// lists another equipment, and a part of the query equal to a title
// ("Kniebeuge") does not outrank the title that is the whole query.
func TestUnderstoodWith(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		lang, q, equipment string
		first              string // the first hit's title, or "" for any with the equipment
	}{
		{"da", "bænkpres med håndvægte", "dumbbell", ""},
		{"no", "knebøy med strikk", "band", ""},
		{"de", "Kniebeuge mit Kurzhanteln", "dumbbell", "Kniebeuge mit Kurzhanteln"}, // a barbell exercise in wger
		{"en", "rows with dumbbells", "dumbbell", ""},
		{"en", "squat with bands", "band", "Squat with Bands"}, // a barbell exercise in free-exercise-db
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 10})
		if len(res.Understood) != 1 || res.Understood[0].Value != c.equipment || res.Understood[0].Mode != "boost" {
			t.Errorf("%s: understood %+v, want a boost of %s", c.q, res.Understood, c.equipment)
			continue
		}
		if len(res.Hits) == 0 {
			t.Errorf("%s: no hits", c.q)
			continue
		}
		first := res.Hits[0]
		if c.first != "" && first.Title != c.first || c.first == "" && !hasValue(first.Equipment, c.equipment) {
			t.Errorf("%s: first is %q with %v", c.q, first.Title, first.Equipment)
		}
	}
}

// TestMuscleWithEquipment: a muscle beside an equipment ("Rücken mit
// Kurzhantel") asks for the exercises that train it with that equipment:
// the first hits carry the muscle, not only its word in their text (a
// shoulder press that says "keep the back straight").
func TestMuscleWithEquipment(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		lang, q string
		muscles []string // the muscle and its parts
	}{
		{"de", "Rücken mit Kurzhantel", []string{"back", "lats", "upper-back", "traps"}},
		{"da", "skulder træning med elastik", []string{"shoulders"}},
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 5})
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hits", c.q)
		}
		for _, h := range res.Hits {
			trains := false
			for _, m := range h.Muscle {
				trains = trains || slices.Contains(c.muscles, m.Value)
			}
			if !trains {
				t.Errorf("%s: %s (%s) trains %v, not %v", c.q, h.ID, h.Title, h.Muscle, c.muscles)
			}
		}
	}
}

// TestMuscleWithEquipmentNone: a muscle beside an equipment that no
// exercise for it uses ("biceps med strikk": the corpora declare no band
// exercise for the biceps) finds the exercises for the muscle, not
// nothing; with an equipment and a place, none required alone, either
// does.
func TestMuscleWithEquipmentNone(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ lang, q string }{
		{"no", "biceps med strikk"},
		{"de", "Bizeps mit Band"},
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 10})
		if len(res.Understood) != 2 {
			t.Fatalf("%s: read %+v, want a muscle and an equipment", c.q, res.Understood)
		}
		if res.Total < 20 {
			t.Fatalf("%s: %d hits, want the biceps exercises", c.q, res.Total)
		}
		for _, h := range res.Hits {
			if !hasValue(h.Muscle, "biceps") {
				t.Errorf("%s: %s (%s) trains %v, not the biceps", c.q, h.ID, h.Title, h.Muscle)
			}
		}
	}
}

// TestUnderstoodSplitOnly: an equipment read only once the query's
// compound is split ("med egenkropsvægt": the body) finds the exercises
// with it, though the words as typed find nothing.
func TestUnderstoodSplitOnly(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "træning med egenkropsvægt", UILang: "da", PreferLang: "da", Size: 10})
	if res.Total < 100 {
		t.Fatalf("træning med egenkropsvægt: %d hits, want the bodyweight exercises", res.Total)
	}
	for _, h := range res.Hits {
		if h.Kind == "exercise" && !hasValue(h.Equipment, "bodyweight") {
			t.Errorf("træning med egenkropsvægt: %s (%s) uses %v", h.ID, h.Title, h.Equipment)
		}
	}
}

// TestUnderstoodFilterSoftened: words read as a filter that leaves no hit
// lift instead ("forbedre kondital uden udstyr": the articles on fitness
// declare no equipment), and the answer says so; their words are not
// searched ("ohne Geräte" beside "Faszienrolle" finds no "Rudergerät").
func TestUnderstoodFilterSoftened(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "forbedre kondital uden udstyr", UILang: "da", PreferLang: "da", Size: 10})
	if res.Total == 0 || len(res.Understood) != 1 || res.Understood[0].Mode != "boost" {
		t.Errorf("forbedre kondital uden udstyr: %d hits, read %+v; want hits and the bodyweight reading as a boost", res.Total, res.Understood)
	}
	res = run(t, l, search.Request{Query: "Faszienrolle ohne Geräte", UILang: "de", PreferLang: "de", Size: 10})
	if res.Total == 0 {
		t.Fatal("Faszienrolle ohne Geräte: no hits")
	}
	for _, h := range res.Hits {
		if !hasValue(h.Equipment, "foam-roller") && !hasValue(h.Equipment, "bodyweight") {
			t.Errorf("Faszienrolle ohne Geräte: %s (%s) uses %v", h.ID, h.Title, h.Equipment)
		}
	}
	// Beside a filter the visitor set (the page's language), likewise.
	res = run(t, l, search.Request{Query: "forbedre kondital uden udstyr", Filters: map[string][]string{"lang": {"da"}}, UILang: "da", Size: 10})
	if res.Total == 0 || res.Understood[0].Mode != "boost" {
		t.Errorf("forbedre kondital uden udstyr, in Danish: %d hits, read %+v; want hits, the reading a boost", res.Total, res.Understood)
	}
	// When the visitor's filters are what leave nothing, the answer is
	// the filter read, with nothing.
	res = run(t, l, search.Request{Query: "forbedre kondital uden udstyr", Filters: map[string][]string{"kind": {"exercise"}, "lang": {"de"}}, UILang: "da", Size: 10})
	if res.Total != 0 || len(res.Understood) != 1 || res.Understood[0].Mode != "filter" {
		t.Errorf("forbedre kondital uden udstyr among German exercises: %d hits, read %+v; want none, the filter read", res.Total, res.Understood)
	}
	// A filter that leaves hits stays a filter.
	res = run(t, l, search.Request{Query: "armbøjninger uden udstyr", UILang: "da", PreferLang: "da", Size: 10})
	if len(res.Understood) != 1 || res.Understood[0].Mode != "filter" {
		t.Errorf("armbøjninger uden udstyr: read %+v, want the bodyweight filter", res.Understood)
	}
}

// TestUnderstoodCompound: a muscle glued to a generic word ("Bauchübungen")
// is read as the muscle, as it would be written apart, and what was read is
// named by its letters in the query as typed.
func TestUnderstoodCompound(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		lang, q string
		from    []string
		muscle  string
	}{
		{"de", "Beinübungen ohne Geräte", []string{"Bein", "ohne Geräte"}, "legs"},
		{"de", "Bauchübungen ohne Geräte", []string{"Bauch", "ohne Geräte"}, "abdominals"},
		{"da", "skulderøvelser med elastik", []string{"skulderøvelser", "med elastik"}, "shoulders"},
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 5})
		var from []string
		for _, u := range res.Understood {
			from = append(from, u.From)
		}
		if !slices.Equal(from, c.from) {
			t.Errorf("%s: read %q, want %q", c.q, from, c.from)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hits", c.q)
		}
		if res.Understood[0].Value != c.muscle {
			t.Errorf("%s: read %s, want %s", c.q, res.Understood[0].Value, c.muscle)
		}
	}
}

// TestGenericWordsHalf: the generic words beside a reading ("øvelser")
// order its matches but do not carry them: the exercises with a kettlebell
// come before the article on bodyweight training, whose title has
// "øvelser" and whose body mentions a kettlebell; and an article whose
// title names the muscle and has the word too still comes first.
func TestGenericWordsHalf(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "øvelser med kettlebell", UILang: "da", PreferLang: "da", Size: 10})
	if len(res.Hits) == 0 || res.Hits[0].Kind != "exercise" || !hasValue(res.Hits[0].Equipment, "kettlebell") {
		t.Errorf("øvelser med kettlebell: first hit %+v, want a kettlebell exercise", res.Hits[:min(1, len(res.Hits))])
	}
	res = run(t, l, search.Request{Query: "øvelser til numsen", UILang: "da", PreferLang: "da", Size: 10})
	if len(res.Hits) == 0 || res.Hits[0].ID != "seeds/004_c9a4d7fabb4b82ba" {
		t.Errorf("øvelser til numsen: first hit %+v, want the article on training the glutes", res.Hits[:min(1, len(res.Hits))])
	}
}

// TestMusclesSideBySide: muscles named side by side ask for the exercises
// of each, those that train both first; required alike, they found only
// the five exercises that declare both.
func TestMusclesSideBySide(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang string }{
		{"bis and tris", "en"},
		{"biceps og triceps", "da"},
		{"Bizeps und Trizeps", "de"},
	} {
		res := run(t, l, search.Request{Query: c.q, UILang: c.lang, PreferLang: c.lang, Size: 10})
		both, bi := 0, 0
		for _, h := range res.Hits {
			switch {
			case hasValue(h.Muscle, "biceps") && hasValue(h.Muscle, "triceps"):
				both++
			case hasValue(h.Muscle, "biceps"):
				bi++
			}
		}
		if res.Total < 100 || both == 0 || bi == 0 || !(hasValue(res.Hits[0].Muscle, "biceps") && hasValue(res.Hits[0].Muscle, "triceps")) {
			t.Errorf("%s: %d hits, of the top 10 %d train both and %d the biceps alone; want 100 or more, the first training both, and some of each", c.q, res.Total, both, bi)
		}
	}
}

// TestUnderstoodAcrossStopWords: a muscle and an equipment are read with a
// stop word of any language between them ("an der", "with a", "med en"):
// "der" is a German article but a word of English, and a reading needed
// every other word to be a stop word in all four languages.
func TestUnderstoodAcrossStopWords(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang, muscle, equipment string }{
		{"brust übungen an der kurzhantel", "de", "chest", "dumbbell"},
		{"exercises for the back with a band", "en", "back", "band"},
		{"øvelser til maven med en elastik", "da", "abdominals", "band"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 3, PreferLang: c.lang})
		got := map[string]string{}
		for _, u := range res.Understood {
			got[u.Facet] = u.Value
		}
		if got["muscle"] != c.muscle || got["equipment"] != c.equipment {
			t.Errorf("%s: understood %v, want muscle %s and equipment %s", c.q, got, c.muscle, c.equipment)
		}
	}
}
