package corpus_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

func TestMain(m *testing.M) { sharedtest.Main(m) }

// TestLoadShared reads every file of ../shared/corpus and ../shared/seeds:
// none may fail, and what comes out must match what the sources hold.
func TestLoadShared(t *testing.T) {
	docs, rep, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Errorf("problem: %v", p)
	}
	for _, p := range rep.Warnings {
		t.Errorf("warning: %v", p)
	}
	for facet, values := range rep.Unmapped {
		t.Errorf("unmapped %s values: %v", facet, values)
	}
	byID := map[string]corpus.Document{}
	bySource := map[string]int{}
	for _, d := range docs {
		byID[d.ID] = d
		parts := strings.SplitN(d.ID, "/", 4)
		key := parts[0] + "/" + parts[1]
		if parts[1] == "motionsplan" {
			key += "/" + parts[2]
		}
		bySource[key+"/"+d.Lang+"/"+string(d.Kind)]++
		if d.Title == "" {
			t.Errorf("%s: no title", d.ID)
		}
		if !corpus.IsLanguage(d.Lang) {
			t.Errorf("%s: language %q", d.ID, d.Lang)
		}
	}
	wantCounts := map[string]int{
		"corpus/motionsplan/_exercises/da/exercise": 122,
		"corpus/motionsplan/_posts/da/article":      16,
		"corpus/wger/de/exercise":                   214,
		"corpus/wger/en/exercise":                   872,
		"corpus/free-exercise-db/en/exercise":       873,
		"seeds/000_81e3d64a3fd8258c/da/exercise":    1,
	}
	for k, want := range wantCounts {
		if got := bySource[k]; got != want {
			t.Errorf("%s: %d documents, want %d", k, got, want)
		}
	}

	seeds := []struct {
		id, lang string
		kind     corpus.Kind
		detected bool
	}{
		{"seeds/000_81e3d64a3fd8258c", "da", corpus.KindExercise, false},
		{"seeds/001_ac31f50bb39ac580", "en", corpus.KindArticle, true},
		{"seeds/002_b8c83d9abffdc9b7", "en", corpus.KindArticle, true},
		{"seeds/003_be84671168f680db", "no", corpus.KindArticle, true},
		{"seeds/004_c9a4d7fabb4b82ba", "da", corpus.KindArticle, true},
	}
	for _, s := range seeds {
		d, ok := byID[s.id]
		if !ok {
			t.Errorf("%s: not loaded", s.id)
			continue
		}
		if d.Lang != s.lang || d.Kind != s.kind || d.LangDetected != s.detected {
			t.Errorf("%s: lang %s kind %s detected %v, want %s %s %v", s.id, d.Lang, d.Kind, d.LangDetected, s.lang, s.kind, s.detected)
		}
	}

	// One document of each source, field by field.
	nordic := byID["seeds/000_81e3d64a3fd8258c"]
	check(t, "seed 000 title", nordic.Title, "Baglår, Nordic hamstring")
	check(t, "seed 000 url", nordic.URL, "/oevelse/nordic-hamstring")
	check(t, "seed 000 image", nordic.Image, "/assets/images/exercises/nordic-hamstring-0-320.jpg")
	checkList(t, "seed 000 muscle", nordic.Muscle, "hamstrings")
	checkList(t, "seed 000 equipment", nordic.Equipment, "bodyweight", "partner")
	checkList(t, "seed 000 focus", nordic.Focus, "hip-dominant")
	checkList(t, "seed 000 alternative titles", nordic.AltTitles, "Natural glute ham")
	if nordic.Modified.Format("2006-01-02") != "2016-12-07" {
		t.Errorf("seed 000 last_modified_at: %v", nordic.Modified)
	}

	jump := byID["corpus/motionsplan/_exercises/180-jump-30"]
	check(t, "180 jump title (anchor, double space)", jump.Title, "Spring, 180 jump")
	checkList(t, "180 jump equipment", jump.Equipment, "bodyweight")
	if len(jump.Muscle) != 0 {
		t.Errorf("180 jump: empty muscle_group gave %v", jump.Muscle)
	}

	makker := byID["corpus/motionsplan/_posts/2009-07-01-traen-med-en-makker"]
	if makker.Kind != corpus.KindArticle || makker.Lang != "da" {
		t.Errorf("post: kind %s lang %s", makker.Kind, makker.Lang)
	}
	for _, liquid := range []string{"{%", "%}", "{{", "}}", "site_posts"} {
		if strings.Contains(makker.Body, liquid) {
			t.Errorf("post body still holds Liquid %q", liquid)
		}
	}
	if !strings.Contains(makker.Body, "Motivation") || strings.Contains(makker.Body, "**") || strings.Contains(makker.Body, "<div") {
		t.Errorf("post body is not reduced to text: %q", corpus.Summary(makker.Body, 300))
	}

	sitUp := byID["corpus/free-exercise-db/3_4_Sit-Up"]
	check(t, "free-exercise-db title", sitUp.Title, "3/4 Sit-Up")
	checkList(t, "free-exercise-db muscle", sitUp.Muscle, "abdominals")
	checkList(t, "free-exercise-db equipment", sitUp.Equipment, "bodyweight")

	trizeps := byID["corpus/wger/b83e3d85-a53d-4939-a61c-7baa2e94d358"]
	check(t, "wger title", trizeps.Title, "Trizeps Seildrücken")
	check(t, "wger lang", trizeps.Lang, "de")
	if strings.Contains(trizeps.Body, "<p>") || !strings.Contains(trizeps.Body, "Kabelzug") {
		t.Errorf("wger description not reduced to text: %q", trizeps.Body)
	}
}

