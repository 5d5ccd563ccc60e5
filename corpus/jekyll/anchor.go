package jekyll

import (
	"fmt"
	"strings"
	"unicode"
)

// Jekyll's Markdown converter, kramdown, gives every heading an id
// ("auto_ids"), so that url#id lands on it. A link to a part of a page
// must use the id the site gave, so HeadingIDs makes them by kramdown's
// rule, not by corpus.Slug's or Slugify's: drop everything up to the first
// ASCII letter, keep only ASCII letters, digits, spaces and dashes, spaces
// as dashes, lower case; "section" when nothing is left; and -1, -2, … for
// a repeat. Letters outside ASCII are dropped, so "Hvordan træner du
// baglår?" is "hvordan-trner-du-baglr": that is what the site's links say.

// HeadingIDs gives the headings of one page, in order, their ids. The zero
// value is not usable; start with HeadingIDs{}.
type HeadingIDs map[string]int

// ID returns the id of the next heading, whose text is heading.
func (ids HeadingIDs) ID(heading string) string {
	s := strings.TrimLeftFunc(heading, func(r rune) bool { return !isASCIILetter(r) })
	var b strings.Builder
	for _, r := range s {
		switch {
		case isASCIILetter(r) || (r >= '0' && r <= '9') || r == '-':
			b.WriteRune(unicode.ToLower(r))
		case r == ' ':
			b.WriteByte('-')
		}
	}
	id := b.String()
	if id == "" {
		id = "section"
	}
	if n, ok := ids[id]; ok {
		ids[id] = n + 1
		return fmt.Sprintf("%s-%d", id, n+1)
	}
	ids[id] = 0
	return id
}

func isASCIILetter(r rune) bool { return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') }
