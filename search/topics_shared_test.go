package search_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestTopicConceptArticles: a question about a muscle finds the article
// about it in another language although the article lacks the question's
// words.
func TestTopicConceptArticles(t *testing.T) {
	l := openShared(t)
	const want = "seeds/004_c9a4d7fabb4b82ba" // the Danish article on training the glutes
	res := run(t, l, search.Request{Query: "hvordan trener jeg rumpa", Size: 10, PreferLang: "no"})
	if r := rank(res, want); r < 1 || r > 3 {
		t.Errorf("hvordan trener jeg rumpa: %s at rank %d, want in the top 3", want, r)
	}
}

// TestTopicInLead: an article is about what its excerpt and headings name,
// as much as what its title names: the English one whose lead is about
// training the hamstrings for running (a warm-up before it) answers a
// question about either, in any language.
func TestTopicInLead(t *testing.T) {
	l := openShared(t)
	const want = "seeds/002_b8c83d9abffdc9b7" // "In focus: Hamstrings in Action – Part 2"
	rankedWithin(t, l, want, []rankCase{
		{"hamstrings für Läufer", "de", 1},
		{"warm up before running", "en", 2},
	})
}

// rankCase is a query, its visitor's language, and the rank a document
// must reach for it.
type rankCase struct {
	q, lang string
	maxRank int
}

// rankedWithin checks that want is within each case's rank for its query.
func rankedWithin(t *testing.T, l *search.Live, want string, cases []rankCase) {
	t.Helper()
	for _, c := range cases {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		if r := rank(res, want); r < 1 || r > c.maxRank {
			t.Errorf("%s: %s at rank %d, want ≤ %d", c.q, want, r, c.maxRank)
		}
	}
}

// TestCompoundTopic: a closed compound no topic name lists names the
// topics of its parts: "Knieverletzungen" (knee injuries) asks about
// injuries, "Laufverletzungen" about running and injuries, and the articles
// about them answer (whole, the words found only a few exercises).
func TestCompoundTopic(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, want string }{
		{"Knieverletzungen vorbeugen", "corpus/motionsplan/_posts/2009-04-22-kan-styrketraening-forebygge-skader"},
		{"Laufverletzungen", "corpus/motionsplan/_posts/2011-04-27-kom-i-gang-med-loebetraeningen"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: "de"})
		if r := rank(res, c.want); r < 1 || r > 3 {
			t.Errorf("%s: %s at rank %d, want in the top 3", c.q, c.want, r)
		}
	}
}

// TestTopicInTags: an article is about what its author tagged it with: the
// Danish one on dosing strength training never names how often to train in
// its title, headings or words, but is tagged "frekvens", and answers the
// question in every language (before, it matched none of them).
func TestTopicInTags(t *testing.T) {
	l := openShared(t)
	const want = "corpus/motionsplan/_posts/2010-11-03-hvordan-skal-jeg-dosere-min-styrketraening"
	rankedWithin(t, l, want, []rankCase{
		{"how often should i train", "en", 10},
		{"hvor ofte skal jeg træne", "da", 10},
		{"hvor ofte bør jeg trene", "no", 10},
		{"wie oft sollte ich trainieren", "de", 10},
	})
}

// TestTitledWords: among the articles about a topic query's concepts, the
// one whose title holds its other words ranks first whatever its language:
// the Norwegian article on walking and jogging backwards for a Danish
// visitor asking about running backwards, above Danish articles on running.
func TestTitledWords(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang, want string }{
		{"fordele ved at løbe baglæns", "da", "seeds/003_be84671168f680db"},
		{"hamstring træning til løbere", "da", "seeds/002_b8c83d9abffdc9b7"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		if r := rank(res, c.want); r < 1 || r > 2 {
			t.Errorf("%s: %s at rank %d, want ≤ 2", c.q, c.want, r)
		}
	}
}

// TestTopicNotTwice: a word that names a topic and an exercise ("løping":
// running, and the exercise Løb) counts once among a topic query's
// concepts, so that its other topic (the warm-up) weighs as much: the
// article whose lead is about warming up before running ranks near the
// top for a Norwegian and first for an English visitor.
func TestTopicNotTwice(t *testing.T) {
	l := openShared(t)
	const want = "seeds/002_b8c83d9abffdc9b7" // "In focus: Hamstrings in Action – Part 2"
	rankedWithin(t, l, want, []rankCase{
		{"oppvarming før løping", "no", 2},
		{"warm up before running", "en", 1},
	})
}

