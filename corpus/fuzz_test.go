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
		"---\ntitle: t\nequipment: [a, b]\n---\n{% for f in page.equipment %}{% if forloop.last %} og {% endif %}{{ f | downcase }}{% endfor %}",
		"---\ntitle: t\nb: &b {x: [1]}\nc: {<<: *b}\n---\n{% capture c %}{{ page.c.x | join: ',' }}{% endcapture %}{{ c | append: c }}{% raw %}{{{% endraw %}",
		"---\ntitle: t\n---\n{% highlight go %}{%- if page -%}x{% endif %}{% endhighlight %}{{ (1..3) | where_exp: 'i', 'i > 1' }}",
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
			body, _ := p.renderBody()
			if len(body) > MaxTextBytes && len(body) > len(p.body) {
				t.Errorf("rendered %d bytes from a %d byte body", len(body), len(p.body))
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
