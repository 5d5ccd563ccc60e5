package search

import (
	"strings"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
)

// Bridging Danish and Norwegian spelling. A Danish visitor reads bokmål as
// easily as Danish, and a Norwegian one Danish, and most of what a site in
// both languages holds is written in one of them only: a Norwegian asking
// for "trening med egen kroppsvekt" is answered by the Danish article on
// "træning med kropsvægt". The two languages write most shared words by a
// handful of regular correspondences, so a query word that one language's
// fields do not hold is respelled by them and looked up again:
//
//	bokmål      Danish       example
//	-sjon       -tion        restitusjon / restitution
//	e           æ            trening / træning
//	p t k       b d g        løpe / løbe, uten / uden, vekt / vægt (after a vowel)
//	kk pp tt …  k p t …      teknikk / teknik, kropp / krop (double consonants)
//	tt nn ll    dt nd ld     fett / fedt, nybegynner / nybegynder, utfall / udfald
//	ei øy       e øj         bein / ben, knebøy / knæbøj
//	kv          hv           kva / hva (nynorsk spellings in bokmål queries)
//
// and the reverse for a Danish word in the Norwegian fields. Where the two
// languages use other words, not other spellings (roing / roning,
// oppvarming / opvarmning, vondt / ondt, strikk / elastik), a short list
// of such pairs (neighbourWords) is consulted first, either way. The rules work
// on the analysed, folded term (æ is "ae", ø "oe"), and a respelling counts
// only if the language's fields hold it, so the rules propose and the index
// decides. The fewest changes win; a word the other languages (English,
// German) hold, or shorter than five letters, is left alone: it is not a
// Scandinavian word the visitor spelt the neighbour's way.

// respelling replaces from by to, where from follows a vowel if afterVowel.
type respelling struct {
	from, to   string
	afterVowel bool
}

// respellings are the rules that respell a word into the language the
// map is keyed by, from its neighbour's spelling.
var respellings = map[string][]respelling{
	"da": {
		{"sjon", "tion", false}, {"e", "ae", false},
		{"p", "b", true}, {"t", "d", true}, {"k", "g", true},
		{"kk", "k", false}, {"pp", "p", false}, {"tt", "t", false}, {"mm", "m", false}, {"ss", "s", false}, {"ll", "l", false}, {"nn", "n", false},
		{"tt", "dt", false}, {"nn", "nd", false}, {"ll", "ld", false},
		{"ei", "e", false}, {"oey", "oej", false}, {"kv", "hv", false},
	},
	"no": {
		{"tion", "sjon", false}, {"ae", "e", false},
		{"b", "p", true}, {"d", "t", true}, {"g", "k", true},
		{"k", "kk", true}, {"p", "pp", true}, {"t", "tt", true}, {"m", "mm", true},
		{"dt", "tt", false}, {"nd", "nn", false}, {"ld", "ll", false},
		{"oej", "oey", false}, {"ej", "ei", false},
	},
}

// neighbourPairs pairs bokmål words with the Danish ones for the same
// thing where the two differ by more than spelling: training, body and
// everyday words a visitor puts in a query, written from the two
// languages. A query word is looked up folded, and its partner analysed
// by the other language's analyzer.
var neighbourPairs = [][2]string{
	// {bokmål, Danish}
	{"roing", "roning"}, {"oppvarming", "opvarmning"}, {"vondt", "ondt"},
	{"baksiden", "bagsiden"}, {"baksida", "bagsiden"}, {"framsiden", "forsiden"}, {"fremsiden", "forsiden"},
	{"strikk", "elastik"}, {"strikken", "elastikken"}, {"tøying", "udstrækning"}, {"tøyning", "udstrækning"},
	{"uttøying", "udstrækning"}, {"tøye", "strække"}, {"manualer", "håndvægte"}, {"manual", "håndvægt"},
	{"rumpe", "numse"}, {"rumpa", "numsen"}, {"legger", "lægge"}, {"leggene", "læggene"},
	{"mage", "mave"}, {"magen", "maven"}, {"kne", "knæ"}, {"knær", "knæ"}, {"knærne", "knæene"},
	{"løping", "løb"}, {"løpingen", "løbet"}, {"økt", "træningspas"}, {"treningsøkt", "træningspas"},
	{"uke", "uge"}, {"uka", "ugen"}, {"ukentlig", "ugentlig"}, {"kveld", "aften"}, {"unngå", "undgå"},
	{"sliten", "træt"}, {"plager", "gener"}, {"svømming", "svømning"}, {"kosthold", "kost"},
	{"sunn", "sund"}, {"raskere", "hurtigere"}, {"fort", "hurtigt"}, {"sakte", "langsomt"},
	{"mye", "meget"}, {"gutt", "dreng"}, {"jente", "pige"}, {"hopp", "hop"}, {"sete", "balde"},
	{"nybegynner", "nybegynder"}, {"nybegynnere", "nybegyndere"},
	{"baklengs", "baglæns"}, {"forlengs", "forlæns"}, {"sidelengs", "sidelæns"}, {"lengre", "længere"},
	{"ball", "bold"}, {"ballen", "bolden"}, {"baller", "bolde"}, {"tau", "reb"}, {"hoppetau", "sjippetov"},
	{"føtter", "fødder"}, {"pust", "vejrtrækning"}, {"ryggsekk", "rygsæk"},
}

