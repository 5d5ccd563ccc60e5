package web

import (
	"html"
	"html/template"
	"strings"
)

// Document text on the page: highlight fragments, the one place where text
// from the index reaches the page as HTML instead of through the templates'
// escaping, and bodies, plain text shown as paragraphs.

// highlight turns a highlight fragment into HTML. The fragment is escaped
// text with <mark> tags; it is re-escaped here piece by piece anyway, so that
// nothing but <mark> can ever reach the page as markup.
func highlight(fragment string) template.HTML {
	var b strings.Builder
	rest := fragment
	for rest != "" {
		i := strings.Index(rest, "<mark>")
		if i < 0 {
			b.WriteString(html.EscapeString(html.UnescapeString(rest)))
			break
		}
		b.WriteString(html.EscapeString(html.UnescapeString(rest[:i])))
		rest = rest[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			j = len(rest)
		}
		b.WriteString("<mark>" + html.EscapeString(html.UnescapeString(rest[:j])) + "</mark>")
		rest = strings.TrimPrefix(rest[j:], "</mark>")
	}
	return template.HTML(b.String())
}

// paragraphs splits plain text at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
