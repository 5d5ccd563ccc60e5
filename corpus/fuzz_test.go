package corpus

import (
	"testing"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// The readers must never panic, whatever a corpus file holds.

// FuzzParsePage: a page as the loader reads it, its fields mapped and its
// body rendered and reduced to text. jekyll.FuzzParse covers the page
// itself with more seeds.
func FuzzParsePage(f *testing.F) {
	for _, s := range []string{
		goodPage,
		"---\ntitle: [a, {b: c}]\nlast_modified_at: x\n---\n",
		"---\ntitle: t\nkind: post\ncategory: [a, a, '{{ x }}']\nlanguage: no\n---\n{{ page.title }}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if !jekyll.HasFrontMatter(src) {
			return
		}
		p, err := parsePage(src)
		if err == nil {
			_ = p.isExercise()
			body, _ := p.RenderBody()
			if len(body) > MaxTextBytes && len(body) > len(src) {
				t.Errorf("rendered %d bytes from a %d byte file", len(body), len(src))
			}
			_ = MarkdownToText(body)
		}
	})
}

func FuzzParseArticle(f *testing.F) {
	for _, s := range []string{"Title\n\nBody", "\n\n# T\n<div>x</div>", "{% raw %}{{", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		title, _, _, err := parseArticle(src)
		if err == nil && title == "" {
			t.Error("no error and no title")
		}
	})
}

func FuzzSniffJSON(f *testing.F) {
	for _, s := range []string{"null", "42", `"x"`, "{}", "[]", "[1]", "[null]", `[{"foo": 1}]`,
		`[{"model": "exercises.translation", "pk": 1, "fields": {}}]`, `[{"id": "x", "primaryMuscles": []}]`, "[{", " \n[ {} ]"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		format, err := sniffJSON(src)
		if (format == formatUnknownJSON) != (err != nil) {
			t.Errorf("format %d, error %v: want exactly one", format, err)
		}
	})
}
