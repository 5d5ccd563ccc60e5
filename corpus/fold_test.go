package corpus

import "testing"

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bænkpres", "baenkpres"},
		{"BAENK-PRES", "baenk pres"},
		{"Knæbøjning", "knaeboejning"},
		{"Bankdrücken", "bankdruecken"},
		{"Gesäß", "gesaess"},
		{"Øvre ryg", "oevre ryg"},
		{"  none (bodyweight exercise) ", "none bodyweight exercise"},
		{"Fiksér", "fikser"},
		{"e-z curl bar", "e z curl bar"},
		{"", ""},
		{"--", ""},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{"bænkpr": "baenkpr", "KNÆBØJNING": "knaeboejning", "fiksér": "fikser", "don't": "don't", "squat": "squat", "straße": "strasse"} {
		if got := FoldWord(in); got != want {
			t.Errorf("FoldWord(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Slug("Øvre ryg"); got != "oevre-ryg" {
		t.Errorf("Slug = %q", got)
	}
}

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

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]string{"da": "da", "DA-dk": "da", "nb": "no", "no": "no", "Deutsch": "de", "en-GB": "en"} {
		if got, err := ParseLanguage(in); err != nil || got != want {
			t.Errorf("ParseLanguage(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLanguage("fr"); err == nil {
		t.Error("fr accepted")
	}
}