// TestLoadDefaultCorpus checks the embedded corpus a newcomer sees first.
func TestLoadDefaultCorpus(t *testing.T) {
	docs, rep, err := corpus.Load(context.Background(), []corpus.Source{corpus.DefaultSource()}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) > 0 || len(rep.Warnings) > 0 {
		t.Fatalf("problems %v, warnings %v", rep.Problems, rep.Warnings)
	}
	for facet, values := range rep.Unmapped {
		t.Errorf("unmapped %s values in the default corpus: %v", facet, values)
	}
	for _, lang := range corpus.Languages {
		if n := rep.Docs[lang][corpus.KindExercise]; n < 12 {
			t.Errorf("%s: %d exercises, want at least 12", lang, n)
		}
		if n := rep.Docs[lang][corpus.KindArticle]; n < 1 {
			t.Errorf("%s: %d articles, want at least 1", lang, n)
		}
	}
	for _, d := range docs {
		if want := strings.Split(d.ID, "/")[1]; d.Lang != want {
			t.Errorf("%s: language %s, want %s (detected: %v)", d.ID, d.Lang, want, d.LangDetected)
		}
		if d.Kind == corpus.KindExercise && (len(d.Muscle) == 0 || len(d.Equipment) == 0 || len(d.Focus) == 0) {
			t.Errorf("%s: muscle %v equipment %v focus %v: all three must be filled in", d.ID, d.Muscle, d.Equipment, d.Focus)
		}
		if d.Kind == corpus.KindArticle && !d.LangDetected {
			t.Errorf("%s: article language should be detected, not declared", d.ID)
		}
	}
	if corpus.DefaultFingerprint() == "" {
		t.Error("empty fingerprint")
	}
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

func checkList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("%s: got %q, want %q", what, got, want)
	}
}

// TestInferencePrecision hides the declared facet values of every shared
// document that has them, infers, and compares. The floors are set a little
// below what was measured, so a change that makes inference worse fails.
func TestInferencePrecision(t *testing.T) {
	docs, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{NoInference: true})
	if err != nil {
		t.Fatal(err)
	}
	floors := map[string]struct{ strict, lenient float64 }{
		"muscle":    {0.66, 0.77},
		"equipment": {0.78, 0.78},
		"focus":     {0.78, 0.78},
	}
	for _, s := range corpus.DefaultTaxonomy().MeasureInference(docs) {
		t.Logf("%-9s declaring %4d, inferred for %4d (coverage %.2f), %4d values: precision %.3f exact, %.3f counting parent/child",
			s.Facet, s.Declaring, s.Inferred, s.Coverage(), s.Values, s.Precision(), s.LenientPrecision())
		f := floors[s.Facet]
		if s.Precision() < f.strict || s.LenientPrecision() < f.lenient {
			t.Errorf("%s: precision %.3f / %.3f fell below %.2f / %.2f", s.Facet, s.Precision(), s.LenientPrecision(), f.strict, f.lenient)
		}
	}
}

func TestInferenceOnShared(t *testing.T) {
	docs, rep, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]corpus.Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	// A motionsplan page with an empty muscle_group gets one from its title.
	glid := byID["corpus/motionsplan/_exercises/baglaar-glid-ud-ben-288"]
	if len(glid.Muscle) == 0 || glid.Muscle[0] != "hamstrings" || !slices.Contains(glid.Inferred, "muscle") {
		t.Errorf("baglaar-glid-ud-ben: muscle %v inferred %v", glid.Muscle, glid.Inferred)
	}
	// Declared values win and are not marked inferred.
	nordic := byID["seeds/000_81e3d64a3fd8258c"]
	if slices.Contains(nordic.Inferred, "muscle") || len(nordic.Muscle) != 1 {
		t.Errorf("seed 000: muscle %v inferred %v", nordic.Muscle, nordic.Inferred)
	}
	// A free-exercise-db squat is knee-dominant, though the dataset has no focus.
	squat := byID["corpus/free-exercise-db/Barbell_Squat"]
	if !slices.Contains(squat.Focus, "knee-dominant") || !slices.Contains(squat.Inferred, "focus") {
		t.Errorf("Barbell_Squat: focus %v inferred %v", squat.Focus, squat.Inferred)
	}
	if rep.Inferred["muscle"] == 0 || rep.Inferred["focus"] == 0 {
		t.Errorf("inferred counts %v", rep.Inferred)
	}
	// Articles are split at their headings, plain-text ones included.
	glutes := byID["seeds/004_c9a4d7fabb4b82ba"]
	found := false
	for _, s := range glutes.Sections {
		found = found || (s.Heading == "Hip thrust" && s.Anchor == "hip-thrust")
	}
	if !found {
		t.Errorf("seed 004 sections: %+v", glutes.Sections)
	}
}
