package search_test

import (
	"regexp"
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestExerciseFamilies: exercise families the taxonomy lacked until visitors
// asked for them in Danish, Norwegian and German, where the data names them
// only in English (or German) titles. Named in the visitor's words, a family
// finds its exercises in every language and ranks them first; before, these
// queries found nothing, or words of other exercises (a Danish bench press
// for "gulvpres", leg curls for "Seitbeugen", triceps kickbacks and scorpion
// kicks for "Donkey Kicks"). The cardio machines are named in English
// titles ("Stairmaster", "Elliptical Trainer") and asked for in the
// visitor's words ("trappemaskine", "ellipsemaskin"); before, their
// queries found machine exercises of every kind, or nothing.
func TestExerciseFamilies(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct {
		q, lang, title string
		top            int
	}{
		{"tyrkisk get-up", "da", `(?i)turkish get-up`, 3},
		{"sidebøyninger", "no", `(?i)side bend`, 3},
		{"Seitbeugen", "de", `(?i)side bend|seitliches oberkörperbeugen`, 3},
		{"Donkey Kicks", "de", `(?i)glute kickback|kneeling kickback|kniende rückschläge`, 3},
		{"Reverse Flys", "de", `(?i)reverse fly|rear delt|butterfly reverse`, 3},
		{"mavehjulet", "da", `(?i)rollout|ab roller|ab wheel|maverulning`, 3},
		{"vedhogger", "no", `(?i)wood ?chop`, 3},
		{"Überzug", "de", `(?i)pull-?over`, 3},
		{"Trizeps Kickback", "de", `(?i)kick-?back`, 3},
		{"muscle-ups", "da", `(?i)muscle up`, 3},
		{"gulvpres", "da", `(?i)floor press`, 3},
		{"dead bugs", "no", `(?i)dead ?bug`, 2},
		// The sixteenth round: cardio machines, poses held as stretches
		// (a pose and "tøying" or "dehnen" name two families), drills.
		{"ellipsemaskin", "no", `(?i)elliptical|crosstrainer`, 3},
		{"tredemølle", "no", `(?i)treadmill|laufband`, 6},
		{"kondicykel", "da", `(?i)kondicykel|spinning|stationary|recumbent|bicycling`, 6},
		{"trappemaskine", "da", `(?i)stair ?master|step mill|climbmill`, 5},
		{"Rudermaschine", "de", `(?i)rudergerät|rowing machine|rowing, stationary`, 3},
		{"katt ku tøying", "no", `(?i)cat stretch|cow-cat`, 2},
		{"Kindhaltung dehnen", "de", `(?i)child's pose|kinderpose`, 2},
		{"tøying hoftebøyer", "no", `(?i)hip flexor`, 5},
		{"Schulterblaetter zusammenziehen", "de", `(?i)scapular retraction|schulter-rückzieher`, 3},
		{"ankel mobilitet", "da", `(?i)ankel|ankle|dorsiflexion`, 6},
		{"tauklatring", "no", `(?i)rope climb|pigeklatring`, 2},
		{"medicinbold slams", "da", `(?i)slam`, 3},
		{"sykkelcrunch", "no", `(?i)cykelmaveøvelse|bicycle crunch`, 2},
		// The seventeenth round: a closed compound and a variant that is
		// no pulldown.
		{"stiv arm nedtrekk", "no", `(?i)straight-?arm|gest\w*ckten armen`, 2},
		{"hacksquat", "da", `(?i)squat|kniebeuge`, 3},
		// Turning the arm out and turning it in: each finds its own.
		{"udadrotation", "da", `(?i)external rotation`, 10},
		{"Innenrotation", "de", `(?i)internal rotation`, 4},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: c.top, PreferLang: c.lang})
		if len(res.Hits) < c.top {
			t.Errorf("%s: %d hits, want at least %d", c.q, len(res.Hits), c.top)
		}
		re := regexp.MustCompile(c.title)
		for i, h := range res.Hits {
			if !re.MatchString(h.Title) {
				t.Errorf("%s: hit %d %q, want a title matching %s", c.q, i+1, h.Title, c.title)
			}
		}
	}
}
