package corpus

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces s to the form facet values are compared in: normalized (see
// Normalize), lower case, the
// Nordic and German letters spelled out the way people type them on a
// keyboard without them (æ→ae, ø→oe, å→aa, ä→ae, ö→oe, ü→ue, ß→ss), other
// accents dropped, and every run of non-letters and non-digits read as one
// space. "Bænkpres", "baenkpres" and "BAENK-PRES" fold alike.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	emit := func(r rune) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	for _, r := range Normalize(s) {
		r = unicode.ToLower(r)
		if exp, ok := foldExpansions[r]; ok {
			for _, e := range exp {
				emit(e)
			}
			continue
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if !unicode.Is(unicode.Mn, r) {
				space = true
			}
			continue
		}
		if base := stripAccent(r); base != 0 {
			r = base
		}
		emit(r)
	}
	return b.String()
}

var foldExpansions = map[rune]string{
	'æ': "ae", 'ø': "oe", 'å': "aa", 'ä': "ae", 'ö': "oe", 'ü': "ue", 'ß': "ss",
}

// stripAccent returns the base letter of an accented letter (é→e), or 0.
func stripAccent(r rune) rune {
	if r < 0x80 {
		return 0
	}
	// The first rune of the decomposition is the base letter, if any.
	d := []rune(norm.NFD.String(string(r)))
	if len(d) > 1 && d[0] < 0x80 && unicode.IsLetter(d[0]) {
		return d[0]
	}
	return 0
}

// FoldWord folds the letters of one word the way Fold does (normalized,
// lower case, æ→ae, ø→oe, å→aa, ä→ae, ö→oe, ü→ue, ß→ss, accents dropped) and leaves
// every other character as it is. The index's folding filter uses it.
func FoldWord(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || (c >= 'A' && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range Normalize(s) {
		r = unicode.ToLower(r)
		if exp, ok := foldExpansions[r]; ok {
			b.WriteString(exp)
			continue
		}
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if base := stripAccent(r); base != 0 {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Slug turns a raw facet value into an id-shaped string ("Øvre ryg" →
// "oevre-ryg"), for values the taxonomy does not know. It is Fold with
// dashes, so that two spellings that compare alike get one id. Jekyll's
// slugify filter keeps letters as they are ("øvre-ryg") and kramdown's
// heading ids drop what is not ASCII ("vre-ryg"); those are package
// jekyll's (Slugify, HeadingIDs), kept apart because each must say what
// the site says.
func Slug(s string) string {
	return strings.ReplaceAll(Fold(s), " ", "-")
}
