package jekyll

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// renderPage parses a front-matter page and renders its body's Liquid.
func renderPage(t *testing.T, src string) (string, error) {
	t.Helper()
	p, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return p.RenderBody()
}

const svingFrontMatter = `---
title: Kettlebell sving
language: da
equipment: [Kettlebell, Bænk, Elastik]
muscle_group:
  - Baller
  - Baglår
categories: [Kondition og puls, Styrke]
tags: []
training_focus:
reps: 15
video: true
---
`

func TestRenderLiquid(t *testing.T) {
	cases := []struct {
		name, page, want string
	}{
		{"title and a joined list", svingFrontMatter +
			`{{ page.title }} hører til {{ page.categories | join: ", " | downcase }}.`,
			`Kettlebell sving hører til kondition og puls, styrke.`},
		{"a loop joins with commas and og", svingFrontMatter +
			`Du skal bruge {% for u in page.equipment %}{% if forloop.last and page.equipment.size > 1 %} og {% endif %}{{ u | downcase }}{% if forloop.rindex > 2 %}, {% endif %}{% endfor %}.`,
			`Du skal bruge kettlebell, bænk og elastik.`},
		{"Jekyll's sentence filter", svingFrontMatter +
			`Den træner {{ page.muscle_group | array_to_sentence_string: "og" | downcase }}.`,
			`Den træner baller og baglår.`},
		// A list compared with a number is false in Jekyll's Liquid as in
		// this one, so a page that writes "page.equipment > 1" gets its
		// items run together on the real site too. Rendered as Jekyll does.
		{"a list compared with a number, as Jekyll does", svingFrontMatter +
			`Med {% for u in page.equipment %}{{ u | downcase }}{% if forloop.last == false and page.equipment > 1 %}, {% endif %}{% endfor %}.`,
			`Med kettlebellbænkelastik.`},
		{"an empty list leaves no commas", "---\ntitle: Koneløb\nequipment: []\nmuscle_group:\n---\n" +
			`{{ page.title }} kræver {% for u in page.equipment %}{{ u }}{% if forloop.last == false %}, {% endif %}{% endfor %}intet udstyr.{% if page.muscle_group.size > 0 %} Den træner {{ page.muscle_group | join: " og " }}.{% endif %}`,
			`Koneløb kræver intet udstyr.`},
		{"numbers and booleans keep their YAML types", svingFrontMatter +
			`{% if page.reps > 10 and page.video %}Mange gentagelser: {{ page.reps | plus: 5 }}{% endif %}`,
			`Mange gentagelser: 20`},
		{"undefined variables are empty", svingFrontMatter +
			`Hej{{ page.findes_ikke }}{{ site.title }}.`,
			`Hej.`},
		{"raw keeps its text", svingFrontMatter +
			`Skriv {% raw %}{{ page.title }} og {% if %}{% endraw %} i skabelonen.`,
			`Skriv {{ page.title }} og {% if %} i skabelonen.`},
		{"comments are dropped", svingFrontMatter +
			`Før{% comment %} skjult {{ page.title }}{% endcomment %} efter.`,
			`Før efter.`},
		{"include renders nothing", svingFrontMatter +
			`Se videoen{% include video id="abc" provider="youtube" %}{% include_cached gallery.html %}.`,
			`Se videoen.`},
		{"link keeps the link text", svingFrontMatter +
			`[Læs mere]({% link _posts/2020-01-01-sving.md %}) og {% post_url 2020-01-01-sving %}.`,
			`[Læs mere]() og .`},
		{"highlight keeps the code", svingFrontMatter +
			"{% highlight yaml %}\nudstyr: <kettlebell>\n{% endhighlight %}",
			"\n<pre><code>udstyr: &lt;kettlebell&gt;</code></pre>\n"},
		{"capture", svingFrontMatter +
			`{% capture navn %}{{ page.title | upcase }}{% endcapture %}Øvelse: {{ navn }}.`,
			`Øvelse: KETTLEBELL SVING.`},
		{"where and where_exp on front matter", "---\ntitle: t\nvarianter:\n  - {navn: Let, niveau: 1}\n  - {navn: Svær, niveau: 3}\n---\n" +
			`{% assign svaere = page.varianter | where_exp: "v", "v.niveau > 2" %}{{ svaere | map: "navn" | join }}/{{ page.varianter | where: "niveau", 1 | map: "navn" | join }}`,
			`Svær/Let`},
		{"merge keys and aliases", "---\ntitle: &t Planke\nbasis: &b {udstyr: måtte, tid: 30}\nvariant:\n  <<: *b\n  tid: 60\nnavne: [*t, Plank]\n---\n" +
			`{{ page.variant.udstyr }} {{ page.variant.tid }} {{ page.navne | join: "/" }}`,
			`måtte 60 Planke/Plank`},
		{"dates", "---\ntitle: t\nlast_modified_at: 2020-04-12T19:30:19Z\n---\n" +
			`Opdateret {{ page.last_modified_at | date: "%d.%m.%Y" }} ({{ page.last_modified_at | date_to_string }}).`,
			`Opdateret 12.04.2020 (12 Apr 2020).`},
		{"whitespace control", svingFrontMatter +
			"Udstyr:\n{%- for u in page.equipment %}\n  {{- u -}}\n{%- endfor %}.",
			"Udstyr:KettlebellBænkElastik."},
		{"a small literal range", svingFrontMatter +
			`{% for i in (1..3) %}{{ i }}{% endfor %} sæt, "1..2" i tekst, {{ "…" | truncate: 10, ".." }}`,
			`123 sæt, "1..2" i tekst, …`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := renderPage(t, c.page)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestRenderLiquidFallsBack: Liquid that cannot be rendered is stripped,
// with an error that names the reason and the file line.
func TestRenderLiquidFallsBack(t *testing.T) {
	list := make([]string, 200)
	for i := range list {
		list[i] = fmt.Sprint(i)
	}
	bigList := "liste: [" + strings.Join(list, ", ") + "]\n"
	nested := func(depth int, inner string) string {
		var b strings.Builder
		for i := range depth {
			fmt.Fprintf(&b, "{%% for x%d in page.liste %%}", i)
		}
		b.WriteString(inner)
		b.WriteString(strings.Repeat("{% endfor %}", depth))
		return b.String()
	}
	cases := []struct {
		name, page string
		wantErr    string
		wantLine   int
		limit      bool // the error is errLiquidLimit
	}{
		{name: "an unknown tag", page: "---\ntitle: t\n---\nFør\n{% gist 1234 %} efter.", wantErr: `undefined tag "gist"`, wantLine: 5},
		{name: "an unknown filter", page: "---\ntitle: t\n---\n{{ page.title | flyt }} efter.", wantErr: `undefined filter "flyt"`, wantLine: 4},
		{name: "an unclosed block", page: "---\ntitle: t\n---\n\n{% if page.title %}Uafsluttet efter.", wantErr: `unterminated "if" block`, wantLine: 5},
		{name: "bad syntax", page: "---\ntitle: t\n---\n{{ page.title | }} efter.", wantErr: "syntax error"},
		{name: "an endfor without for", page: "---\ntitle: t\n---\n{% endfor %} efter.", wantErr: "endfor"},
		{name: "a panic in the engine", page: "---\ntitle: t\n---\n{% for i in (1..2) %}{% assign forloop = 1 %}{% cycle 'a', 'b' %}{% endfor %} efter.", wantErr: "the Liquid engine failed"},
		// Loop bombs stop at maxLoopSteps, or at maxLiquidTime on a slow
		// machine (under the race detector): either way, soon.
		{name: "a loop bomb", page: "---\ntitle: t\n" + bigList + "---\n" + nested(4, "") + " efter.", limit: true},
		{name: "a loop bomb with output", page: "---\ntitle: t\n" + bigList + "---\n" + nested(4, "{{ x0 }}") + " efter.", limit: true},
		{name: "a long range", page: "---\ntitle: t\n---\n{% for i in (1..1000000000) %}{% endfor %} efter.", wantErr: "too long", wantLine: 4, limit: true},
		{name: "a range of variables", page: "---\ntitle: t\nn: 1000000000\n---\n{{ (1..page.n) | join }} efter.", wantErr: "not numbers", limit: true},
		{name: "a doubling string", page: "---\ntitle: t\n" + bigList + "---\n{% assign s = 'xx' %}{% for i in page.liste %}{% assign s = s | append: s %}{% endfor %} efter.", wantErr: "bytes", limit: true},
		{name: "a capture bomb", page: "---\ntitle: t\n" + bigList + "---\n{% assign s = 'xxxxxxxxxxxxxxxxxxxx' %}{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}{% capture c %}" + nested(2, "{{ s }}") + "{% endcapture %} efter.", wantErr: "output over", limit: true},
		{name: "output over the text limit", page: "---\ntitle: t\n" + bigList + "---\n{% assign s = 'xxxxxxxxxxxxxxxxxxxx' %}{% for i in (1..15) %}{% assign s = s | append: s %}{% endfor %}" + nested(2, "{{ s }}") + " efter.", wantErr: "output over", limit: true},
		{name: "deep nesting", page: "---\ntitle: t\n---\n" + strings.Repeat("{% if page %}", 60) + strings.Repeat("{% endif %}", 60) + " efter.", wantErr: "nested", limit: true},
		{name: "a long tag", page: "---\ntitle: t\n---\n{{ page.title" + strings.Repeat(" | downcase", 1000) + " }} efter.", wantErr: "a tag of", limit: true},
		{name: "a long front matter text", page: "---\ntitle: t\nlang: " + strings.Repeat("x", 100000) + "\n---\n{% if page.lang == page.title %}{% endif %} efter.", wantErr: "lang is 100000 bytes", wantLine: 3},
		{name: "a list over the item limit", page: "---\ntitle: t\nandet: [" + strings.Join(list, ", ") + ", 200]\n---\n{{ page.title }} efter.", wantErr: "andet has 201 items", wantLine: 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			got, err := renderPage(t, c.page)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
			if err == nil {
				t.Fatalf("no error; rendered %.100q", got)
			}
			t.Log(err)
			if !strings.Contains(err.Error(), "body not rendered as Liquid, tags stripped instead") || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("error %q, want it to hold %q", err, c.wantErr)
			}
			if c.limit != errors.Is(err, errLiquidLimit) {
				t.Errorf("error %q: errors.Is(errLiquidLimit) = %v, want %v", err, !c.limit, c.limit)
			}
			if msg := err.Error(); strings.Contains(msg, "Liquid error") || strings.Contains(msg, "stacktrace") {
				t.Errorf("error %q holds the engine's prefix or stack", err)
			}
			var le *LineError
			if c.wantLine > 0 && (!errors.As(err, &le) || le.Line != c.wantLine) {
				t.Errorf("error %q, want it on line %d", err, c.wantLine)
			}
			if !strings.HasSuffix(got, " efter.") || strings.Contains(got, "{%") || strings.Contains(got, "{{") {
				t.Errorf("fallback did not strip: %.200q", got)
			}
		})
	}
}

// TestLoopSteps: every iteration of every loop pays one step, else
// branches and captures included, and the template still renders.
func TestLoopSteps(t *testing.T) {
	r := newLiquidRenderer()
	page := map[string]any{"l": []any{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "tom": []any{}}
	src := `{% for a in page.l %}{% for b in page.l %}{% endfor %}{% endfor %}` +
		`{% capture c %}{% for a in page.l %}{{ a }}{% endfor %}{% endcapture %}` +
		`{% for a in page.tom %}{% else %}{% for b in page.l %}{% endfor %}{% endfor %}` +
		`{% tablerow a in page.l limit:2 %}{% endtablerow %}{{ c }}`
	out, err := r.render(src, map[string]any{"page": page}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := 110 + 10 + 10 + 2; maxLoopSteps-r.budget.steps != want {
		t.Errorf("%d steps, want %d", maxLoopSteps-r.budget.steps, want)
	}
	if !strings.HasSuffix(out, "12345678910") {
		t.Errorf("rendered %q", out)
	}
}

func TestPageVariable(t *testing.T) {
	p, err := Parse([]byte("---\ntitle: &t Planke\ndato: 2020-04-12T19:30:19Z\nsæt: 3\nvægt: 12.5\nvideo: yes\nmed: true\ntom:\nliste: [a, *t, ~]\nbombe: &b [*t, *t]\nbomber: [*b, *b]\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := pageVariable(p.fields)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%v|%T|%v|%v|%q|%v|%v|%q|%v", v["title"], v["dato"], v["sæt"], v["vægt"], v["video"], v["med"], v["tom"], v["liste"], v["bomber"])
	// An alias inside what an alias names is not followed (bomber's items
	// are bombe, whose own aliases are nothing).
	want := `Planke|time.Time|3|12.5|"yes"|true|<nil>|["a" "Planke" <nil>]|[[<nil> <nil>] [<nil> <nil>]]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func BenchmarkRenderLiquid(b *testing.B) {
	p, err := Parse([]byte(svingFrontMatter + `{{ page.title }} kan trænes med {% for f in page.equipment %}{% if forloop.last == true and page.equipment.size > 1 %} og {% endif %}{{ f | downcase  }}{% if forloop.rindex > 2 %}, {% endif %}{% endfor %}. Øvelsen er en del af kategorien {{ page.categories | join: ", " | downcase }}.`))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := p.RenderBody(); err != nil {
			b.Fatal(err)
		}
	}
}
