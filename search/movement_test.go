package search

import (
	"slices"
	"testing"

	"github.com/exsearch/exsearch/corpus"
)

func TestMovementWords(t *testing.T) {
	equipment := [][]string{{"barbell"}, {"dumbbell"}, {"curl", "bar"}, {"pull", "up", "bar"}, {"kurzhantel"}}
	stops := map[string]bool{"with": true, "mit": true, "down": true, "on": true}
	stop := func(w string) bool { return stops[w] }
	// Names written closed up somewhere in the index.
	closed := map[string]bool{"pushup": true, "pulldown": true, "situp": true}
	for _, c := range []struct {
		name string
		want []string
	}{
		{"hammer curls", []string{"hamme", "curl"}},
		{"biceps curls with barbell", []string{"bicep", "curl"}}, // no "curlwith"
		{"curl bar curl", []string{"curl"}},                      // the equipment phrase only
		{"push ups", []string{"push", "pushu"}},
		{"pushups", []string{"pushu"}},
		{"lat pull down", []string{"lat", "pull", "pulld"}},
		{"pull up bar rows", []string{"row"}},
		{"bent over rowing", []string{"bent", "over", "row"}},
		{"sit ups", []string{"sit", "situp"}},
		{"ausfallschritte mit kurzhantel", []string{"ausfa"}},
		{"bench press", []string{"bench", "press"}},
	} {
		if got := movementWords(c.name, equipment, stop, closed); !slices.Equal(got, c.want) {
			t.Errorf("movementWords(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestBare(t *testing.T) {
	for in, want := range map[string]string{
		"curls": "curl", "rowing": "row", "lunges": "lunge", "ups": "up", "press": "press",
		"sit": "sit", "walking": "walk", "lying": "lying", "crunches": "crunche", "biceps": "bicep",
	} {
		if got := bare(in); got != want {
			t.Errorf("bare(%q) = %q, want %q", in, got, want)
		}
	}
}

// The equipment phrases come from the taxonomy's names in every language,
// whole: "Curlstange" is one, "curl" alone is none.
func TestEquipmentPhrases(t *testing.T) {
	p := equipmentPhrases(corpus.DefaultTaxonomy())
	has := func(words ...string) bool {
		return slices.ContainsFunc(p, func(q []string) bool { return slices.Equal(q, words) })
	}
	for _, want := range [][]string{{"curlstange"}, {"barbell"}, {"kurzhantel"}, {"curl", "bar"}} {
		if !has(want...) {
			t.Errorf("no equipment phrase %q", want)
		}
	}
	for _, not := range [][]string{{"curl"}, {"pull"}, {"up"}} {
		if has(not...) {
			t.Errorf("equipment phrase %q takes a movement out of names", not)
		}
	}
}