// TestCompoundMuscleTopic: the muscle a topic query's compound names by a
// part with a linking letter ("baglårs" in "baglårsskade", hamstring
// injury) is one of its concepts, so that the article on the hamstrings
// of runners answers (it was not in the top 10).
func TestCompoundMuscleTopic(t *testing.T) {
	l := openShared(t)
	const want = "seeds/002_b8c83d9abffdc9b7" // "In focus: Hamstrings in Action – Part 2"
	rankedWithin(t, l, want, []rankCase{
		{"undgå baglårsskade når man løber", "da", 10},
		{"unngå hamstringskade når man løper", "no", 10},
	})
}

// TestTopicTrains: a topic about what a muscle can do trains that muscle:
// after the article on grip strength come the exercises for the forearms,
// in every language, not those that share the word "grip" or "Griff" (a
// wide-grip pull-up) or another word of the query. The Norwegian and
// English words name the topic only; the taxonomy says what it trains.
func TestTopicTrains(t *testing.T) {
	l := openShared(t)
	const article = "corpus/motionsplan/_posts/2009-07-10-traener-du-grebsstyrke"
	for _, c := range []struct{ q, lang string }{
		{"bedre grep", "no"},
		{"improve grip", "en"},
		{"Griffkraft verbessern", "de"},
		{"bedre greb", "da"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		if r := rank(res, article); r != 1 {
			t.Errorf("%s: %s at rank %d, want 1", c.q, article, r)
		}
		forearms := 0
		for _, h := range res.Hits {
			for _, m := range h.Muscle {
				if m.Value == "forearms" {
					forearms++
					break
				}
			}
		}
		if forearms < 7 {
			t.Errorf("%s: %d of the top 10 train the forearms, want ≥ 7", c.q, forearms)
		}
	}
}

// TestTopicTrainsRecall: a topic's exercises are found although they lack
// its words: after the articles on back pain, the exercises for the lower
// back (before, the query found six documents, one of them the bench press).
func TestTopicTrainsRecall(t *testing.T) {
	l := openShared(t)
	res := run(t, l, search.Request{Query: "vondt i ryggen", Size: 10, PreferLang: "no"})
	lower := 0
	for _, h := range res.Hits {
		for _, m := range h.Muscle {
			if m.Value == "lower-back" {
				lower++
				break
			}
		}
	}
	if lower < 5 {
		t.Errorf("vondt i ryggen: %d of the top 10 train the lower back, want ≥ 5", lower)
	}
}

// TestTopicNamesExercise: a topic about an exercise ("squat for
// beginners") asks for the exercise: its exercises lead, after the articles
// titled with it, above articles that only share the topic or mention the
// exercise in passing (before, a full-body program and an article on the
// glutes came first, and no exercise in the top 7).
func TestTopicNamesExercise(t *testing.T) {
	l := openShared(t)
	const (
		learn   = "corpus/motionsplan/_posts/2011-08-24-hvordan-laerer-jeg-tage-en-armstraekning"
		program = "corpus/motionsplan/_posts/2009-05-18-hvordan-opbygger-jeg-et-helkropsprogram"
	)
	for _, c := range []struct{ q, lang, first string }{
		{"push up for beginners", "en", learn},
		{"Liegestütze für Anfänger", "de", learn},
		{"armhevinger for nybegynnere", "no", learn},
		{"squat for beginners", "en", ""},
		{"knæbøjning teknik", "da", ""},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		if c.first != "" && rank(res, c.first) != 1 {
			t.Errorf("%s: %s at rank %d, want 1", c.q, c.first, rank(res, c.first))
		}
		if r := rank(res, program); r >= 1 && r <= 5 {
			t.Errorf("%s: the full-body program at rank %d, want below 5", c.q, r)
		}
		exercises := 0
		for _, h := range res.Hits[:min(5, len(res.Hits))] {
			if h.Kind == "exercise" {
				exercises++
			}
		}
		if exercises < 3 {
			t.Errorf("%s: %d exercises in the top 5, want ≥ 3", c.q, exercises)
		}
	}
}

// TestTopicVariant: a topic query about an exercise lifts, among the
// exercise's variants, those whose tags name its topic: "push up for
// beginners" shows the push-ups free-exercise-db rates for beginners (the
// incline ones) before the clap, handstand and one-arm push-ups, which tie
// with them on words and family alone.
func TestTopicVariant(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang string }{
		{"push up for beginners", "en"},
		{"Liegestütze für Anfänger", "de"},
		{"armhevinger for nybegynnere", "no"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		incline, hard := 0, 0
		for _, h := range res.Hits {
			switch {
			case strings.HasPrefix(h.ID, "corpus/free-exercise-db/Incline_Push-Up"):
				incline++
			case strings.Contains(h.Title, "Handstand"), strings.Contains(h.Title, "Clap"), strings.Contains(h.Title, "Clock"):
				hard++
			}
		}
		if incline < 3 || hard > 0 {
			t.Errorf("%s: %d incline push-ups and %d hard ones in the top 10, want ≥ 3 and none", c.q, incline, hard)
		}
	}
}

// TestWhatTrainsMuscle: a question that asks what trains a muscle lists the
// exercises for it, lifted as the muscle's name alone lifts them, above
// the articles and programs that share its words ("hvad træner man biceps
// med" had three articles between the first two biceps exercises). Not yet
// in English: "which exercises train the biceps" still shows "4 exercises
// to train the hamstrings" second, on its title's words.
func TestWhatTrainsMuscle(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang string }{
		{"hvad træner man biceps med", "da"},
		{"hva trener man biceps med", "no"},
		{"welche Übungen trainieren den Bizeps", "de"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		for i, h := range res.Hits[:min(5, len(res.Hits))] {
			if h.Kind != "exercise" {
				t.Errorf("%s: %s %q at rank %d, want exercises in the top 5", c.q, h.Kind, h.Title, i+1)
			}
		}
	}
}

// TestNarrowerFamily: a text that names a narrower family ("bulgarsk
// udfald") finds its exercises first, then the broader family's (the other
// split squats and lunges), where the six Bulgarian ones were all.
func TestNarrowerFamily(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang string }{
		{"bulgarsk udfald", "da"},
		{"bulgarsk utfall", "no"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: c.lang})
		if res.Total < 20 {
			t.Errorf("%s: %d hits, want the broader family's too", c.q, res.Total)
		}
		for i, h := range res.Hits[:min(6, len(res.Hits))] {
			if !strings.Contains(strings.ToLower(h.Title), "bulgar") {
				t.Errorf("%s: %q at rank %d, want the Bulgarian split squats first", c.q, h.Title, i+1)
			}
		}
		if r := rank(res, "corpus/motionsplan/_exercises/atg-split-squat"); r < 7 || r > 10 {
			t.Errorf("%s: the Danish ATG split squat at rank %d, want 7–10", c.q, r)
		}
	}
}

