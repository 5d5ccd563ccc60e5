package corpus

// This file is exsearch's boundary with lingua-go (github.com/pemistahl/lingua-go,
// Apache License 2.0): language identification with lingua's own n-gram
// models, scored the way lingua scores them. lingua's root package embeds the
// models of all its 75 languages (124 MB) into any binary that imports it,
// whichever languages the detector is built from; exsearch embeds those of
// the five it asks about (lingua-models/, 12 MB, copied from the module by
// go generate) and reads them with lingua's generated protobuf types
// (package serialization, which embeds nothing). lingua-go's root package is
// imported by the tests only, to check this file against it.
//
// What follows is lingua's detector (detector.go of v1.4.0) in its default,
// high-accuracy mode, built from Danish, Bokmål, Nynorsk, German and English:
//
//  1. Words are the runs of letters of the lower-cased text; a Han, Hangul,
//     Hiragana or Katakana character is a word of its own. No words: no
//     language.
//  2. Rules. A word with both Han and Hiragana or Katakana counts for
//     Japanese, one with more ß than Han or kana for German, any other word
//     for nobody. When the words nobody claims are fewer than half, or fewer
//     than German's or Japanese's, the most counted wins (Japanese, not a
//     candidate, means no language); a tie decides nothing.
//  3. Alphabets. The script most words are written in wholly decides the
//     candidates: Latin keeps all five, any other none. Then, when at least
//     half as many (word, letter) pairs as there are words have æ, ø or å,
//     the candidates narrow to the three Nordic languages, and with ä, ö or
//     ü to German (both: all four); one candidate left wins outright.
//  4. N-grams. Text of 120 letters or more is scored on its trigrams alone,
//     shorter text on its uni-, bi-, tri-, quadri- and fivegrams. Each
//     distinct n-gram adds the log of its probability in the candidate's
//     model, or, when the model lacks it, of its longest prefix that a
//     shorter model has. For short text the sum is divided by the number of
//     distinct letters the candidate's unigram model knows. The highest
//     score wins; a tie, or no score at all, is no language.
//
// lingua turns the scores into confidences through an exponent in
// arbitrary-precision decimals; the order is the same, and this file
// compares the scores themselves. That exponent keeps some 25 decimal places
// of e^(score/1000), so on text far longer than the 4,000 bytes exsearch
// gives a detector (detectionSample) lingua can see near ties as ties; this
// file does not copy that. Where two scripts tie for the most words,
// lingua's pick between them depends on map order; here Latin wins such a
// tie.
//
// Assumptions about lingua-go, each with the test that guards it:
//
//	assumption                                              guarded by
//	lingua-models/ holds, byte for byte, the model files    TestLinguaModelsMatchModule
//	  of da, nb, nn, de and en of the lingua-go version
//	  go.mod requires, and nothing else
//	a model file is a zip archive whose first entry is a    TestLinguaModels
//	  serialization.SerializableLanguageModel of its
//	  language and n-gram length; each NgramSet's
//	  probability belongs to each of its n-grams
//	lingua's detector does what the list above says         TestDetectorAgreesWithLingua (every
//	  (rules, alphabets, the characters that narrow the       text of the embedded and shared
//	  candidates, the 120-letter switch, the backoff, the     corpora, paragraph by paragraph, and
//	  unigram divisor; no text there ties, so ties are        wger's texts in some 25 languages)
//	  checked against detector.go by reading only)
//
// Upgrading lingua-go: go get it, run go generate ./corpus, and run those
// tests (go test ./corpus -run 'Lingua' -count=1).

import (
	"archive/zip"
	"bytes"
	"embed"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go/serialization"
	"google.golang.org/protobuf/proto"
)

//go:generate go run gen_lingua_models.go da nb nn de en

//go:embed lingua-models/*/*.pb.bin.zip
var linguaModelFiles embed.FS

// linguaLanguage is a language the detector weighs.
type linguaLanguage int

const (
	linguaDanish linguaLanguage = iota
	linguaBokmal
	linguaNynorsk
	linguaGerman
	linguaEnglish
	linguaLanguageCount
)

// linguaLanguages names each language's folder of models and the exsearch
// language it counts as.
var linguaLanguages = [linguaLanguageCount]struct {
	folder, code string
	serialized   serialization.SerializableLanguage
}{
	linguaDanish:  {"da", "da", serialization.SerializableLanguage_DANISH},
	linguaBokmal:  {"nb", "no", serialization.SerializableLanguage_BOKMAL},
	linguaNynorsk: {"nn", "no", serialization.SerializableLanguage_NYNORSK},
	linguaGerman:  {"de", "de", serialization.SerializableLanguage_GERMAN},
	linguaEnglish: {"en", "en", serialization.SerializableLanguage_ENGLISH},
}

