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
	// Plain text, and text one character away from it.
	"Plain prose, line one.\nLine two (with parens), \"quotes\", 3 sets of 10 reps!\n\n\t \nSecond: http://x.y/(a) www.z.com a@b.co 100% done.  \nÆble ønske\u00a0nbsp",
	"1 kg\n2) two", "2018. A year", "Foo\n---", "Foo\n===", "Foo\n    indented", "  leading", "    code\n\n    code",
	"Tab\tinside", "Hash # inside and a=b+c-d", "x\r\ny", "ends with backslash\\", "Ünïcödé — dash “quotes”",
	"a\n\n\n\nb\n", "www.example.com.", "(http://x.com/a_b)", "x\u2028y", "\u00a0lead nbsp",
	"Some *em* and _u_ and ~s~ and `c` and &amp; and <b>b</b> and [l](x) text", "Line one\n# not plain",
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
	count := map[string]int{}
	for _, src := range texts {
		got, want, how := corpus.MarkdownBlocksBothWays(src)
		if got != want {
			t.Errorf("Markdown %.300q, read %s:\nblocks\n%s\nwant (rendered)\n%s", src, how, got, want)
		}
		count[how]++
	}
	// Were most texts rendered, this test would compare the HTML path with
	// itself; it must see texts of each way.
	if count["tree"] < 20 || count["plain"] < 20 || count["rendered"] < 10 {
		t.Errorf("of %d texts, %v: want each way, and most not rendered", len(texts), count)
	}
	t.Logf("%d texts: %v", len(texts), count)
}

func FuzzMarkdownBlocksAsRendered(f *testing.F) {
	for _, s := range markdownEdgeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if got, want, how := corpus.MarkdownBlocksBothWays(src); got != want {
			t.Errorf("Markdown %q, read %s:\nblocks\n%s\nwant (rendered)\n%s", src, how, got, want)
		}
	})
}