// TestTopicNameWhole: a topic's name of several words is named by one
// field that holds them all, and a topic query's generic words weigh
// little: the English hamstring article ("4 exercises to train the
// hamstrings") no longer names strength training by its title's "train"
// and a "strength" deep in its body, nor leads an English question on
// preventing injuries or on how often to train, which it is not about.
func TestTopicNameWhole(t *testing.T) {
	l := openShared(t)
	const hamstrings = "seeds/001_ac31f50bb39ac580"
	for _, c := range []struct{ q, want string }{
		{"injury prevention strength training", "corpus/motionsplan/_posts/2009-04-22-kan-styrketraening-forebygge-skader"},
		{"how often should i train", ""},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 10, PreferLang: "en"})
		if r := rank(res, hamstrings); r == 1 {
			t.Errorf("%s: %s first", c.q, hamstrings)
		}
		if r := rank(res, c.want); c.want != "" && r != 1 {
			t.Errorf("%s: %s at rank %d, want 1", c.q, c.want, r)
		}
	}
}

// TestQuestionEr: "er det …" (is it …) is a question in Danish and
// Norwegian: it asks for the article on lifting with a rounded back, in
// either language, not for back exercises (a Norwegian visitor's was not
// in the top 20).
func TestQuestionEr(t *testing.T) {
	l := openShared(t)
	const want = "corpus/motionsplan/_posts/2010-08-29-vaer-god-ved-din-ryg"
	rankedWithin(t, l, want, []rankCase{
		{"er det farligt at løfte med rund ryg", "da", 1},
		{"er det farlig å løfte med krum rygg", "no", 1},
	})
}

