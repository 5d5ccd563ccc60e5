package jekyll

import "testing"

// Parse and RenderBody must never panic, whatever a page holds, and a
// render stays within its bound.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"---\ntitle: Good\nlanguage: da\nequipment:\n  - kropsvægt\n---\nTekst.\n",
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
		if !HasFrontMatter(src) {
			return
		}
		p, err := Parse(src)
		if err != nil {
			return
		}
		for _, key := range []string{"title", "tags", "header", "gallery"} {
			_, _ = p.Text(key)
			_, _ = p.List(key)
		}
		_ = p.Image()
		body, _ := p.RenderBody()
		if len(body) > MaxOutputBytes && len(body) > len(p.body) {
			t.Errorf("rendered %d bytes from a %d byte body", len(body), len(p.body))
		}
	})
}