// neighbourWords maps, for the fields of a language, a folded word of the
// other to its word (see neighbourPairs).
var neighbourWords = func() map[string]map[string]string {
	m := map[string]map[string]string{"da": {}, "no": {}}
	for _, p := range neighbourPairs {
		no, da := corpus.Fold(p[0]), corpus.Fold(p[1])
		if _, ok := m["da"][no]; !ok {
			m["da"][no] = p[1]
		}
		if _, ok := m["no"][da]; !ok {
			m["no"][da] = p[0]
		}
	}
	return m
}()

// Bounds on the respellings of one word: at most bridgeEdits changes, and
// at most bridgeTries look-ups.
const (
	bridgeEdits   = 3
	bridgeTries   = 256
	bridgeMinRune = 5
)

// bridge respells the words of byLang that their language's fields do not
// hold (see the top of this file), and reports the raw words it bridged.
func (ix *Index) bridge(byLang map[string][]word) []string {
	var bridged []string
	for lang := range respellings {
		ws := byLang[lang]
		for i := range ws {
			w := &ws[i]
			if w.known() || ix.heldElsewhere(byLang, w.raw) {
				continue
			}
			term, ok := ix.neighbourTerm(lang, w.raw)
			if !ok && len([]rune(w.raw)) >= bridgeMinRune {
				term, ok = ix.respell(lang, w.term)
			}
			if !ok {
				continue
			}
			w.term, w.parts, w.split, w.loose = term, nil, false, false
			ix.lookUp(lang, w)
			bridged = append(bridged, w.raw)
		}
	}
	return bridged
}

// neighbourTerm is the analysed term, in lang, of the neighbour's word for
// raw (see neighbourWords), when lang's fields hold it.
func (ix *Index) neighbourTerm(lang, raw string) (string, bool) {
	other := neighbourWords[lang][corpus.Fold(raw)]
	if other == "" {
		return "", false
	}
	t := indexer.WordTerm(lang, other)
	return t, t != "" && ix.knownTerm(t, indexer.BodyField(lang))
}

// heldElsewhere reports whether English or German fields hold raw.
func (ix *Index) heldElsewhere(byLang map[string][]word, raw string) bool {
	for _, lang := range []string{"en", "de"} {
		for _, w := range byLang[lang] {
			if w.raw == raw && w.known() {
				return true
			}
		}
	}
	return false
}

// respell finds the respelling of term, with the fewest changes, that
// lang's fields hold.
func (ix *Index) respell(lang, term string) (string, bool) {
	body := indexer.BodyField(lang) // the body repeats the titles
	return respell(term, respellings[lang], func(t string) bool { return ix.knownTerm(t, body) })
}

// respell finds the respelling of term by rules, with the fewest changes
// (and then the earliest), that known holds; at most bridgeTries are asked.
func respell(term string, rules []respelling, known func(string) bool) (string, bool) {
	type site struct {
		at   int
		rule respelling
	}
	var sites []site
	for at := 0; at < len(term); at++ {
		for _, r := range rules {
			if !strings.HasPrefix(term[at:], r.from) {
				continue
			}
			if r.afterVowel && (at == 0 || !strings.ContainsRune("aeiouy", rune(term[at-1]))) {
				continue
			}
			sites = append(sites, site{at, r})
		}
	}
	tries := 0
	var found string
	// choose applies n more non-overlapping sites from sites[from:], in
	// order, to the term built so far.
	var choose func(from, n, end int, built string) bool
	choose = func(from, n, end int, built string) bool {
		if n == 0 {
			cand := built + term[end:]
			tries++
			if known(cand) {
				found = cand
				return true
			}
			return tries >= bridgeTries
		}
		for i := from; i < len(sites); i++ {
			s := sites[i]
			if s.at < end {
				continue
			}
			if choose(i+1, n-1, s.at+len(s.rule.from), built+term[end:s.at]+s.rule.to) {
				return true
			}
		}
		return false
	}
	for n := 1; n <= bridgeEdits && n <= len(sites); n++ {
		if choose(0, n, 0, "") {
			break
		}
	}
	return found, found != ""
}