var (
	allLinguaLanguages = []linguaLanguage{linguaDanish, linguaBokmal, linguaNynorsk, linguaGerman, linguaEnglish}
	nordicLanguages    = []linguaLanguage{linguaDanish, linguaBokmal, linguaNynorsk}
)

// linguaMaxN is the longest n-gram lingua has models of; linguaNgramFiles
// names them by length.
const linguaMaxN = 5

var linguaNgramFiles = [linguaMaxN]string{"unigrams", "bigrams", "trigrams", "quadrigrams", "fivegrams"}

// linguaWords is lingua's word pattern (constant.go: letters).
var linguaWords = regexp.MustCompile(`\p{Han}|\p{Hangul}|\p{Hiragana}|\p{Katakana}|\p{L}+`)

// linguaDetect is lingua's DetectLanguageOf; ok is false where lingua gives
// Unknown.
func linguaDetect(text string) (lang linguaLanguage, ok bool, err error) {
	words := linguaWords.FindAllString(strings.ToLower(text), -1)
	if len(words) == 0 {
		return 0, false, nil
	}
	if lang, decided, ok := linguaRules(words); decided {
		return lang, ok, nil
	}
	candidates := linguaCandidates(words)
	switch len(candidates) {
	case 0:
		return 0, false, nil
	case 1:
		return candidates[0], true, nil
	}
	return linguaScore(words, candidates)
}

// linguaRules is step 2: decided is false when the rules leave the question
// to the n-grams.
func linguaRules(words []string) (lang linguaLanguage, decided, ok bool) {
	var unknown, german, japanese int
	for _, w := range words {
		var ß, han, kana int
		for _, r := range w {
			switch {
			case unicode.Is(unicode.Han, r):
				han++
			case unicode.In(r, unicode.Hiragana, unicode.Katakana):
				kana++
			case r == 'ß':
				ß++
			}
		}
		switch {
		case han > 0 && kana > 0:
			japanese++
		case ß > 0 && ß > han && ß > kana:
			german++
		default:
			unknown++
		}
	}
	if float64(unknown) < float64(len(words))*0.5 {
		unknown = 0
	}
	top, second := german, japanese
	if japanese > german {
		top, second = japanese, german
	}
	if unknown > top {
		top, second = unknown, top
	} else if unknown > second {
		second = unknown
	}
	switch {
	case top == 0 || top == second || top == unknown:
		return 0, false, false
	case top == german:
		return linguaGerman, true, true
	default: // Japanese: no candidate of ours
		return 0, true, false
	}
}

// linguaScripts are lingua's alphabets (alphabet.go), in its order.
var linguaScripts = []*unicode.RangeTable{
	unicode.Arabic, unicode.Armenian, unicode.Bengali, unicode.Cyrillic, unicode.Devanagari,
	unicode.Georgian, unicode.Greek, unicode.Gujarati, unicode.Gurmukhi, unicode.Han,
	unicode.Hangul, unicode.Hebrew, unicode.Hiragana, unicode.Katakana, unicode.Latin,
	unicode.Tamil, unicode.Telugu, unicode.Thai,
}

// The letters that narrow the candidates (constant.go:
// charsToLanguagesMapping, the entries that name one of ours).
const (
	nordicLetters = "ØøÆæÅå"
	germanLetters = "ÄäÖöÜü"
)

// linguaCandidates is step 3 (lingua's filterLanguagesByRules).
func linguaCandidates(words []string) []linguaLanguage {
	counts := make(map[*unicode.RangeTable]int)
	for _, w := range words {
		for _, script := range linguaScripts {
			if whollyIn(w, script) {
				counts[script]++
				break
			}
		}
	}
	if len(counts) == 0 {
		return allLinguaLanguages
	}
	most, allEqual := 0, true
	for _, n := range counts {
		if most != 0 && n != most {
			allEqual = false
		}
		most = max(most, n)
	}
	if len(counts) > 1 && allEqual {
		return allLinguaLanguages
	}
	if counts[unicode.Latin] != most {
		return nil
	}
	var nordic, german int
	for _, w := range words {
		nordic += lettersIn(w, nordicLetters)
		german += lettersIn(w, germanLetters)
	}
	half := float64(len(words)) * 0.5
	var narrowed []linguaLanguage
	if float64(nordic) >= half {
		narrowed = append(narrowed, nordicLanguages...)
	}
	if float64(german) >= half {
		narrowed = append(narrowed, linguaGerman)
	}
	if len(narrowed) > 0 {
		return narrowed
	}
	return allLinguaLanguages
}

