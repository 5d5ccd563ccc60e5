package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Languages are the languages exsearch indexes, as ISO 639-1 codes. "no" is
// Norwegian bokmål.
var Languages = []string{"da", "no", "de", "en"}

// languageAliases maps the spellings sources use for a declared language to
// its code. Keys are lower case.
var languageAliases = map[string]string{
	"da": "da", "dan": "da", "da-dk": "da", "da_dk": "da", "danish": "da", "dansk": "da",
	"no": "no", "nb": "no", "nob": "no", "nor": "no", "nb-no": "no", "nb_no": "no", "no-no": "no",
	"norwegian": "no", "norsk": "no", "bokmål": "no", "bokmal": "no", "nn": "no", "nynorsk": "no",
	"de": "de", "deu": "de", "ger": "de", "de-de": "de", "de_de": "de", "de-at": "de", "de-ch": "de",
	"german": "de", "deutsch": "de",
	"en": "en", "eng": "en", "en-us": "en", "en-gb": "en", "en_us": "en", "en_gb": "en", "english": "en",
}

// ParseLanguage maps a declared language ("da", "nb-NO", "Deutsch", …) to one
// of Languages. YAML 1.1 readers turn an unquoted `language: no` into false;
// callers pass the original scalar text, so "no" arrives here intact.
func ParseLanguage(declared string) (string, error) {
	code, ok := languageAliases[strings.ToLower(strings.TrimSpace(declared))]
	if !ok {
		return "", fmt.Errorf("language %q is not supported (want one of da, no, de, en)", declared)
	}
	return code, nil
}

// IsLanguage reports whether code is one of Languages.
func IsLanguage(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

// Detector identifies the language of undeclared text with lingua-go's
// n-gram models, scored as lingua scores them (lingua.go), among Danish,
// Norwegian bokmål, German and English: restricting the candidates is what
// makes Danish vs Norwegian reliable. Nynorsk is a candidate too, so that
// Norwegian text that leans towards nynorsk is not pushed to Danish; it is
// reported as "no". The zero value is ready; the models load on first use
// and are shared by every Detector.
type Detector struct{}

// Detect returns the language code of text, or an error when the text gives
// the detector nothing to go on (no letters).
func (d *Detector) Detect(text string) (string, error) {
	lang, ok, err := linguaDetect(text)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", fmt.Errorf("language could not be detected (declare it with `language:`)")
	}
	return linguaLanguages[lang].code, nil
}

// detectionSample is the text the language detector sees: enough of the
// document to be sure, bounded so long articles cost no more than short ones.
func detectionSample(d *Document) string {
	s := d.Title + "\n" + d.Excerpt + "\n" + d.Instructions + "\n" + d.Body
	if len(s) > 4000 {
		s = s[:4000]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}
