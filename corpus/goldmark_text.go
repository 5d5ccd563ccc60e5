package corpus

import (
	"bytes"
	"errors"
	"sync"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// A Markdown text's blocks are what htmlBlocks finds in the HTML goldmark
// renders of it (text.go). Rendering that HTML and tokenizing it again was
// a third of reading a page, so markdownBlocks reads the same blocks
// straight from goldmark's tree: each node does to the block being read
// what its HTML would have done to htmlBlocks. A block element (<p>, <li>,
// <h2>, <td>, <hr>, …) ends the block before it and the one it holds; text
// is taken as goldmark writes it (entities resolved, backslash escapes
// removed, then HTML-escaped), and unescaped as the tokenizer would.
//
// A text with raw HTML (an HTML block or inline HTML), or with a node this
// file does not know, is rendered and tokenized as before: raw HTML can
// hide text in scripts or comments that span blocks, which only the
// tokenizer gets right.
//
// What this file assumes of goldmark v1.8.7 (go.mod), each guarded by
// TestMarkdownBlocksAsRendered, which compares the two paths on every text
// of the shared corpora and a set of hand-written edge cases, and by
// FuzzMarkdownBlocksAsRendered:
//   - the HTML renderer (renderer/html/html.go and the GFM extensions'
//     renderers) writes text only from Text, String, CodeSpan, AutoLink
//     nodes and code blocks' lines, by Writer.Write or Writer.RawWrite, and
//     otherwise writes only tags and white space;
//   - it writes the elements named in nodeElement below for each node kind,
//     and an image's text only into its alt attribute;
//   - no node carries attributes (no parser.WithAttribute, no heading ids).
// On an upgrade of goldmark, read those renderers again against the list.

// markdownBlocks parses Markdown and returns its text blocks.
func markdownBlocks(src string) []block {
	if bs, ok := plainBlocks(src); ok {
		return bs
	}
	source := []byte(src)
	doc := markdown.Parser().Parse(text.NewReader(source))
	w := treeWalkers.Get().(*treeWalker)
	defer treeWalkers.Put(w)
	if out, ok := w.blocks(doc, source); ok {
		return out
	}
	return renderedBlocks(doc, source)
}

// renderedBlocks renders a parsed text to HTML and walks the HTML.
func renderedBlocks(doc ast.Node, source []byte) []block {
	buf := htmlBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledHTML {
			buf.Reset()
			htmlBuffers.Put(buf)
		}
	}()
	buf.Grow(len(source) + len(source)/4 + 64) // room for the tags, most times
	if err := markdown.Renderer().Render(buf, source, doc); err != nil {
		// goldmark only fails when the writer fails; a bytes.Buffer does not.
		return htmlBlocks(bytes.NewReader(source))
	}
	// The blocks copy their text out of the HTML, so the buffer can go back.
	return htmlBlocks(bytes.NewReader(buf.Bytes()))
}

// treeWalker reads a goldmark tree's blocks as htmlBlocks reads its HTML.
type treeWalker struct {
	source  []byte
	out     []block
	para    paraBuffer // the block being read, as goldmark writes it: escaped
	heading int
}

// paraBuffer is a bytes.Buffer that goldmark's writers write to as to the
// bufio.Writer of a render (util.BufWriter).
type paraBuffer struct{ bytes.Buffer }

func (b *paraBuffer) Available() int { return b.Cap() - b.Len() }
func (b *paraBuffer) Buffered() int  { return b.Len() }
func (b *paraBuffer) Flush() error   { return nil }

var treeWalkers = sync.Pool{New: func() any { return new(treeWalker) }}

// errRender stops a walk that needs the rendered HTML.
var errRender = errors.New("render the HTML")

// blocks returns doc's blocks, or false when the HTML must be rendered.
func (w *treeWalker) blocks(doc ast.Node, source []byte) ([]block, bool) {
	w.source, w.out, w.heading = source, nil, 0
	w.para.Reset()
	// Text is unescaped by the tokenizer, which also turns a NUL into
	// U+FFFD in some states; such texts take the HTML path.
	if bytes.IndexByte(source, 0) >= 0 {
		return nil, false
	}
	err := ast.Walk(doc, w.visit)
	w.flush()
	out := w.out
	w.source, w.out = nil, nil
	if w.para.Cap() > maxPooledHTML {
		w.para = paraBuffer{}
	}
	return out, err == nil
}

