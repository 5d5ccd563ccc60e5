package web

import "testing"

func TestHighlight(t *testing.T) {
	for in, want := range map[string]string{
		"a <mark>b</mark> c":                  "a <mark>b</mark> c",
		"&lt;script&gt; <mark>x</mark>":       "&lt;script&gt; <mark>x</mark>",
		"<script>alert(1)</script>":           "&lt;script&gt;alert(1)&lt;/script&gt;",
		"<mark><b>x</b></mark>":               "<mark>&lt;b&gt;x&lt;/b&gt;</mark>",
		"unclosed <mark>x":                    "unclosed <mark>x</mark>",
		"Tom &amp; Jerry &#34;<mark>q</mark>": "Tom &amp; Jerry &#34;<mark>q</mark>",
	} {
		if got := string(highlight(in)); got != want {
			t.Errorf("highlight(%q) = %q, want %q", in, got, want)
		}
	}
}
