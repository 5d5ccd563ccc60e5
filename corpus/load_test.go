package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeCorpus writes files (name → content) into a new directory named
// "site" and returns its path.
func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func loadDir(t *testing.T, dir string) ([]Document, *Report) {
	t.Helper()
	src, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs, rep, err := Load(context.Background(), []Source{src}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return docs, rep
}

const goodPage = "---\ntitle: Good\nlanguage: da\nequipment:\n  - kropsvægt\n---\nTekst.\n"

// TestLoadBadFiles: each bad file is reported with its path (and line where
// there is one) and skipped, and the good file beside it still loads.
func TestLoadBadFiles(t *testing.T) {
	png := "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
	cases := []struct {
		name, content string
		wantPath      string
		wantLine      int
		wantErr       string
	}{
		{"broken-yaml.md", "---\ntitle: x\ntags: [a, b\nlanguage: da\n---\nbody\n", "site/broken-yaml.md", 0, "front matter:"},
		{"no-close.md", "---\ntitle: x\nlanguage: da\n\nbody without end\n", "site/no-close.md", 1, "no closing '---'"},
		{"latin1.txt", "Titel\n\nGr\xf8d med m\xe6lk\n", "site/latin1.txt", 3, "invalid UTF-8"},
		{"picture.md", png, "site/picture.md", 0, "binary file (image/png)"},
		{"empty.md", "", "site/empty.md", 0, "empty file"},
		{"blank.txt", "\n  \n\t\n", "site/blank.txt", 0, "empty file"},
		{"french.md", "---\ntitle: x\nlanguage: fr\n---\nb\n", "site/french.md", 3, `language "fr" is not supported`},
		{"tag-map.md", "---\ntitle: x\nlanguage: da\ntags:\n  - a\n  - {b: c}\n---\n", "site/tag-map.md", 6, "tags: item 2: want text, got a mapping"},
		{"title-map.md", "---\ntitle:\n  a: b\nlanguage: da\n---\n", "site/title-map.md", 3, "title: want text, got a mapping"},
		{"no-title.md", "---\nlanguage: da\nequipment: [x]\n---\nbody\n", "site/no-title.md", 0, "no title"},
		{"list-root.md", "---\n- a\n- b\n---\n", "site/list-root.md", 2, "want a mapping of fields"},
		{"bad.json", "[{\"id\": \"x\",\n \"name\": ]", "site/bad.json", 2, "invalid JSON"},
		{"other.json", "[{\"foo\": 1}]", "site/other.json", 0, "JSON, but not a wger fixture or free-exercise-db record list"},
		{"prose.json", "A title\n\nText, not JSON.\n", "site/prose.json", 1, "invalid JSON"},
	}
	files := map[string]string{"good.md": goodPage}
	for _, c := range cases {
		files[c.name] = c.content
	}
	docs, rep := loadDir(t, writeCorpus(t, files))
	if len(docs) != 1 || docs[0].ID != "site/good" {
		t.Fatalf("docs: %v, want just site/good", ids(docs))
	}
	byPath := map[string]*Problem{}
	for _, p := range rep.Problems {
		byPath[p.Path] = p
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := byPath[c.wantPath]
			if p == nil {
				t.Fatalf("no problem reported for %s (problems: %v)", c.wantPath, rep.Problems)
			}
			if !strings.Contains(p.Err.Error(), c.wantErr) {
				t.Errorf("error %q, want it to contain %q", p.Err, c.wantErr)
			}
			if c.wantLine != 0 && p.Line != c.wantLine {
				t.Errorf("line %d, want %d (%v)", p.Line, c.wantLine, p)
			}
			if c.wantLine == 0 && c.name == "broken-yaml.md" && p.Line == 0 {
				t.Errorf("broken YAML without a line number: %v", p)
			}
		})
	}
	if len(rep.Problems) != len(cases) {
		t.Errorf("%d problems, want %d: %v", len(rep.Problems), len(cases), rep.Problems)
	}
}

func ids(docs []Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.ID)
	}
	return out
}

func TestLoadSymlinkDirectoryNotFollowed(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"a/page.md": goodPage})
	if err := os.Symlink(dir, filepath.Join(dir, "a", "loop")); err != nil {
		t.Fatal(err)
	}
	docs, rep := loadDir(t, dir)
	if len(docs) != 1 {
		t.Errorf("docs %v", ids(docs))
	}
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Error(), "site/a/loop: symlink to a directory is not followed") {
		t.Errorf("problems %v", rep.Problems)
	}
}

func TestLoadIgnoresRepositoryFiles(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"README.md":       "# About this corpus\n\nNot an article.\n",
		".hidden/x.md":    goodPage,
		"LICENSE":         "MIT\n",
		"exercises/ok.md": goodPage,
		"_config.yml":     "title: site\n",
		".DS_Store":       "\x00\x00",
	})
	docs, rep := loadDir(t, dir)
	if got := ids(docs); len(got) != 1 || got[0] != "site/exercises/ok" {
		t.Errorf("docs %v", got)
	}
	if len(rep.Problems) != 0 {
		t.Errorf("problems %v", rep.Problems)
	}
	if len(rep.Ignored) != 5 {
		t.Errorf("ignored %v, want 5 entries", rep.Ignored)
	}
}

