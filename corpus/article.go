package corpus

import (
	"bytes"
	"strings"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// A plain-text article has no front matter: its first non-empty line is the
// title and the rest is the body. Articles are often pasted from web pages or
// written in Markdown, so the body goes through the same Markdown-to-text
// reduction as front-matter pages, and a title written as a Markdown heading
// ("# Title") loses its marks.

// parseArticle splits a plain-text article into title, body text and the
// body's sections: at its Markdown headings if it has any, else at the lines
// that look like headings.
func parseArticle(src []byte) (title, body string, sections []Section, err error) {
	title, md, err := articleMarkdown(src)
	if err != nil {
		return "", "", nil, err
	}
	body, sections = markdownBody(md)
	if sections == nil {
		sections = plainTextSections(body)
	}
	return title, body, sections, nil
}

// articleMarkdown is a plain-text article's title, and its body as
// Markdown.
func articleMarkdown(src []byte) (title, md string, err error) {
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
	// Jekyll renders Liquid only in files with front matter and copies the
	// others as they are, so there is no rendering to imitate here: an
	// article has no page to bind. Markup in a pasted article is a site's
	// instructions that leaked into the text, not prose, so it is stripped.
	md = jekyll.StripLiquid(string(rest))
	if !hardWrapped(md) {
		// Text pasted from the web has one paragraph (or heading, or list
		// item) per line; in Markdown those lines would run together.
		md = strings.ReplaceAll(md, "\n", "\n\n")
	}
	return title, md, nil
}

// hardWrapped reports whether text was wrapped at a fixed width, as
// hand-written Markdown often is: every line is short. Such lines belong to
// their paragraphs; otherwise a line is a paragraph.
func hardWrapped(text string) bool {
	lines := 0
	for _, l := range strings.Split(text, "\n") {
		if n := len([]rune(l)); n > 100 {
			return false
		} else if n > 0 {
			lines++
		}
	}
	return lines > 3
}

// readArticle reads a plain-text article; id is the file's document id.
func (r *fileRead) readArticle(src []byte, shown, id string) {
	title, body, sections, err := parseArticle(src)
	if err != nil {
		r.problem(shown, err)
		return
	}
	r.docs = append(r.docs, pending{srcPath: shown, doc: Document{ID: id, Kind: KindArticle, Title: title, Body: body, Sections: sections}})
}
