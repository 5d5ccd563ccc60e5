package corpus

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Reducing Markdown to text goes through HTML on purpose: Jekyll pages mix
// Markdown with raw HTML blocks, so the Markdown is rendered (raw HTML passed
// through) and the resulting HTML is then walked once, keeping text and
// paragraph breaks and dropping tags, scripts and styles.

var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

// MarkdownToText renders Markdown (with embedded HTML) and returns its plain
// text, paragraphs separated by blank lines.
func MarkdownToText(src string) string {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails when the writer fails; a bytes.Buffer does not.
		return HTMLToText(src)
	}
	return HTMLToText(buf.String())
}

// HTMLToText returns the visible text of an HTML fragment, with block
// elements separated by blank lines and entities decoded.
func HTMLToText(src string) string {
	var (
		out  strings.Builder
		para strings.Builder
		skip int // depth inside elements whose text is not content
	)
	flush := func() {
		p := collapseSpace(para.String())
		para.Reset()
		if p == "" {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(p)
	}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return out.String()
		case html.TextToken:
			if skip == 0 {
				para.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case invisible[a]:
				if z.Token().Type == html.StartTagToken {
					skip++
				}
			case a == atom.Br:
				para.WriteByte(' ')
			case block[a]:
				flush()
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case invisible[a]:
				if skip > 0 {
					skip--
				}
			case block[a]:
				flush()
			default:
				// Inline end tags (</a>, </em>) need no separator.
			}
		}
	}
}

var invisible = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Head: true, atom.Object: true,
}

var block = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Main: true, atom.Blockquote: true,
	atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Hr: true, atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
	atom.Form: true, atom.Fieldset: true, atom.Caption: true, atom.Body: true, atom.Html: true,
}

// collapseSpace trims s and folds every run of white space into one space.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