// TestLoadFrontMatterInTheWild covers what real Jekyll files do.
func TestLoadFrontMatterInTheWild(t *testing.T) {
	cases := []struct {
		name    string
		content string
		check   func(t *testing.T, d Document)
	}{
		{"bom-crlf", "\ufeff---\r\ntitle: \"Windows\"\r\nlanguage: da\r\ntags:\r\n  - Ben\r\n---\r\nLinje et.\r\n\r\nLinje to.\r\n", func(t *testing.T, d Document) {
			if d.Title != "Windows" || d.Body != "Linje et.\n\nLinje to." || d.Tags[0] != "Ben" {
				t.Errorf("got title %q body %q tags %q", d.Title, d.Body, d.Tags)
			}
		}},
		{"anchors", "---\ntitle: &title \"Spring,  hop\"\nheader:\n  caption: *title\ngallery:\n  - title: &title \"again\"\n    image_path: /a.jpg\n  - title: &title \"and again\"\nlanguage: da\n---\n", func(t *testing.T, d Document) {
			if d.Title != "Spring, hop" || d.Image != "/a.jpg" {
				t.Errorf("title %q image %q", d.Title, d.Image)
			}
		}},
		{"empty-lists", "---\ntitle: x\nlanguage: da\nmuscle_group:\nequipment: []\ntraining_focus:\n  - \ntags:\n  -\ncategories: [] \n---\n", func(t *testing.T, d Document) {
			if len(d.Muscle)+len(d.Equipment)+len(d.Focus)+len(d.Tags)+len(d.Categories) != 0 {
				t.Errorf("empty lists gave values: %+v", d)
			}
			if d.Kind != KindExercise {
				t.Errorf("kind %s: exercise fields were declared", d.Kind)
			}
		}},
		{"scalar-where-list", "---\ntitle: x\nlanguage: da\nequipment: kettlebell\n---\n", func(t *testing.T, d Document) {
			if len(d.Equipment) != 1 || d.Equipment[0] != "kettlebell" {
				t.Errorf("equipment %v", d.Equipment)
			}
		}},
		{"norwegian-no", "---\ntitle: x\nlanguage: no\n---\nTekst\n", func(t *testing.T, d Document) {
			if d.Lang != "no" || d.LangDetected {
				t.Errorf("lang %s detected %v: unquoted `no` is Norwegian, not false", d.Lang, d.LangDetected)
			}
		}},
		{"liquid", "---\ntitle: \"{{ page.x }}Liquid\"\nlanguage: da\n---\nFør {% comment %}hemmelig {{ x }}{% endcomment %}efter {{ page.title }} og {% include a.html %}slut.\n{% raw %}{{ vist }}{% endraw %}\n", func(t *testing.T, d Document) {
			// The body is rendered; the title's own markup is output as
			// text, as in Jekyll, which renders no front matter.
			if d.Title != "Liquid" || d.Body != "Før efter {{ page.x }}Liquid og slut. {{ vist }}" {
				t.Errorf("title %q body %q", d.Title, d.Body)
			}
		}},
		{"html-in-markdown", "---\ntitle: x\nlanguage: en\n---\n## Head\n\nSome **bold** and <em>html</em> text.<script>alert(1)</script>\n\n<div class=\"x\">Inside &amp; out</div>\n", func(t *testing.T, d Document) {
			if d.Body != "Head\n\nSome bold and html text.\n\nInside & out" {
				t.Errorf("body %q", d.Body)
			}
		}},
		{"article-kind", "---\ntitle: A post\ndate: 2011-04-27 10:00:00 +0200\ncategory:\n  - Løb\n---\nJeg løber hver dag, og det er dejligt.\n", func(t *testing.T, d Document) {
			if d.Kind != KindArticle || d.Categories[0] != "Løb" || d.Modified.IsZero() {
				t.Errorf("kind %s categories %v modified %v", d.Kind, d.Categories, d.Modified)
			}
		}},
		{"no-final-newline", "---\ntitle: x\nlanguage: de\n---\nOhne Zeilenende", func(t *testing.T, d Document) {
			if d.Body != "Ohne Zeilenende" {
				t.Errorf("body %q", d.Body)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			docs, rep := loadDir(t, writeCorpus(t, map[string]string{c.name + ".md": c.content}))
			if len(rep.Problems) > 0 || len(docs) != 1 {
				t.Fatalf("docs %v problems %v", ids(docs), rep.Problems)
			}
			c.check(t, docs[0])
		})
	}
}

func TestLoadPlainArticle(t *testing.T) {
	docs, rep := loadDir(t, writeCorpus(t, map[string]string{
		"a.txt": "\n\n# Fordelene med å gå baklengs\n\nDet er mange fordeler med å gå og jogge bakover. Les denne artikkelen og finn ut hva de er og hvorfor du bør inkludere dem i rutinen din.\n",
	}))
	if len(rep.Problems) > 0 || len(docs) != 1 {
		t.Fatalf("docs %v problems %v", ids(docs), rep.Problems)
	}
	d := docs[0]
	if d.Title != "Fordelene med å gå baklengs" || d.Kind != KindArticle || d.Lang != "no" || !d.LangDetected {
		t.Errorf("got %q %s %s detected=%v", d.Title, d.Kind, d.Lang, d.LangDetected)
	}
	if !strings.HasPrefix(d.Excerpt, "Det er mange fordeler") {
		t.Errorf("excerpt %q", d.Excerpt)
	}
}

func TestLoadBaseURL(t *testing.T) {
	src, _ := Dir(writeCorpus(t, map[string]string{"p.md": "---\ntitle: x\nlanguage: da\npermalink: /oevelse/x/\nheader:\n  teaser: /img/x.jpg\n---\n"}))
	docs, _, err := Load(context.Background(), []Source{src}, Options{BaseURL: "https://example.dk/"})
	if err != nil || len(docs) != 1 {
		t.Fatal(err, docs)
	}
	if docs[0].URL != "https://example.dk/oevelse/x/" || docs[0].Image != "https://example.dk/img/x.jpg" {
		t.Errorf("url %q image %q", docs[0].URL, docs[0].Image)
	}
}