func whollyIn(w string, script *unicode.RangeTable) bool {
	for _, r := range w {
		if !unicode.Is(script, r) {
			return false
		}
	}
	return true
}

// lettersIn counts the letters of set that w holds, each once.
func lettersIn(w, set string) int {
	n := 0
	for _, r := range set {
		if strings.ContainsRune(w, r) {
			n++
		}
	}
	return n
}

// linguaScore is step 4.
func linguaScore(words []string, candidates []linguaLanguage) (linguaLanguage, bool, error) {
	letters := 0
	for _, w := range words {
		letters += utf8.RuneCountInString(w)
	}
	lengths := []int{1, 2, 3, 4, 5}
	if letters >= 120 {
		lengths = []int{3}
	}
	grams := make(map[int][][]string, len(lengths))
	for _, n := range lengths {
		grams[n] = linguaNgrams(words, n)
	}
	best, bestScore, tie := linguaLanguage(-1), 0.0, false
	for _, lang := range candidates {
		var models [linguaMaxN]map[string]float64
		for n := 1; n <= lengths[len(lengths)-1]; n++ {
			m, err := linguaModel(lang, n)
			if err != nil {
				return 0, false, err
			}
			models[n-1] = m
		}
		score := 0.0
		for _, n := range lengths {
			for _, prefixes := range grams[n] {
				for _, p := range prefixes {
					if prob := models[utf8.RuneCountInString(p)-1][p]; prob > 0 {
						score += math.Log(prob)
						break
					}
				}
			}
		}
		if lengths[0] == 1 {
			known := 0
			for _, prefixes := range grams[1] {
				if models[0][prefixes[0]] > 0 {
					known++
				}
			}
			if known > 0 {
				score /= float64(known)
			}
		}
		switch {
		case score == 0:
		case best < 0 || score > bestScore:
			best, bestScore, tie = lang, score, false
		case score == bestScore:
			tie = true
		}
	}
	return best, best >= 0 && !tie, nil
}

// linguaNgrams returns the distinct n-grams of the words, each as itself and
// its shorter prefixes, longest first (lingua's rangeOfLowerOrderNgrams).
func linguaNgrams(words []string, n int) [][]string {
	seen := make(map[string]bool)
	var out [][]string
	for _, w := range words {
		r := []rune(w)
		for i := 0; i+n <= len(r); i++ {
			g := string(r[i : i+n])
			if seen[g] {
				continue
			}
			seen[g] = true
			prefixes := make([]string, 0, n)
			for k := n; k >= 1; k-- {
				prefixes = append(prefixes, string(r[i:i+k]))
			}
			out = append(out, prefixes)
		}
	}
	return out
}

// linguaModels are loaded on first use and kept, as lingua keeps them.
var linguaModels [linguaLanguageCount][linguaMaxN]struct {
	once  sync.Once
	probs map[string]float64
	err   error
}

// linguaModel returns the probabilities of the n-grams of length n of lang.
func linguaModel(lang linguaLanguage, n int) (map[string]float64, error) {
	m := &linguaModels[lang][n-1]
	m.once.Do(func() { m.probs, m.err = loadLinguaModel(lang, n) })
	return m.probs, m.err
}

func linguaModelPath(lang linguaLanguage, n int) string {
	return path.Join("lingua-models", linguaLanguages[lang].folder, linguaNgramFiles[n-1]+".pb.bin.zip")
}

func loadLinguaModel(lang linguaLanguage, n int) (map[string]float64, error) {
	name := linguaModelPath(lang, n)
	model, err := readLinguaModel(name)
	if err != nil {
		return nil, fmt.Errorf("language model %s: %w", name, err)
	}
	if model.GetLanguage() != linguaLanguages[lang].serialized || model.GetNgramLength() != uint32(n) {
		return nil, fmt.Errorf("language model %s: holds %v %d-grams", name, model.GetLanguage(), model.GetNgramLength())
	}
	probs := make(map[string]float64, model.GetTotalNgrams())
	for _, set := range model.GetNgramSets() {
		for _, g := range set.GetNgrams() {
			probs[g] = set.GetProbability()
		}
	}
	return probs, nil
}

func readLinguaModel(name string) (*serialization.SerializableLanguageModel, error) {
	b, err := linguaModelFiles.ReadFile(name)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	if len(zr.File) == 0 {
		return nil, fmt.Errorf("empty zip archive")
	}
	f, err := zr.File[0].Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	var model serialization.SerializableLanguageModel
	if err := proto.Unmarshal(data, &model); err != nil {
		return nil, err
	}
	return &model, nil
}