// flush ends the block being read, as htmlBlocks' flush does.
func (w *treeWalker) flush() {
	if w.para.Len() == 0 {
		return
	}
	escaped := bytes.IndexByte(w.para.Bytes(), '&') >= 0
	s := w.para.String()
	w.para.Reset()
	if escaped {
		s = html.UnescapeString(s)
	}
	if p := collapseSpace(s); p != "" {
		w.out = append(w.out, block{text: p, heading: w.heading})
	}
}

// open and close are a block element's start and end tags.
func (w *treeWalker) open(heading int) { w.flush(); w.heading = heading }
func (w *treeWalker) close()           { w.flush(); w.heading = 0 }

func (w *treeWalker) visit(n ast.Node, entering bool) (ast.WalkStatus, error) {
	if n.Attributes() != nil {
		return ast.WalkStop, errRender
	}
	switch n := n.(type) {
	case *ast.Document, *ast.Emphasis, *ast.Link, *extast.Strikethrough:
		// No tag (the document), or inline ones, which end no block.
	case *ast.Paragraph, *ast.Blockquote, *ast.List, *ast.ListItem,
		*extast.Table, *extast.TableHeader, *extast.TableRow, *extast.TableCell:
		// <p>, <blockquote>, <ul>/<ol>, <li>, <table>, <tr>, <th>/<td>
		// (<thead> and <tbody> are not block elements, but hold a <tr>).
		if entering {
			w.open(0)
		} else {
			w.close()
		}
	case *ast.Heading:
		if entering {
			w.open(n.Level)
		} else {
			w.close()
		}
	case *ast.ThematicBreak:
		if entering {
			w.open(0) // <hr>, which has no end tag
		}
	case *ast.CodeBlock, *ast.FencedCodeBlock:
		// <pre><code>, then the lines as they are.
		if entering {
			w.open(0)
			lines := n.Lines()
			for i := range lines.Len() {
				line := lines.At(i)
				gmhtml.DefaultWriter.RawWrite(&w.para, line.Value(w.source))
			}
		} else {
			w.close()
		}
	case *ast.TextBlock:
		// A tight list item's text, with no tag of its own.
		if !entering && n.NextSibling() != nil && n.FirstChild() != nil {
			w.para.WriteByte('\n')
		}
	case *ast.Text:
		if !entering {
			break
		}
		value := n.Segment.Value(w.source)
		if n.IsRaw() {
			gmhtml.DefaultWriter.RawWrite(&w.para, value)
			break
		}
		gmhtml.DefaultWriter.Write(&w.para, value)
		switch {
		case n.HardLineBreak():
			w.para.WriteString(" \n") // <br> is a space to htmlBlocks
		case n.SoftLineBreak():
			w.para.WriteByte('\n')
		}
	case *ast.String:
		if !entering {
			break
		}
		if n.IsCode() {
			return ast.WalkStop, errRender // written unescaped: it may be markup
		}
		if n.IsRaw() {
			gmhtml.DefaultWriter.RawWrite(&w.para, n.Value)
		} else {
			gmhtml.DefaultWriter.Write(&w.para, n.Value)
		}
	case *ast.CodeSpan:
		if !entering {
			break
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			t, ok := c.(*ast.Text)
			if !ok {
				return ast.WalkStop, errRender
			}
			value := t.Segment.Value(w.source)
			if v, cut := bytes.CutSuffix(value, []byte("\n")); cut {
				gmhtml.DefaultWriter.RawWrite(&w.para, v)
				w.para.WriteByte(' ')
			} else {
				gmhtml.DefaultWriter.RawWrite(&w.para, value)
			}
		}
		return ast.WalkSkipChildren, nil
	case *ast.AutoLink:
		if entering {
			gmhtml.DefaultWriter.RawWrite(&w.para, n.Label(w.source))
		}
		return ast.WalkSkipChildren, nil
	case *ast.Image:
		// Its text is its alt attribute, not text of the page.
		return ast.WalkSkipChildren, nil
	case *extast.TaskCheckBox:
		if entering {
			w.para.WriteByte(' ') // <input …> and a space
		}
	default:
		// Raw HTML, and nodes this file does not know.
		return ast.WalkStop, errRender
	}
	return ast.WalkContinue, nil
}
