package corpus_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// A labelled text: the language it is written in, and where it came from.
type labelled struct {
	lang, from, text string
}

// minLetters is the shortest paragraph the accuracy tests judge: a heading
// or a list item of a few words says too little to be fair to any detector.
const minLetters = 40

func letterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// paragraphs are the pieces of a document a reader sees apart: title,
// excerpt, instructions and each line of the body.
func paragraphs(d *corpus.Document) []string {
	return append([]string{d.Title, d.Excerpt, d.Instructions}, strings.Split(d.Body, "\n")...)
}

// embeddedSamples are the embedded corpus's documents, each as the detector
// sees it and each of its paragraphs of minLetters letters or more. The
// folder names the language; the texts were written in it for exsearch.
func embeddedSamples(t testing.TB) []labelled {
	t.Helper()
	docs, _, err := corpus.Load(context.Background(), []corpus.Source{corpus.DefaultSource()}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []labelled
	for _, d := range docs {
		lang := strings.Split(d.ID, "/")[1]
		out = append(out, labelled{lang, d.ID, corpus.DetectionSample(&d)})
		for i, p := range paragraphs(&d) {
			if letterCount(p) >= minLetters {
				out = append(out, labelled{lang, fmt.Sprintf("%s ¶%d", d.ID, i), p})
			}
		}
	}
	return out
}

// sharedSeedLanguages are the languages of the plain-text seed articles, as
// ../shared/corpus/README.md gives them; they declare none.
var sharedSeedLanguages = map[string]string{
	"seeds/001_ac31f50bb39ac580": "en",
	"seeds/002_b8c83d9abffdc9b7": "en",
	"seeds/003_be84671168f680db": "no",
	"seeds/004_c9a4d7fabb4b82ba": "da",
}

// sharedSamples are the shared documents whose language is known (declared
// by their source, or a seed article's from the README), each as the detector
// sees it, when it has minLetters letters or more. The labels are the
// sources' own and some are wrong (wger files Spanish and German text under
// English; motionsplan has pages in English), so 100 % is not the aim.
func sharedSamples(t testing.TB) []labelled {
	t.Helper()
	docs, _, err := corpus.Load(context.Background(), sharedtest.Sources(t), corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out []labelled
	for _, d := range docs {
		lang := d.Lang
		if d.LangDetected {
			if lang = sharedSeedLanguages[d.ID]; lang == "" {
				t.Fatalf("%s: detected, and its language is not known to the test", d.ID)
			}
		}
		if s := corpus.DetectionSample(&d); letterCount(s) >= minLetters {
			out = append(out, labelled{lang, d.ID, s})
		}
	}
	return out
}

// checkAccuracy detects every sample and wants at least 98 % right in each
// language, the bar issue 12 sets for da, no, de and en.
func checkAccuracy(t *testing.T, samples []labelled) {
	t.Helper()
	var det corpus.Detector
	right, all := map[string]int{}, map[string]int{}
	for _, s := range samples {
		all[s.lang]++
		got, err := det.Detect(s.text)
		if err == nil && got == s.lang {
			right[s.lang]++
			continue
		}
		t.Logf("%s: %s, detected %q (%v): %.100q", s.from, s.lang, got, err, s.text)
	}
	for _, lang := range corpus.Languages {
		acc := float64(right[lang]) / float64(all[lang])
		t.Logf("%s: %4d of %4d right (%.2f %%)", lang, right[lang], all[lang], 100*acc)
		if all[lang] == 0 || acc < 0.98 {
			t.Errorf("%s: accuracy %.2f %% of %d texts, want at least 98 %%", lang, 100*acc, all[lang])
		}
	}
}

// TestDetectionAccuracy measures language identification on the embedded
// corpus, whole documents and paragraphs; it never skips.
func TestDetectionAccuracy(t *testing.T) {
	checkAccuracy(t, embeddedSamples(t))
}

// TestDetectionAccuracyShared measures it on the shared corpus's documents
// whose language is known.
func TestDetectionAccuracyShared(t *testing.T) {
	checkAccuracy(t, sharedSamples(t))
}

// BenchmarkDetect detects the language of the embedded corpus's documents
// and paragraphs, each once an iteration, the models loaded beforehand
// (b.Loop times only the loop).
func BenchmarkDetect(b *testing.B) {
	samples := embeddedSamples(b)
	var det corpus.Detector
	for _, s := range samples {
		det.Detect(s.text)
	}
	for b.Loop() {
		for _, s := range samples {
			det.Detect(s.text)
		}
	}
}
