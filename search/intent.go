package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Intent. A visitor who types an exercise or a muscle wants exercises; one
// who asks about a topic wants the article that answers it. The planner
// decides which from the query and from what the index holds, in this
// order:
//
//  1. a question (it ends in "?" or opens with a question word of one of
//     the languages: "how", "hvordan", "wie", …) is a topic;
//  2. text whose every word (stop words aside) is the name of an exercise
//     (a taxonomy family or a concept mined from the data, see
//     corpus/mine.go and mined.go), a muscle or an equipment is an exercise:
//     "skulderpres", "Bauchmuskeln", "kettlebell swing";
//  3. text that names a topic (see topics.go) is a topic: "hamstring
//     injuries", "Mobilität für die Schulter"; a topic word inside a
//     longer exercise name ("split" in "bulgarian split squat") is none;
//  4. text that names an exercise, a muscle or an equipment and words
//     that are not a topic is an exercise with a variant or a filter:
//     "bænkpres skrå", "armstrækning på knæ", "rumpe øvelser" (the
//     exercises that carry its muscles and equipment then match too);
//  5. text of two words or more one of which is in no title of the index
//     but in its bodies (a word of prose, not of exercise names) is a
//     topic;
//  6. anything else is left undecided, and ranked by its words alone.
//
// An exercise lifts exercises, and above all the documents of the
// exercises it names, in every language: a concept match beats a partial
// word match in the visitor's own language, and an article that mentions
// the word in passing; a muscle lifts the exercises that train it. A topic
// lifts the articles that match, and more those that name more of its
// concepts (its topics, muscles and exercises, in any language: see
// topics.go), so that the article about the whole question ranks first,
// whatever its language, and shows the section that answers it
// (highlight.go); the exercises for the muscles it names or its topics
// train (the taxonomy's implies) come after them. A topic that names an
// exercise by words of its own ("push up for beginners") is about that
// exercise: its exercises lead, after the articles titled with it. The lifts are constant (a match-all scaled, restricted
// to the kind or concept), not term weights, so that they do not depend
// on how rare a kind or a word is; they are tuned on the judged queries'
// development half.

// intent is what a query asks for.
type intent int

const (
	intentUndecided intent = iota
	intentExercise
	intentTopic
)

func (i intent) String() string {
	switch i {
	case intentExercise:
		return "exercise"
	case intentTopic:
		return "topic"
	}
	return "undecided"
}

// Lifts, added to the score of a matching document (see lift).
const (
	liftNamed        = 6.0  // a document of an exercise the text names
	liftMuscle       = 3.0  // a document that trains the muscle the text names
	liftMuscleRead   = 1.5  // …when the muscle was read as a boost already
	liftExercise     = 1.0  // an exercise, when the text names exercises
	liftArticle      = 8.0  // an article, when the text is about a topic…
	liftCovered      = 16.0 // …and more the more of its concepts it names…
	liftTitled       = 8.0  // …in its title most of all
	liftPaired       = 8.0  // …and two of them together in its title or lead
	liftWords        = 8.0  // …and the more of its other words its title holds
	liftTrains       = 2.0  // an exercise that trains a muscle a topic query names or its topics train
	liftTopicNamed   = 20.0 // an exercise a topic query names, above articles that only mention it
	liftTopicVariant = 4.0  // …and more a variant of it whose title or lead names the query's topic

	boostConceptArticle = 0.1 // an article that names a topic query's concepts but not its words
)

// questionWords open a question in one of the languages.
var questionWords = map[string]bool{
	"how": true, "what": true, "why": true, "which": true, "when": true, "should": true, "can": true, "is": true, "does": true,
	"where": true, "who": true, "do": true, "are": true, "will": true, "whats": true, "what's": true,
	"hvordan": true, "hvad": true, "hvorfor": true, "hvilke": true, "hvilken": true, "hvornaar": true, "kan": true, "skal": true, "boer": true,
	"hvor": true, "hvem": true, "goer": true, "hjaelper": true, "er": true,
	"hva": true, "hvilket": true, "naar": true, "gjoer": true, "hjelper": true,
	"wie": true, "was": true, "warum": true, "welche": true, "welcher": true, "wann": true, "soll": true, "sollte": true,
	"wo": true, "wer": true, "wieso": true, "weshalb": true, "wozu": true, "welches": true, "welchen": true, "wieviel": true, "wieviele": true,
	"ist": true, "sind": true, "kann": true, "muss": true, "hilft": true, "bringt": true, "lohnt": true,
}

