package corpus_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// markdownEdgeCases are Markdown texts whose text depends on how goldmark
// writes it and how the HTML tokenizer reads it back: entities, escapes,
// code, breaks, every GFM block, and raw HTML (which takes the HTML path).
var markdownEdgeCases = []string{
	"",
	"plain",
	"# Heading *one* &amp; `code`\n\nText with a [link](http://x.com \"t&amp;\") and ![alt \"q\" *e*](img.png \"title\").\nSoft break  \nhard break and \\\nbackslash break.",
	"Autolink <http://foo.bar/baz?a=1&b=2> and <me@x.org>, me@example.com, www.example.com/_x_ and https://x.y/z?q=1&r=2.",
	"Setext\n======\n\nSub\n---\n\n> quote *em* **strong** ~~strike~~ ~one~\n> more\n>\n> # in quote",
	"- [ ] task one\n- [x] task two\n  - nested & item\n\n1) a\n2) b\n\n* loose\n\n* list\n\n  para two\n\n      code in item",
	"```go\ncode <b>block</b> &amp; x\n```\n\n    indented code &lt;\n\n~~~\nunclosed",
	"| a | b |\n|:--|--:|\n| 1 &amp; | `2` |\n| *x* | |\n\n|x|\n|-|",
	"Entities &nbsp; &copy; &unknown; &amp &lt &#0; &#65;&#x42; &#1234567; &#x110000; &#9999999; &Aacute; &#x22; &#60;b&#62;",
	"Escapes \\* \\_ \\` \\\\ \\& \\< \\[ \\a \\ \\\n end",
	"Code `` a ` b `` and `x\ny` and ` ` and `&amp; <i>`",
	"***\n---\n___\n\n* * *",
	"## A\n### B\ntext\n#### C ####\n##### D\n###### E\n####### not",
	"[ref][r] and [r] and [missing]\n\n[r]: http://example.com \"T\"",
	"<div>\nraw *html* block\n</div>\n\nafter",
	"<!-- a comment\n\nspanning -->\n\ntext",
	"Inline <span class=\"x\">html</span> and <script>var x = \"<p>\";</script> after.",
	"<textarea>raw & text</textarea> <title>t</title> <xmp>x</xmp> <p>unclosed <b>bold",
	"line with \r lone cr and\tTab\f and \v vt",
	"nul \x00 here `code \x00`",
	"invalid \xff\xfe utf8 `\xc3`",
	"  leading spaces\n\n\n\ntrailing   \n",
	"Heading\n=\nx\n-",
	"1. one\n1. two\n\n10. ten",
	"> - a\n> - b\n>\n> ```\n> c\n> ```",
	"a<br>b<br/>c",
	"![img](x.png)\n\n[![inner](i.png)](link)",
	"*unclosed **emphasis _ here",
	"term\n: definition",
	"Footnote[^1].\n\n[^1]: note",
}

// TestMarkdownBlocksAsRendered: the blocks markdownBlocks reads from
// goldmark's tree are those the HTML goldmark renders gives, for every
// Markdown text of the shared corpora and the edge cases above.
func TestMarkdownBlocksAsRendered(t *testing.T) {
	texts := append([]string{}, markdownEdgeCases...)
	for _, dir := range []string{sharedtest.Corpus(t), sharedtest.Seeds(t)} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(p) == ".json" {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			texts = append(texts, corpus.MarkdownTexts(src)...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	fromTree := 0
	for _, src := range texts {
		got, want, tree := corpus.MarkdownBlocksBothWays(src)
		if got != want {
			t.Errorf("Markdown %.300q:\nblocks\n%s\nwant (rendered)\n%s", src, got, want)
		}
		if tree {
			fromTree++
		}
	}
	// Most texts have no raw HTML: were they all rendered, this test would
	// compare the HTML path with itself.
	if fromTree < len(texts)/2 {
		t.Errorf("%d of %d texts read from the tree, want most", fromTree, len(texts))
	}
	t.Logf("%d texts, %d read from goldmark's tree", len(texts), fromTree)
}

func FuzzMarkdownBlocksAsRendered(f *testing.F) {
	for _, s := range markdownEdgeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if got, want, _ := corpus.MarkdownBlocksBothWays(src); got != want {
			t.Errorf("Markdown %q:\nblocks\n%s\nwant (rendered)\n%s", src, got, want)
		}
	})
}
