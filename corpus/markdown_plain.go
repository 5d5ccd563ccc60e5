package corpus

import (
	"strings"
	"unicode/utf8"
)

// Most texts read are not Markdown at all: a dataset's description copied
// into a page, an excerpt, a paragraph of prose. Markdown leaves such a text
// as it is, paragraph by paragraph, so its blocks need no parser: each run
// of non-blank lines is one block, its white space folded. plainBlocks
// recognises the texts for which that is certain, conservatively: every
// non-blank line starts with a character that starts no Markdown block (a
// letter, a digit not followed by "." or ")", a quote or bracket), and no
// character anywhere is inline markup, an entity or a line break other than
// "\n". Any other text is parsed (goldmark_text.go). TestMarkdownBlocksAsRendered
// and FuzzMarkdownBlocksAsRendered hold the two to the same blocks.

// plainBlocks returns the blocks of a text Markdown leaves as it is, or
// false when the text may hold Markdown.
func plainBlocks(src string) ([]block, bool) {
	if !utf8.ValidString(src) {
		return nil, false
	}
	var out []block
	para := -1 // where the paragraph being read starts, if one is
	end := func(at int) {
		if para >= 0 {
			if p := collapseSpace(src[para:at]); p != "" {
				out = append(out, block{text: p})
			}
			para = -1
		}
	}
	for at := 0; at < len(src); {
		line := src[at:]
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		if strings.Trim(line, " \t") == "" {
			end(at)
		} else {
			if !plainLine(line) {
				return nil, false
			}
			if para < 0 {
				para = at
			}
		}
		at += len(line) + 1
	}
	end(len(src))
	return out, true
}

// plainLine reports whether a non-blank line is text to Markdown wherever
// it stands: it starts no block and holds no inline markup.
func plainLine(line string) bool {
	switch c := line[0]; {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', c >= utf8.RuneSelf, c == '"', c == '\'', c == '(':
	case '0' <= c && c <= '9':
		// "1." and "1)" start an ordered list.
		if d := strings.TrimLeft(line, "0123456789"); d != "" && (d[0] == '.' || d[0] == ')') {
			return false
		}
	default:
		return false
	}
	for i := 0; i < len(line); i++ {
		if notPlain[line[i]] {
			return false
		}
	}
	return true
}

// notPlain are the bytes that may be Markdown or HTML within a line (or
// that goldmark and the HTML tokenizer may not pass through as they are).
var notPlain = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = c != '\t'
	}
	for _, c := range []byte("\\&*_~`<>[]|") {
		t[c] = true
	}
	return t
}()
