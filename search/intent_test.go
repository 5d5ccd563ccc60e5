package search

import (
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
)

// Intent is decided from the query and from what the index holds: its
// concepts (taxonomy and mined), its topics, and which words are in its
// titles.
func TestIntent(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	cases := []struct {
		q    string
		want intent
	}{
		{"skulderpres", intentExercise},        // a family's name
		{"lårcurl", intentExercise},            // …in Danish
		{"Bauchmuskeln", intentExercise},       // a muscle
		{"kettlebell", intentExercise},         // an equipment
		{"Schulterdrücken KH", intentExercise}, // a mined concept's name
		{"bænkpres skrå", intentExercise},
		{"bulgarian split squat", intentExercise}, // "split" is a topic, but not here      // an exercise and a variant word
		{"armstrækning på knæ", intentExercise},
		{"hamstring injuries", intentTopic}, // a muscle and a topic
		{"protein efter træning", intentTopic},
		{"søvn og restitusjon", intentTopic},
		{"Mobilität für die Schulter", intentTopic},
		{"how to avoid running injuries", intentTopic}, // a question
		{"hvordan laver jeg et program?", intentTopic},
		{"deadlfit", intentExercise},                     // a typo of a family
		{"øvelser til numsen", intentExercise},           // a muscle, and a word that is no topic
		{"hvordan får jeg en større numse", intentTopic}, // a question
		{"archer", intentUndecided},
		{"balancetræning", intentExercise}, // a training focus, as a muscle is
		{"balanseøvelser", intentExercise},
		{"plyometrisk træning", intentTopic},            // a focus that is a topic too: the topic's
		{"hvad træner man skuldre med", intentExercise}, // what trains a muscle: its exercises
		{"which exercises for calves?", intentExercise},
		{"hvilke muskler er i numsen", intentTopic},                // which muscles: about the body
		{"was ist der Beinbizeps", intentTopic},                    // what a muscle is
		{"what are the best exercises for calves", intentExercise}, // …unless it asks for exercises
		{"hvilke øvelser er gode til baglår", intentExercise},
		{"what is overtraining?", intentTopic},           // what, of a topic
		{"muss man Kniebeugen tief machen", intentTopic}, // a question without a topic, in each language
		{"hvem opfandt burpees", intentTopic},
		{"hvor kjenner man utfall", intentTopic},
		{"where do you feel lunges", intentTopic},
		{"er det farligt at løfte med rund ryg", intentTopic}, // "er" (is) opens a Danish or Norwegian question…
		{"er det farlig å løfte med krum rygg", intentTopic},  // …as "is" and "ist" do
	}
	for _, c := range cases {
		_, p := ix.query(Request{Query: c.q})
		if p.meaning.intent != c.want {
			t.Errorf("%q: %v, want %v", c.q, p.meaning.intent, c.want)
		}
	}
}

// Topic names are found through each language's analyzer, inflected, and
// name one topic in every language.
func TestTopicsNamed(t *testing.T) {
	ix := openAt(t, sharedtest.Index(t))
	cases := []struct {
		q    string
		want []string
	}{
		{"restitusjonen", []string{"recovery"}},
		{"Eiweiß", []string{"protein"}},
		{"søvn og restitusjon", []string{"sleep", "recovery"}},
		{"styrke for syklister", []string{"strength", "cycling"}},
		{"bench press", nil},
		// A name that stop words leave one word of is matched as typed:
		// "how heavy" names the dose, "heavy" alone names nothing.
		{"how heavy should i lift", []string{"volume"}},
		{"heavy squats", nil},
		{"wie lange sollte ein Training dauern", []string{"duration"}},
		{"lange Hantel", nil},
		// Subjects no shared article has yet, named in every language.
		{"muskelopbygning", []string{"hypertrophy"}},
		{"Muskelkater", []string{"soreness"}},
		{"støl etter trening", []string{"soreness"}},
		{"kreatin", []string{"supplements"}},
		// Getting stronger is strength training, in every language.
		{"hvordan bli sterkere", []string{"strength"}},
		{"Maximalkraft trainieren", []string{"strength"}},
		{"how to get stronger", []string{"strength"}},
		{"nedvarmning", []string{"cool-down"}},
		{"Atmung beim Krafttraining", []string{"breathing", "strength"}},
	}
	for _, c := range cases {
		byLang := map[string][]word{}
		for lang := range ix.analyzers {
			byLang[lang] = ix.words(lang, c.q)
		}
		got, _ := ix.topics.named(c.q, byLang)
		if !sameSet(got, c.want) {
			t.Errorf("%q: topics %v, want %v", c.q, got, c.want)
		}
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	in := map[string]bool{}
	for _, x := range a {
		in[x] = true
	}
	for _, x := range b {
		if !in[x] {
			return false
		}
	}
	return true
}