// whatWords open a question that asks what or which: one that names a
// muscle and no topic asks for the exercises that train it ("hvad træner
// man biceps med", "which exercises for calves"), where "how" asks for
// advice ("how to get a bigger butt").
var whatWords = map[string]bool{
	"what": true, "which": true, "hvad": true, "hva": true, "hvilke": true, "hvilken": true, "hvilket": true,
	"was": true, "welche": true, "welcher": true,
}

// asksAbout reports whether a what-question (folded words) asks what
// something is ("was ist der Beinbizeps", "hvad er baglår") or which
// muscles ("hvilke muskler er i numsen"): about the body, answered by an
// article, not by the exercises for the muscle it names. One that asks
// for exercises ("what are the best exercises for calves")
// asks for them, whatever else it says.
func asksAbout(folded []string) bool {
	about := len(folded) > 1 && beWords[folded[1]]
	for _, w := range folded[1:] {
		if exerciseWords[w] {
			return false
		}
		about = about || muscleWords[w]
	}
	return about
}

// beWords are the present forms of "to be" that follow a what-word.
var beWords = map[string]bool{"er": true, "is": true, "are": true, "ist": true, "sind": true}

// exerciseWords are the words for "exercise", folded.
var exerciseWords = map[string]bool{
	"oevelse": true, "oevelser": true, "oevelserne": true, "oevelsene": true, "uebung": true, "uebungen": true,
	"exercise": true, "exercises": true,
}

// muscleWords are the words for "muscle" itself, folded.
var muscleWords = map[string]bool{
	"muskel": true, "muskler": true, "musklerne": true, "musklene": true, "muskelen": true, "musklen": true,
	"muskeln": true, "muscle": true, "muscles": true,
}

// understanding is what the planner made of a query's meaning.
type understanding struct {
	intent intent
	// named are the exercise concepts the text names, as queries matching
	// their documents (family or mined concept terms).
	named []query.Query
	// muscles are the muscles it names.
	muscles []string
	// focus are the training focuses it names (balance, core, cardio):
	// the third facet, lifted as a muscle is.
	focus []string
	// facets are the muscles, equipment and focuses (not a topic's) it
	// names, as the documents that carry each; partial says whether
	// other words are left.
	facets  []query.Query
	partial bool
	// topics are the topics the text names (see meaningOf).
	topics []string
	// concepts are the topics, muscles and exercises a topic query names,
	// as documents that mention each (see topics.go).
	concepts []query.Query
	// read says the muscles were read as a boost (understand.go), which
	// lifts their exercises already: they are lifted less.
	read bool
	// titled are the same concepts, as the documents whose title names
	// each.
	titled []query.Query
	// covered maps the words that name topics to them (topics.go).
	covered map[string][]string
	// words are a topic query's other words, as the articles whose title
	// or lead holds each (titlewords.go).
	words []query.Query
	// trains are, for a topic query, the muscles it names and those its
	// topics train (the taxonomy's implies: grip strength trains the
	// forearms).
	trains []string
	// exercises are, for a topic query, the exercises it names by words
	// of their own (not a topic's), as their documents and as the
	// articles whose title names each.
	exercises, exerciseArticles []query.Query
	// aboutTopic matches, for a topic query that names exercises, the
	// documents whose title or lead names one of its topics: among the
	// exercises' variants, those about the topic too (the push-ups
	// tagged for beginners, where the visitor asks for beginners).
	aboutTopic query.Query
	// asks says the text asks what trains the muscles it names ("hvad
	// træner man biceps med"): their exercises are lifted as the
	// muscle's name alone lifts them, though other words are left.
	asks bool
}

