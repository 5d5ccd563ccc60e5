package corpus

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark/text"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// DetectionSample is detectionSample, for the tests of package corpus_test.
var DetectionSample = detectionSample

// LinguaFolders are the folders of lingua's models that the detector reads.
func LinguaFolders() []string {
	var out []string
	for _, l := range linguaLanguages {
		out = append(out, l.folder)
	}
	return out
}

// LinguaModelFiles and LinguaModelPath are the embedded models and the name
// of one among them.
var LinguaModelFiles = linguaModelFiles

func LinguaModelPath(folder string, n int) string {
	return linguaModelPath(linguaFolder(folder), n)
}

// ReadLinguaModel reads one model file as lingua wrote it; LoadLinguaModel
// loads it as the detector does, afresh.
var ReadLinguaModel = readLinguaModel

func LoadLinguaModel(folder string, n int) (map[string]float64, error) {
	return loadLinguaModel(linguaFolder(folder), n)
}

func linguaFolder(folder string) linguaLanguage {
	for i, l := range linguaLanguages {
		if l.folder == folder {
			return linguaLanguage(i)
		}
	}
	panic("no lingua language in folder " + folder)
}

// MarkdownTexts are the Markdown texts that reading a file gives to
// markdownBlocks: a front-matter page's body, rendered, its excerpt and
// instructions, or a plain-text article's body.
func MarkdownTexts(src []byte) []string {
	if !jekyll.HasFrontMatter(src) {
		if _, md, err := articleMarkdown(src); err == nil {
			return []string{md}
		}
		return nil
	}
	p, err := parsePage(src)
	if err != nil {
		return nil
	}
	body, _ := p.RenderBody()
	return []string{body, jekyll.StripLiquid(p.excerpt), jekyll.StripLiquid(p.instr)}
}

// MarkdownBlocksBothWays gives the blocks of a Markdown text as
// markdownBlocks reads them and as the HTML goldmark renders of it gives
// them (one line each: heading level, then text), and how markdownBlocks
// read them: "plain" (no Markdown in it), "tree" (goldmark's) or
// "rendered".
func MarkdownBlocksBothWays(src string) (got, want, how string) {
	dump := func(bs []block) string {
		var b strings.Builder
		for _, x := range bs {
			fmt.Fprintf(&b, "%d %q\n", x.heading, x.text)
		}
		return b.String()
	}
	var html bytes.Buffer
	if err := markdown.Convert([]byte(src), &html); err != nil {
		panic(err)
	}
	source := []byte(src)
	how = "rendered"
	if _, ok := plainBlocks(src); ok {
		how = "plain"
	} else if _, ok := new(treeWalker).blocks(markdown.Parser().Parse(text.NewReader(source)), source); ok {
		how = "tree"
	}
	return dump(markdownBlocks(src)), dump(htmlBlocks(&html)), how
}
