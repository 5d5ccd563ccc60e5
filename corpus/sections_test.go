package corpus

import (
	"reflect"
	"testing"

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
