package corpus

import (
	"bytes"
	"strings"
)

// A plain-text article has no front matter: its first non-empty line is the
// title and the rest is the body. Articles are often pasted from web pages or
// written in Markdown, so the body goes through the same Markdown-to-text
// reduction as front-matter pages, and a title written as a Markdown heading
// ("# Title") loses its marks.

// parseArticle splits a plain-text article into title and body text.
func parseArticle(src []byte) (title, body string, err error) {
	rest := src
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		if t := strings.TrimSpace(string(line)); t != "" {
			title = cleanInline(strings.TrimLeft(t, "# "))
			break
		}
	}
	if title == "" {
		return "", "", errAtLine(1, "empty file: no title line")
	}
	return title, MarkdownToText(StripLiquid(string(rest))), nil
}
