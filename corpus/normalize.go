package corpus

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalization. Text is typed, pasted and exported in more shapes than
// letters: a PDF gives "ﬁtness" with the fi ligature, a phone's Asian
// keyboard gives fullwidth "ｓｑｕａｔ", a Turkish keyboard a dotless ı, and
// web pages hide zero-width characters and soft hyphens inside words. None
// of them is what anyone means. Normalize reduces them to plain letters
// (Unicode's compatibility composition, NFKC, which maps ligatures,
// fullwidth and other presentation forms to the letters they stand for),
// removes the invisible characters and reads ı as i. The analyzers apply it
// to every word before anything else sees it (documents and queries alike),
// and Fold and FoldWord start with it.

// Ignorable reports whether r is an invisible character that may sit inside
// a word without being part of it: zero-width space, non-joiner, joiner,
// word joiner, soft hyphen and byte-order mark (zero-width no-break space).
// The analyzers' tokenizer reads them as part of the word they are in, and
// Normalize removes them.
func Ignorable(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\ufeff':
		return true
	}
	return false
}

// Normalize returns s in NFKC with the ignorable characters removed and
// dotless ı as i. Text that is ASCII is returned as it is.
func Normalize(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	if norm.NFKC.IsNormalString(s) && !strings.ContainsFunc(s[i:], special) {
		return s
	}
	s = norm.NFKC.String(s)
	if !strings.ContainsFunc(s, special) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case Ignorable(r):
		case r == 'ı':
			b.WriteByte('i')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func special(r rune) bool { return r == 'ı' || Ignorable(r) }