// meaningOf decides the intent of text, whose words were analysed into
// byLang and of which the words in covered name topics. A topic whose
// words are all part of a longer exercise name is no topic: "split" in
// "bulgarian split squat".
func (ix *Index) meaningOf(text string, byLang map[string][]word, topics []string, covered map[string][]string) understanding {
	var u understanding
	folded := strings.Fields(corpus.Fold(text))
	if len(folded) == 0 {
		return u
	}
	exercise := make([]bool, len(folded))
	equipment := false
	inName := map[string]bool{}    // words of exercise names of two words or more
	equipWord := map[string]bool{} // words of equipment names
	for _, c := range ix.findConcepts(text) {
		switch c.Section {
		case corpus.ExerciseConcepts:
			u.named = append(u.named, termQuery(indexer.FieldFamily, c.ID, boostFilter))
		case "muscle":
			u.muscles = append(u.muscles, c.ID)
			u.facets = append(u.facets, termQuery(c.Section, c.ID, boostConcept))
		case "equipment":
			equipment = true
			u.facets = append(u.facets, termQuery(c.Section, c.ID, boostConcept))
			for i := c.Start; i < c.End && i < len(folded); i++ {
				equipWord[folded[i]] = true
			}
		case "focus":
			u.focus = append(u.focus, c.ID)
			if namesTopic(covered, folded, c.Start, c.End) {
				// A focus that is a topic too ("stretching",
				// "mobility") is the topic's to say: the
				// articles about it.
				continue
			}
			u.facets = append(u.facets, termQuery(c.Section, c.ID, boostConcept))
		default:
			continue
		}
		for i := c.Start; i < c.End && i < len(folded); i++ {
			exercise[i] = true
			if c.End-c.Start > 1 {
				inName[folded[i]] = true
			}
		}
	}
	for _, c := range ix.mined.find(folded) {
		u.named = append(u.named, termQuery(indexer.FieldConcept, c.id, boostFilter))
		for i := c.start; i < c.end; i++ {
			exercise[i] = true
			if c.end-c.start > 1 {
				inName[folded[i]] = true
			}
		}
	}
	// A topic named by an equipment's name beside a muscle or an
	// exercise is the equipment: "lower abs bodyweight" asks for
	// bodyweight exercises for the abs, not about training with one's
	// body weight.
	asked := len(u.muscles) > 0 || len(u.named) > 0
	alone := map[string]bool{} // topics named by a word outside exercise names
	for raw, ids := range covered {
		if f := corpus.Fold(raw); !inName[f] && !(asked && equipWord[f]) {
			for _, id := range ids {
				alone[id] = true
			}
		}
	}
	for _, id := range topics {
		if alone[id] {
			u.topics = append(u.topics, id)
		}
	}
	topics = u.topics
	content, allExercise := 0, true
	for i, w := range folded {
		if ix.stopWord(w) {
			continue
		}
		content++
		if !exercise[i] {
			allExercise = false
		}
	}
	u.covered = covered
	question := strings.HasSuffix(strings.TrimSpace(text), "?") || questionWords[folded[0]] && len(folded) > 1
	switch {
	case question && whatWords[folded[0]] && !asksAbout(folded) && len(topics) == 0 && len(u.muscles) > 0:
		// "what does one train the biceps with": the exercises for it.
		u.intent, u.partial, u.asks = intentExercise, true, true
	case question:
		u.intent = intentTopic
		u.concepts, u.titled = ix.topicConcepts(text, topics, covered)
		u.words = ix.titledWords(byLang, covered)
	case content > 0 && allExercise:
		u.intent = intentExercise
	case len(topics) > 0:
		u.intent = intentTopic
		u.concepts, u.titled = ix.topicConcepts(text, topics, covered)
		u.words = ix.titledWords(byLang, covered)
	case len(u.named) > 0 || len(u.muscles) > 0 || equipment || len(u.facets) > 0:
		u.intent, u.partial = intentExercise, true
	case content >= 2 && prose(byLang, covered):
		u.intent = intentTopic
		u.concepts, u.titled = ix.topicConcepts(text, topics, covered)
		u.words = ix.titledWords(byLang, covered)
	}
	if u.intent == intentTopic {
		u.trains = ix.trainedBy(text, u.topics, covered)
		u.exercises, u.exerciseArticles = ix.topicExercises(text, u.topics, covered)
		if len(u.exercises) > 0 {
			u.aboutTopic = ix.aboutTopics(u.topics)
		}
	}
	return u
}

