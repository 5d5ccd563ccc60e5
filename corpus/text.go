package corpus

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// Reducing Markdown to text goes through HTML on purpose: Jekyll pages mix
// Markdown with raw HTML blocks, so the Markdown is rendered (raw HTML passed
// through) and the resulting HTML is then walked once, keeping text and
// paragraph breaks and dropping tags, scripts and styles. A text without
// raw HTML is read straight from goldmark's tree instead, which gives the
// same blocks at less cost (goldmark_text.go).
//
// The same walk splits a body at its headings into Sections, each with the
// anchor the site gives the heading (jekyll.HeadingIDs), so that a search
// result can link into the page. A plain-text article has no markup for
// headings, so they are guessed (plainTextSections). Summary cuts text short
// for excerpts and result lines.

var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithRendererOptions(gmhtml.WithUnsafe()),
)

// MarkdownToText renders Markdown (with embedded HTML) and returns its plain
// text, paragraphs separated by blank lines.
func MarkdownToText(src string) string {
	if src == "" {
		return "" // most pages have no instructions, many no excerpt
	}
	return joinBlocks(markdownBlocks(src))
}

// MarkdownSections renders Markdown and splits its text at the headings.
// It returns nil when there are no headings.
func MarkdownSections(src string) []Section {
	return sectionsOf(markdownBlocks(src))
}

// markdownBody is MarkdownToText and MarkdownSections of one text, which
// is rendered and walked once for both.
func markdownBody(src string) (string, []Section) {
	bs := markdownBlocks(src)
	return joinBlocks(bs), sectionsOf(bs)
}

// htmlBuffers hold the HTML of renders between renders, but not a long
// page's, for its lifetime.
var htmlBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledHTML = 256 << 10

// HTMLToText returns the visible text of an HTML fragment, with block
// elements separated by blank lines and entities decoded.
func HTMLToText(src string) string { return joinBlocks(htmlBlocks(strings.NewReader(src))) }

// block is a paragraph of text; heading is its level (1-6) for a heading.
type block struct {
	text    string
	heading int
}

func joinBlocks(bs []block) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.text
	}
	return strings.Join(parts, "\n\n")
}

// htmlBlocks walks HTML once and returns its text blocks.
func htmlBlocks(src io.Reader) []block {
	var (
		out     []block
		para    strings.Builder
		skip    int // depth inside elements whose text is not content
		heading int
	)
	flush := func() {
		p := collapseSpace(para.String())
		para.Reset()
		if p != "" {
			out = append(out, block{text: p, heading: heading})
		}
	}
	z := html.NewTokenizer(src)
	for {
		switch z.Next() {
		case html.ErrorToken:
			flush()
			return out
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
			case blockElement[a]:
				flush()
				heading = headingLevel[a]
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch {
			case invisible[a]:
				if skip > 0 {
					skip--
				}
			case blockElement[a]:
				flush()
				heading = 0
			default:
				// Inline end tags (</a>, </em>) need no separator.
			}
		}
	}
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// sectionsOf groups blocks under their headings.
func sectionsOf(bs []block) []Section {
	hasHeading := false
	for _, b := range bs {
		hasHeading = hasHeading || b.heading > 0
	}
	if !hasHeading {
		return nil
	}
	var out []Section
	var cur *Section
	var paras []string
	ids := jekyll.HeadingIDs{}
	finish := func() {
		if cur != nil {
			cur.Text = strings.Join(paras, "\n\n")
			out = append(out, *cur)
		}
		paras = nil
	}
	for _, b := range bs {
		if b.heading > 0 {
			finish()
			cur = &Section{Heading: b.text, Anchor: ids.ID(b.text)}
			continue
		}
		if cur == nil {
			cur = &Section{}
		}
		paras = append(paras, b.text)
	}
	finish()
	return out
}

// plainTextSections finds the headings of a plain-text article, which has
// no markup for them: a short line on its own, without closing punctuation,
// between paragraphs. Returns nil when it finds none.
func plainTextSections(body string) []Section {
	paras := strings.Split(body, "\n\n")
	var bs []block
	for i, p := range paras {
		b := block{text: p}
		if i > 0 && i < len(paras)-1 && looksLikeHeading(p) && !looksLikeHeading(paras[i+1]) {
			b.heading = 2
		}
		bs = append(bs, b)
	}
	return sectionsOf(bs)
}

func looksLikeHeading(p string) bool {
	p = strings.TrimSpace(p)
	if p == "" || len(p) > 90 || len(strings.Fields(p)) > 12 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(p)
	if strings.ContainsRune(".!?:;,…)\"'»”", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(p)
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

var invisible = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Iframe: true, atom.Svg: true, atom.Head: true, atom.Object: true,
}

var blockElement = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Main: true, atom.Blockquote: true,
	atom.Pre: true, atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Hr: true, atom.Figure: true, atom.Figcaption: true, atom.Details: true, atom.Summary: true,
	atom.Form: true, atom.Fieldset: true, atom.Caption: true, atom.Body: true, atom.Html: true,
}

// collapseSpace trims s and folds every run of white space into one space.
// Bytes that are not UTF-8 become U+FFFD. It runs on every paragraph read,
// and most are folded already: those are returned as they are.
func collapseSpace(s string) string {
	if collapsed(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	word := func(w string) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteString(w)
	}
	for i := 0; i < len(s); {
		if n := wordLen(s[i:]); n > 0 {
			word(s[i : i+n])
			i += n
			continue
		}
		// White space, or a byte that is not UTF-8.
		if s[i] < utf8.RuneSelf {
			space = true
			i++
		} else if r, size := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
			space = true
			i += size
		} else {
			word(string(utf8.RuneError))
			i++
		}
	}
	return b.String()
}

// wordLen is the length of the UTF-8 text up to the first white space or
// byte that is not UTF-8.
func wordLen(s string) int {
	n := 0
	for n < len(s) {
		if c := s[n]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				break
			}
			n++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[n:])
		if unicode.IsSpace(r) || r == utf8.RuneError && size == 1 {
			break
		}
		n += size
	}
	return n
}

// collapsed reports whether collapseSpace would return s unchanged: s is
// UTF-8, and its only white space is single ' ' between other characters.
func collapsed(s string) bool {
	space := true // at the start, a space would be leading
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				if space || c != ' ' {
					return false
				}
				space = true
			} else {
				space = false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || r == utf8.RuneError && size == 1 {
			return false
		}
		space = false
		i += size
	}
	return !space || s == ""
}

// asciiSpace are the ASCII characters unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// Summary returns the start of text, cut at a word boundary to at most max
// bytes, with an ellipsis when it was cut.
func Summary(text string, max int) string {
	text = collapseSpace(text)
	if len(text) <= max {
		return text
	}
	cut := strings.LastIndexByte(text[:max], ' ')
	if cut < max/2 {
		cut = max
		for !utf8.ValidString(text[:cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,.;:") + "…"
}
