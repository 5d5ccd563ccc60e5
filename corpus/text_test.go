package corpus

import (
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

func TestMarkdownSections(t *testing.T) {
	got := MarkdownSections("Intro text.\n\n## Hvordan træner du baglår?\n\nMed **nordic** curls.\n\n### 3 gode øvelser\n\nSquat.\n\n## Hvordan træner du baglår?\n\nIgen.\n")
	want := []Section{
		{Text: "Intro text."},
		{Heading: "Hvordan træner du baglår?", Anchor: "hvordan-trner-du-baglr", Text: "Med nordic curls."},
		{Heading: "3 gode øvelser", Anchor: "gode-velser", Text: "Squat."},
		{Heading: "Hvordan træner du baglår?", Anchor: "hvordan-trner-du-baglr-1", Text: "Igen."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if MarkdownSections("No headings here.\n\nNone at all.") != nil {
		t.Error("sections without headings")
	}
	if got := (jekyll.HeadingIDs{}).ID("!!!"); got != "section" {
		t.Errorf("empty anchor %q", got)
	}
}

func TestPlainTextSections(t *testing.T) {
	body := "What exactly are the hamstrings? And what exercises do you use the most.\n\nSports injuries to the hamstrings are common\n\nFrom muscle hardening to cramps, they are common.\n\nThe hip thrust\n\nLie on your back and lift."
	got := plainTextSections(body)
	if len(got) != 3 || got[1].Heading != "Sports injuries to the hamstrings are common" || got[2].Heading != "The hip thrust" || got[2].Anchor != "the-hip-thrust" || got[2].Text != "Lie on your back and lift." {
		t.Errorf("sections %+v", got)
	}
	if plainTextSections("One paragraph only.") != nil {
		t.Error("sections in a one-paragraph text")
	}
}

func TestMarkdownToText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"# Title\n\nPara *one*.\n\n- item a\n- item b\n", "Title\n\nPara one.\n\nitem a\n\nitem b"},
		{"<p>Raw &amp; <b>bold</b></p><style>p{}</style>", "Raw & bold"},
		{"[link](http://x) and ![img](y.png)", "link and"},
		{"| a | b |\n|---|---|\n| 1 | 2 |\n", "a\n\nb\n\n1\n\n2"},
		{"line one\nline two", "line one line two"},
		{"", ""},
	} {
		if got := MarkdownToText(c.in); got != c.want {
			t.Errorf("MarkdownToText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSummary(t *testing.T) {
	if got := Summary("one two three four", 9); got != "one two…" {
		t.Errorf("got %q", got)
	}
	if got := Summary("short", 9); got != "short" {
		t.Errorf("got %q", got)
	}
	if got := Summary("æææææææææææ", 5); got != "ææ…" {
		t.Errorf("cut inside a rune: %q", got)
	}
}

// FuzzCollapseSpace: collapseSpace, which skips work on text folded
// already, folds as the plain loop over runes does.
func FuzzCollapseSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a ", "a  b", "a\tb", "a b", "a\u00a0b", "a\u2003 b\n", "\xff", "a \xffb", "ø å", "a\u0085b", "x \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapseSpace(s), collapseSpaceByRune(s); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

// collapseSpaceByRune is collapseSpace as it was first written.
func collapseSpaceByRune(s string) string {
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
