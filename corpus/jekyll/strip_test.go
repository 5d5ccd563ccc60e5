package jekyll

import "testing"

func TestStripLiquid(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a {{ page.title }} b", "a  b"},
		{"a {%- if x -%}b{% endif %} c", "a b c"},
		{"a {% comment %} x {{ y }} {% endcomment %}b", "a b"},
		{"multi {% comment %}\nline\n{% endcomment %}end", "multi end"},
		{"keep {% raw %}{{ this }}{% endraw %}", "keep {{ this }}"},
		{"unclosed {% tag", "unclosed {% tag"},
		{"{%- comment -%}x{%- endcomment -%}", ""},
	} {
		if got := StripLiquid(c.in); got != c.want {
			t.Errorf("StripLiquid(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