// TestStopWordsLeaveOneWord: a topic name that the stop words of its
// language leave one word of ("hvor ofte", "how often": "oft") does not
// name the topic in documents, so that an article's heading "Ofte stillede
// spørgsmål" (frequently asked questions) or a word "often" in passing
// does not make it about how often to train: the article on dosing
// strength training rises from 6th–8th to the top 3 in every language.
func TestStopWordsLeaveOneWord(t *testing.T) {
	l := openShared(t)
	const want = "corpus/motionsplan/_posts/2010-11-03-hvordan-skal-jeg-dosere-min-styrketraening"
	rankedWithin(t, l, want, []rankCase{
		{"how often should i train", "en", 3},
		{"hvor ofte skal jeg træne", "da", 3},
		{"hvor ofte bør jeg trene", "no", 3},
		{"wie oft sollte ich trainieren", "de", 3},
	})
}

// TestFrequencyColloquial: "hvor tit" is how many Danes ask "how often"
// (the taxonomy's frequency topic): the three articles on how often to
// train (dosing, a split programme, a full-body programme) fill the top
// three. Before, "Makkerøvelser" (exercises with a partner) came first on
// "træne" alone.
func TestFrequencyColloquial(t *testing.T) {
	l := openShared(t)
	want := map[string]bool{
		"corpus/motionsplan/_posts/2010-11-03-hvordan-skal-jeg-dosere-min-styrketraening": true,
		"corpus/motionsplan/_posts/2009-05-18-hvordan-opbygger-jeg-et-splitprogram":       true,
		"corpus/motionsplan/_posts/2009-05-18-hvordan-opbygger-jeg-et-helkropsprogram":    true,
	}
	res := run(t, l, search.Request{Query: "hvor tit skal jeg træne", Size: 3, PreferLang: "da"})
	if len(res.Hits) != 3 {
		t.Fatalf("%d hits", len(res.Hits))
	}
	for i, h := range res.Hits {
		if !want[h.ID] {
			t.Errorf("hit %d is %s, not an article on how often to train", i+1, h.ID)
		}
	}
}

// TestFocusNamed: a query that names a training focus (the third facet:
// balance, a movement pattern) ranks the exercises with that focus first,
// in every language, as a muscle's name ranks its exercises. Before,
// "balanseøvelser" found one article and "balancetræning" put articles
// that mention balance in passing above the balance exercises.
func TestFocusNamed(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang, focus string }{
		{"balancetræning", "da", "balance"},
		{"balanseøvelser", "no", "balance"},
		{"Gleichgewichtstraining", "de", "balance"},
		{"hip dominant", "en", "hip-dominant"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 5, PreferLang: c.lang})
		if len(res.Hits) < 5 {
			t.Errorf("%s: %d hits, want 5", c.q, len(res.Hits))
			continue
		}
		for i, h := range res.Hits {
			if !hasValue(h.Focus, c.focus) {
				t.Errorf("%s: hit %d %s (%s) lacks focus %s", c.q, i+1, h.ID, h.Kind, c.focus)
			}
		}
	}
}

// TestConceptsTogether: an article whose title or lead names two of a
// topic query's concepts together is about the query, and ranks above one
// that names each somewhere in its text: "løping for nybegynnere" (running
// for beginners) finds the Danish article on getting started with running
// first, above the Norwegian one on running backwards that has the query's
// own words.
func TestConceptsTogether(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, "corpus/motionsplan/_posts/2011-04-27-kom-i-gang-med-loebetraeningen", []rankCase{
		{"løping for nybegynnere", "no", 1},
		{"Laufen für Anfänger", "de", 1},
	})
}

