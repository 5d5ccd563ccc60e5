package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
)

func TestRefines(t *testing.T) {
	for _, c := range []struct {
		prev, next string
		want       bool
	}{
		{"squ", "squat", true},          // typed on
		{"", "s", true},                 // the empty box, then a letter
		{"squatt", "squat", true},       // a letter taken back
		{"sqaut", "squat", true},        // a typo fixed (two edits)
		{"squat", "squat", true},        // submitted as typed
		{"squat", "bench press", false}, // typed over
		{"kettlebell", "kettlebll swng", false},
		{"bænk", "bænkpres", true},
	} {
		if got := analytics.Refines(c.prev, c.next); got != c.want {
			t.Errorf("Refines(%q, %q) = %v, want %v", c.prev, c.next, got, c.want)
		}
	}
}

// TestRefinedSearchesDropped: searches refined by a later one are not
// kept, within one batch and across batches (the refined one already
// written), unless they were clicked or the later query is not an edit of
// theirs.
func TestRefinedSearchesDropped(t *testing.T) {
	for kind, dsn := range stores(t) {
		t.Run(kind, func(t *testing.T) {
			st := open(t, dsn(t), 0)
			ctx := context.Background()
			now := time.Now().UTC()
			s := func(id, q, refines string, sec int) analytics.Search {
				return analytics.Search{ID: id, Time: now.Add(time.Duration(sec) * time.Second), Query: q, Refines: refines,
					Filters: map[string][]string{"muscle": {"legs"}}, UI: "en", Source: "page", Total: 3, Page: 1}
			}
			// Batch 1: "s" then "sq" (in one batch), "curl" typed alone.
			if err := st.Write(ctx, []analytics.Search{s("a", "s", "", 0), s("b", "sq", "a", 1), s("x", "curl", "", 1)}, nil); err != nil {
				t.Fatal(err)
			}
			// Batch 2: "squat" refines "sq" (written before); "row" is
			// typed over "curl" (not an edit: kept); "deadl" was clicked
			// in this batch before it was refined.
			err := st.Write(ctx, []analytics.Search{s("c", "squat", "b", 2), s("y", "row", "x", 3), s("k", "deadl", "", 3), s("l", "deadlift", "k", 4)},
				[]analytics.Click{{SearchID: "k", Time: now.Add(4 * time.Second), Rank: 1, DocID: "d"}})
			if err != nil {
				t.Fatal(err)
			}
			// Batch 3: "lunge" refines "lun" (written before), whose
			// click comes in the same batch.
			if err := st.Write(ctx, []analytics.Search{s("m", "lun", "", 5)}, nil); err != nil {
				t.Fatal(err)
			}
			if err := st.Write(ctx, []analytics.Search{s("n", "lunge", "m", 6)}, []analytics.Click{{SearchID: "m", Time: now.Add(6 * time.Second), Rank: 2, DocID: "e"}}); err != nil {
				t.Fatal(err)
			}
			// Batch 4: a refines= naming a search nobody wrote.
			if err := st.Write(ctx, []analytics.Search{s("z", "plank", "0123456789abcdef0123456789abcdef", 5)}, nil); err != nil {
				t.Fatal(err)
			}
			r, err := st.Report(ctx, analytics.Period{Days: 1, Until: now.Add(time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]int{}
			for _, q := range r.TopQueries {
				got[q.Query] = q.Searches
			}
			want := map[string]int{"squat": 1, "curl": 1, "row": 1, "deadl": 1, "deadlift": 1, "lun": 1, "lunge": 1, "plank": 1}
			if len(got) != len(want) || r.Searches != 8 {
				t.Errorf("stored %v (%d searches), want %v", got, r.Searches, want)
			}
			for q, n := range want {
				if got[q] != n {
					t.Errorf("%q: %d searches, want %d (all: %v)", q, got[q], n, got)
				}
			}
			// The dropped searches' facet rows went with them.
			for _, f := range r.Facets {
				if f.Value == "legs" && f.Searches != 8 {
					t.Errorf("facet legs counted in %d searches, want 8", f.Searches)
				}
			}
		})
	}
}
