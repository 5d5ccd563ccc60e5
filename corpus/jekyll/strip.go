package jekyll

import (
	"regexp"
	"strings"
)

// Liquid is Jekyll's template language. A page body's Liquid is rendered
// (render.go); where it is not rendered (front-matter values, which Jekyll
// does not render either, articles without front matter, and bodies whose
// Liquid cannot be rendered) its tags are instructions to the site
// generator, not text a visitor reads, so they are removed: comment blocks
// with their contents, then every remaining tag and output expression.
// Unclosed tags are left alone: they are most likely literal text.
var (
	liquidComment = regexp.MustCompile(`(?s)\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}`)
	liquidRaw     = regexp.MustCompile(`(?s)\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}`)
	liquidTag     = regexp.MustCompile(`(?s)\{%.*?%\}`)
	liquidOutput  = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
)

// StripLiquid removes Liquid markup from s. Text inside {% raw %} blocks is
// kept verbatim, as Jekyll would show it.
func StripLiquid(s string) string {
	if !hasLiquid(s) {
		return s // every pattern below starts with "{%" or "{{"
	}
	s = liquidComment.ReplaceAllString(s, "")
	var raws []string
	s = liquidRaw.ReplaceAllStringFunc(s, func(m string) string {
		raws = append(raws, liquidRaw.FindStringSubmatch(m)[1])
		return "\x00raw\x00"
	})
	s = liquidTag.ReplaceAllString(s, "")
	s = liquidOutput.ReplaceAllString(s, "")
	for _, r := range raws {
		s = strings.Replace(s, "\x00raw\x00", r, 1)
	}
	return s
}