// TestTopicWordsEleventh: words visitors use for fat loss, muscle strains
// and pull-ups that the taxonomy lacked (found by the eleventh round's
// judged queries, checked here in other phrasings): "belly fat", "forbrenne
// fett" and "Bauchfett" name fat loss, and the article whose heading is
// about burning fat comes first; a strain ("Zerrung") is an injury; Danish
// "kropshævninger" are pull-ups, in every language.
func TestTopicWordsEleventh(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-08-06-bedste-kombination-af-loeb-og-styrketraening", []rankCase{
		{"lose belly fat fast", "en", 1},
		{"forbrenne fett", "no", 1},
		{"Bauchfett verlieren", "de", 1},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-04-22-kan-styrketraening-forebygge-skader", []rankCase{
		{"Zerrung Oberschenkel", "de", 2},
		{"hamstring strain", "en", 3},
	})
	res := run(t, l, search.Request{Query: "kropshævninger", Size: 5, PreferLang: "da"})
	for i, h := range res.Hits {
		if h.Kind != "exercise" || !strings.Contains(strings.ToLower(h.Title), "pull") && !strings.Contains(strings.ToLower(h.Title), "chin") {
			t.Errorf("kropshævninger: hit %d %q (%s), want a pull-up or chin-up", i+1, h.Title, h.Kind)
		}
	}
}

// TestEquipmentNotTopic: a word that names both an equipment and a topic
// ("bodyweight": the equipment, and training with one's body weight) is the
// equipment beside a muscle, with other words around it: the exercises for
// the muscle with that equipment lead, not the articles on training with
// one's body weight.
func TestEquipmentNotTopic(t *testing.T) {
	l := openShared(t)
	for _, c := range []struct{ q, lang, muscle string }{
		{"strong glutes bodyweight", "en", "glutes"},
		{"flad mave kropsvægt", "da", "abdominals"},
		{"starker Bauch Körpergewicht", "de", "abdominals"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 4, PreferLang: c.lang})
		for i, h := range res.Hits {
			if h.Kind != "exercise" || !hasValue(h.Equipment, "bodyweight") {
				t.Errorf("%s: hit %d %q (%s), want a bodyweight exercise", c.q, i+1, h.Title, h.Kind)
			}
		}
		if len(res.Hits) > 0 && !hasValue(res.Hits[0].Muscle, c.muscle) {
			t.Errorf("%s: first hit %q does not train %s", c.q, res.Hits[0].Title, c.muscle)
		}
	}
	// Alone, or beside no muscle, it is the topic.
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-08-04-traening-med-kropsvaegt", []rankCase{{"træning med kropsvægt", "da", 1}})
}

// TestBackwardRunning: every article's main subject is a topic, so that a
// visitor asking about it in another language finds it. Running backwards,
// the subject of the Norwegian seed, was the one without: in English and
// German its words matched nothing of it, and the Danish running articles
// came first.
func TestBackwardRunning(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, seedBackward, []rankCase{
		{"running backwards benefits", "en", 1},
		{"Rückwärtslaufen Vorteile", "de", 1},
		{"gå baglæns", "da", 1},
	})
}

// TestTopicWordsTwelfth: topics and exercise names visitors use that the
// taxonomy lacked (found by the twelfth round's judged queries, checked
// here in other phrasings): motivation and posture are topics, the articles
// that treat them come first in any language; "Stirndrücken" (skull
// crushers) are triceps extensions, "frontknæbøj" squats, "brystpres" (chest
// press, from the thirteenth round) bench presses.
func TestTopicWordsTwelfth(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-07-01-traen-med-en-makker", []rankCase{
		{"mangler motivation", "da", 2},
		{"keine Motivation", "de", 2},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2011-08-18-tjek-teknikken-i-din-styrketraening", []rankCase{
		{"better posture tips", "en", 1},
		{"Körperhaltung verbessern", "de", 1},
	})
	for _, c := range []struct{ q, lang, title string }{
		{"Stirndrücken Langhantel", "de", "(?i)trizeps|french|skull"},
		{"frontknæbøj", "da", "(?i)squat|kniebeuge|knæbøj"},
		{"brystpres", "da", "(?i)bænkpres|bench|chest|brust"}, // chest press: a bench press
		{"brystpress", "no", "(?i)bænkpres|bench|chest|brust"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 3, PreferLang: c.lang})
		re := regexp.MustCompile(c.title)
		for i, h := range res.Hits {
			if !re.MatchString(h.Title) {
				t.Errorf("%s: hit %d %q, want a title matching %s", c.q, i+1, h.Title, c.title)
			}
		}
	}
}