// aboutTopics matches the documents whose title or lead names one of
// topics, or nil when none can.
func (ix *Index) aboutTopics(topics []string) query.Query {
	var qs []query.Query
	for _, id := range topics {
		if q := ix.titled(id); q != nil {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return nil
	}
	return disjunction(qs)
}

// topicExercises are the exercise families a topic query names by words
// that name no topic, as their exercises and as the articles titled with
// each.
func (ix *Index) topicExercises(text string, topics []string, covered map[string][]string) (docs, mentioned []query.Query) {
	topical := topicalWords(covered)
	folded := strings.Fields(corpus.Fold(text))
	for _, c := range ix.findConcepts(text) {
		if c.Section != corpus.ExerciseConcepts || len(topics) > 0 && allTopical(folded, c.Start, c.End, topical) {
			continue
		}
		docs = append(docs, termQuery(indexer.FieldFamily, c.ID, boostFilter))
		if m := ix.titled(corpus.ExerciseConcepts + ":" + c.ID); m != nil {
			mentioned = append(mentioned, m)
		}
	}
	return docs, mentioned
}

// trainedBy is the muscles a topic query names, and those its topics imply,
// once each. A muscle named by words that name a topic is that topic's to
// say ("ryggen" in "vondt i ryggen" is back pain's, which trains the lower
// back, not every back exercise), as in topicConcepts.
func (ix *Index) trainedBy(text string, topics []string, covered map[string][]string) []string {
	topical := topicalWords(covered)
	folded := strings.Fields(corpus.Fold(text))
	var out []string
	for _, c := range ix.findConcepts(text) {
		if c.Section != "muscle" || len(topics) > 0 && allTopical(folded, c.Start, c.End, topical) {
			continue
		}
		if !slices.Contains(out, c.ID) {
			out = append(out, c.ID)
		}
	}
	f := ix.taxonomy.Topics()
	for _, id := range topics {
		if f == nil || f.Term(id) == nil {
			continue
		}
		for _, m := range f.Term(id).Implies["muscle"] {
			if !slices.Contains(out, m) {
				out = append(out, m)
			}
		}
	}
	return out
}

// topicalWords are the folded words of covered that name a topic.
func topicalWords(covered map[string][]string) map[string]bool {
	topical := map[string]bool{}
	for raw, ids := range covered {
		if len(ids) > 0 {
			topical[corpus.Fold(raw)] = true
		}
	}
	return topical
}

// topicConcepts are the mentions of the topics, muscles and exercises a
// topic query names. An exercise or a muscle named by words that name a
// topic (covered) is that topic again ("løping" names running and the
// exercise "Løb"): counted twice, it would halve what the query's other
// concepts weigh.
func (ix *Index) topicConcepts(text string, topics []string, covered map[string][]string) (mentioned, titled []query.Query) {
	keys := slices.Clone(topics)
	topical := topicalWords(covered)
	folded := strings.Fields(corpus.Fold(text))
	for _, c := range ix.taxonomy.FindConcepts(text, false) {
		if c.Section == "muscle" || c.Section == corpus.ExerciseConcepts {
			if len(topics) > 0 && allTopical(folded, c.Start, c.End, topical) {
				continue
			}
			if k := c.Section + ":" + c.ID; !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	for _, k := range keys {
		m, t := ix.mentions(k), ix.titled(k)
		switch {
		case m != nil && t != nil:
			// A tag names a topic in the lead only: the article
			// mentions what it is tagged with.
			mentioned = append(mentioned, query.NewDisjunctionQuery([]query.Query{m, t}))
		case m != nil:
			mentioned = append(mentioned, m)
		case t != nil:
			mentioned = append(mentioned, t)
		}
		if t != nil {
			titled = append(titled, t)
		}
	}
	return mentioned, titled
}

// namesTopic reports whether one of the folded words from start to end
// names a topic (covered maps raw words to the topics they name).
func namesTopic(covered map[string][]string, folded []string, start, end int) bool {
	for raw, ids := range covered {
		if len(ids) == 0 {
			continue
		}
		f := corpus.Fold(raw)
		for i := start; i < end && i < len(folded); i++ {
			if folded[i] == f {
				return true
			}
		}
	}
	return false
}

// allTopical reports whether the words from start to end all name topics.
func allTopical(words []string, start, end int, topical map[string]bool) bool {
	for i := start; i < end; i++ {
		if i >= len(words) || !topical[words[i]] {
			return false
		}
	}
	return true
}

// merged is the union of two maps of words to the topics they name.
func merged(a, b map[string][]string) map[string][]string {
	out := make(map[string][]string, len(a)+len(b))
	for _, m := range []map[string][]string{a, b} {
		for k, v := range m {
			out[k] = append(out[k], v...)
		}
	}
	return out
}

// wholeMeaning is the meaning of text planned in parts (understand.go):
// its intent is the whole text's, filter words included ("Bauchmuskeln",
// "rumpe øvelser med strikk" ask for exercises). The muscles read are
// lifted by the reading already, unless alone says the reading is all
// there is ("rygøvelser", "legger"): a reading lifts only beside other
// words.
func (ix *Index) wholeMeaning(text string, alone bool) understanding {
	byLang := ix.lookedUpWords(text)
	(&splitter{ix: ix}).compounds(byLang)
	ix.bridge(byLang)
	u := ix.splitMeaning(text, byLang)
	if !alone {
		u.muscles = nil
	}
	u.read = true
	// The article whose title names the muscle is about it: it is lifted
	// alike ("ballerne": the article on training the glutes).
	for _, m := range u.muscles {
		if u.intent != intentExercise {
			break
		}
		if q := ix.titled("muscle:" + m); q != nil {
			u.titled = append(u.titled, q)
		}
	}
	return u
}

// splitMeaning is the meaning of text, whose words were analysed, split
// (decompound.go) and bridged into byLang. Taxonomy names and topics are
// whole words, so a compound no name lists names nothing before it is
// split; read whole, the text keeps the names its compounds are
// ("skulderpress", "markløft"), so the split reading only adds: a text
// that asks for nothing whole is read split ("håndvægtsroning" is dumbbell
// rows, as "håndvægts roning" is), and a topic gains the topics its
// compounds name ("baglårsskade" names an injury), and with them the
// muscles and exercises (the hamstrings: TestCompoundMuscleTopic).
func (ix *Index) splitMeaning(text string, byLang map[string][]word) understanding {
	topics, covered := ix.topics.named(text, byLang)
	u := ix.meaningOf(text, byLang, topics, covered)
	st := splitText(text, byLang)
	if st == text || u.intent == intentExercise {
		return u
	}
	parts := ix.lookedUpWords(st)
	ix.bridge(parts)
	ptopics, pcovered := ix.topics.named(st, parts)
	su := ix.meaningOf(st, parts, ptopics, pcovered)
	switch {
	case u.intent == intentUndecided:
		return su
	case su.intent == intentTopic:
		n := len(u.topics)
		for _, id := range su.topics {
			if !slices.Contains(u.topics, id) {
				u.topics = append(u.topics, id)
			}
		}
		if len(u.topics) > n {
			u.concepts, u.titled = ix.topicConcepts(st, u.topics, merged(u.covered, su.covered))
		}
		for _, m := range su.trains {
			if !slices.Contains(u.trains, m) {
				u.trains = append(u.trains, m)
			}
		}
	}
	return u
}

// prose reports whether some word of the text is, in the index, a word of
// bodies only: known in some language, in no language's titles.
func prose(byLang map[string][]word, covered map[string][]string) bool {
	inTitle, known := map[string]bool{}, map[string]bool{}
	for _, ws := range byLang {
		for _, w := range ws {
			if w.inTitle {
				inTitle[w.raw] = true
			}
			if w.known() {
				known[w.raw] = true
			}
		}
	}
	for raw := range known {
		if !inTitle[raw] && len(covered[raw]) == 0 {
			return true
		}
	}
	return false
}

// facetsQuery matches, for an exercise query that names muscles or
// equipment among other words ("rumpe øvelser", "skulder træning med
// elastik"), the exercises that carry all of them: the other words are
// variants or filters that few documents hold in every language. A text
// of concepts alone is conceptQuery's; a topic that names a muscle does
// not make every exercise for it a match.
func (u understanding) facetsQuery() query.Query {
	if !u.partial || len(u.facets) == 0 {
		return nil
	}
	kind := termQuery(indexer.FieldKind, string(corpus.KindExercise), boostFilter)
	return query.NewConjunctionQuery(append([]query.Query{kind}, u.facets...))
}

// conceptArticles matches, for a topic query, the articles that name any
// of its concepts in any language, so that the lifts reach them although
// they lack the query's words: "hvordan få større rumpe" finds the Danish
// article on training the glutes. Their own score is a constant, small
// beside the lifts.
func (u understanding) conceptArticles() query.Query {
	if u.intent != intentTopic || len(u.concepts) == 0 {
		return nil
	}
	// Not constant's match-all: the lifts scale this plan (see lift), and
	// bleve's reference cannot scale a match-all. The kind's term scores
	// the same for every article.
	article := termQuery(indexer.FieldKind, string(corpus.KindArticle), boostConceptArticle)
	return query.NewConjunctionQuery([]query.Query{article, disjunction(u.concepts)})
}

// trainedExercises matches, for a topic query, the exercises that train
// the muscles it names or its topics imply, so that the lift reaches them
// although they lack its words: "vondt i ryggen" finds the exercises for
// the lower back after the articles. Their own score is a constant, small
// beside the lift.
func (u understanding) trainedExercises() query.Query {
	if u.intent != intentTopic || len(u.trains)+len(u.focus) == 0 {
		return nil
	}
	exercise := termQuery(indexer.FieldKind, string(corpus.KindExercise), boostConceptArticle)
	return query.NewConjunctionQuery([]query.Query{exercise, disjunction(trainedTerms(u.trains, u.focus))})
}

// lift adds to q's matches the lifts of the intent u.
func (u understanding) lift(q query.Query) query.Query {
	var lifts []query.Query
	switch u.intent {
	case intentExercise:
		exercise := termQuery(indexer.FieldKind, string(corpus.KindExercise), boostFilter)
		lifts = append(lifts, constant(liftExercise, exercise))
		// An article whose title names the exercise is still an article.
		if len(u.named) > 0 {
			lifts = append(lifts, constant(liftNamed, exercise, disjunction(u.named)))
		} else if len(u.muscles)+len(u.focus) > 0 && (!u.partial || u.asks) {
			ms := trainedTerms(u.muscles, u.focus)
			lift := liftMuscle
			if u.read {
				lift = liftMuscleRead
			}
			lifts = append(lifts, constant(lift, exercise, disjunction(ms)))
			if u.read && len(u.titled) > 0 {
				article := termQuery(indexer.FieldKind, string(corpus.KindArticle), boostFilter)
				lifts = append(lifts, constant(lift+liftExercise, article, disjunction(u.titled)))
			}
		}
	case intentTopic:
		article := termQuery(indexer.FieldKind, string(corpus.KindArticle), boostFilter)
		switch {
		case len(u.exercises) > 0:
			// A topic about an exercise ("push up for beginners"):
			// the exercise leads, after the articles about it, above
			// those that only share the topic or mention it in passing
			// (a full-body program for beginners).
			exercise := termQuery(indexer.FieldKind, string(corpus.KindExercise), boostFilter)
			lifts = append(lifts, constant(liftTopicNamed, exercise, disjunction(u.exercises)))
			if u.aboutTopic != nil {
				lifts = append(lifts, constant(liftTopicVariant, exercise, disjunction(u.exercises), u.aboutTopic))
			}
			if len(u.exerciseArticles) > 0 {
				lifts = append(lifts, constant(liftArticle, article, disjunction(u.exerciseArticles)))
			}
		default:
			lifts = append(lifts, constant(liftArticle, article))
		}
		// An article gains for each concept of the query it names, in
		// any language: the one about running and hamstrings ranks above
		// the one about running alone, whatever its language.
		for _, c := range u.concepts {
			lifts = append(lifts, constant(liftCovered/float64(len(u.concepts)), article, c))
		}
		// More still for each it names in its title.
		for _, c := range u.titled {
			lifts = append(lifts, constant(liftTitled/float64(len(u.concepts)), article, c))
		}
		// And more for each two of them its title or lead names
		// together: an article about both is about the query, where one
		// that names each in its own article-long text may be about
		// either ("løping for nybegynnere": getting started with
		// running, above the article on running backwards).
		if n := len(u.titled); n >= 2 {
			pairs := float64(n * (n - 1) / 2)
			for i := range n {
				for j := i + 1; j < n; j++ {
					lifts = append(lifts, constant(liftPaired/pairs, article, u.titled[i], u.titled[j]))
				}
			}
		}
		for _, w := range u.words {
			lifts = append(lifts, constant(liftWords/float64(len(u.words)), article, w))
		}
		// The exercises for the muscles it is about come next, above
		// those that merely share a word ("Griffkraft verbessern": the
		// forearm exercises after the article on grip strength).
		if len(u.trains)+len(u.focus) > 0 {
			exercise := termQuery(indexer.FieldKind, string(corpus.KindExercise), boostFilter)
			lifts = append(lifts, constant(liftTrains, exercise, disjunction(trainedTerms(u.trains, u.focus))))
		}
	}
	// Each lift is a should clause of its own: a boolean query scales its
	// should clauses by the share that match, which would make a lift
	// depend on the others.
	//
	// Each lift is also restricted to q's matches (scaled to nothing: the
	// evaluator evaluates q once), so that it intersects from them rather
	// than walk every document of a kind: the evaluator recognises the
	// chain and adds the lifts in place to q's matches (lifted.go); only
	// a text's plan (a
	// disjunction), not one in parts (understand.go), which bleve's
	// reference cannot scale.
	base := q
	_, text := base.(*query.DisjunctionQuery)
	for _, l := range lifts {
		if text {
			l.(*query.ConjunctionQuery).AddQuery(&scaled{base, 0})
		}
		q = query.NewBooleanQuery([]query.Query{q}, []query.Query{l}, nil)
	}
	return q
}

// trainedTerms matches the exercises that train one of muscles or have one
// of focus, as filters (they lift, they do not rank).
func trainedTerms(muscles, focus []string) []query.Query {
	var qs []query.Query
	for _, m := range muscles {
		qs = append(qs, termQuery(indexer.FieldMuscle, m, boostFilter))
	}
	for _, f := range focus {
		qs = append(qs, termQuery(indexer.FieldFocus, f, boostFilter))
	}
	return qs
}

// constant scores value for every document all of qs match.
func constant(value float64, qs ...query.Query) query.Query {
	all := query.NewMatchAllQuery()
	all.SetBoost(value)
	return query.NewConjunctionQuery(append([]query.Query{all}, qs...))
}

func disjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(slices.Clone(qs))
}

// lookedUpWords is text's words in each language, each looked up in that
// language's fields.
func (ix *Index) lookedUpWords(text string) map[string][]word {
	byLang := make(map[string][]word, len(corpus.Languages))
	for _, lang := range corpus.Languages {
		ws := ix.words(lang, text)
		for i := range ws {
			ix.lookUp(lang, &ws[i])
		}
		byLang[lang] = ws
	}
	return byLang
}
