package corpus

import "testing"

// The readers must never panic, whatever a corpus file holds.

func FuzzParsePage(f *testing.F) {
	for _, s := range []string{
		goodPage,
		"---\ntitle: &t x\nheader:\n  caption: *t\n---\n{% comment %}x{% endcomment %}",
		"---\na: &a [x]\nb: &b [*a, *a]\ntags: *b\n---\n",
		"---\n- x\n---\n",
		"---\ntitle: [a, {b: c}]\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if !hasFrontMatter(src) {
			return
		}
		p, err := parsePage(src)
		if err == nil {
			_ = p.isExercise()
			_ = MarkdownToText(StripLiquid(p.body))
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