// TestPainIsInjury: pain ("smerter", "vondt", "Schmerzen", "pain") names the
// injury topic, so that a visitor asking about a sore shoulder or knee finds
// the article on preventing injuries, whose sections treat both, where
// before the words found shoulder exercises or nothing.
func TestPainIsInjury(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-04-22-kan-styrketraening-forebygge-skader", []rankCase{
		{"smerter i skulderen", "da", 1},
		{"vondt i knærne", "no", 1},
		{"shoulder pain when lifting", "en", 2},
		{"Schmerzen in der Schulter", "de", 1},
	})
}

// TestTopicPhrases: a visitor asks how heavy to lift or how long to train in
// words that stop words leave one common word of ("heavy", "lange"); read
// as typed, they name the dose and the workout's length, and find the
// article on dosing strength training, where before they found nothing.
func TestTopicPhrases(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, "corpus/motionsplan/_posts/2010-11-03-hvordan-skal-jeg-dosere-min-styrketraening", []rankCase{
		{"how heavy should i lift", "en", 1},
		{"hvor tungt skal jeg løfte", "da", 2},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-05-18-hvordan-opbygger-jeg-et-helkropsprogram", []rankCase{
		{"wie lange sollte ein training dauern", "de", 3},
	})
}

// TestTopicWordsFifteenth: the taxonomy's words added in the fifteenth round
// of ranking work, each for queries that found nothing or little. A lifting
// belt is a topic: the article on back pain treats belts in a section, and
// no document names "løftebelte" or "lifting belt".
func TestTopicWordsFifteenth(t *testing.T) {
	l := openShared(t)
	rankedWithin(t, l, "corpus/motionsplan/_posts/2010-08-29-vaer-god-ved-din-ryg", []rankCase{
		{"should i wear a lifting belt", "en", 1},
		{"bør jeg bruke løftebelte", "no", 1},
	})
	// Topics no name reached: maximal oxygen uptake, training outdoors,
	// the pelvic floor, eccentric training.
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-03-27-4-minutters-haard-intervaltraening-bedre-end-en-times-moderat-loeb", []rankCase{
		{"forbedre kondital", "da", 2},
		{"øke maks oksygenopptak", "no", 2},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-03-30-funktionel-styrketraening", []rankCase{
		{"Training im Freien", "de", 1},
		{"trening ute i parken", "no", 1},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2011-08-18-tjek-teknikken-i-din-styrketraening", []rankCase{
		{"beckenboden beim krafttraining", "de", 1},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2009-04-22-kan-styrketraening-forebygge-skader", []rankCase{
		{"excentrisk træning", "da", 2},
	})
	rankedWithin(t, l, "corpus/motionsplan/_posts/2011-08-18-tjek-teknikken-i-din-styrketraening", []rankCase{
		{"knæene falder ind når jeg squatter", "da", 2},
		{"knie nach innen", "de", 1},
	})
	// "leg workout" reads the legs, as "benøvelser" and "Beinübungen" do
	// ("leg" alone does not: "one leg" is a side).
	for _, c := range []struct{ q, muscle string }{
		{"leg workout at home", "legs"},
		{"arm exercises at home", "arms"},
	} {
		res := run(t, l, search.Request{Query: c.q, Size: 5, PreferLang: "en"})
		if !slices.ContainsFunc(res.Understood, func(u search.Understood) bool { return u.Value == c.muscle }) {
			t.Errorf("%s: understood %+v, want %s", c.q, res.Understood, c.muscle)
		}
	}
	// "lave" (do) asks for nothing: the article on splitting a program,
	// titled "Sådan laver du …", is not about how many repetitions to do.
	rankedWithin(t, l, "corpus/motionsplan/_posts/2010-11-03-hvordan-skal-jeg-dosere-min-styrketraening", []rankCase{
		{"hvor mange gentagelser skal jeg lave", "da", 3},
	})
	// The outside of the thigh is the abductors.
	rankedWithin(t, l, "corpus/free-exercise-db/Thigh_Abductor", []rankCase{
		{"utsiden av låret", "no", 3},
	})
	// A triceps extension as Danes and Norwegians spell it: the Danish
	// page's title says "Triceps extension: Albuestræk".
	rankedWithin(t, l, "corpus/motionsplan/_exercises/albuestraek-429", []rankCase{
		{"tricepsekstensjon over hodet", "no", 3},
		{"tricepsekstension", "da", 3},
	})
}
