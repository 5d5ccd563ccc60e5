package corpus

import (
	"strings"
	"testing"
)

// TestLoadRendersLiquid: a page whose Liquid renders is indexed with its
// text; one whose Liquid cannot be rendered is indexed all the same, with
// its Liquid stripped and a warning.
func TestLoadRendersLiquid(t *testing.T) {
	dir := writeCorpus(t, map[string]string{
		"sving.md": "---\ntitle: Kettlebell sving\nlanguage: da\nequipment: [Kettlebell, Bænk, Elastik]\n---\n" +
			`{{ page.title }} kan trænes med {{ page.equipment | array_to_sentence_string: "og" | downcase }}.`,
		"gist.md": "---\ntitle: Planke\nlanguage: da\n---\nHold planken.\n\n{% gist 1234 %}\n",
		"bombe.md": "---\ntitle: Bombe\nlanguage: da\nliste: [" + manyTags(200) + "]\n---\nTekst.\n" +
			strings.Repeat("{% for a in page.liste %}", 4) + strings.Repeat("{% endfor %}", 4),
		"artikel.txt": "Om udstyr\n\nSkriv {{ page.title }} for at vise titlen.\n",
	})
	docs, rep := loadDir(t, dir)
	byID := map[string]Document{}
	for _, d := range docs {
		byID[strings.TrimPrefix(d.ID, "site/")] = d
	}
	if got, want := byID["sving"].Body, "Kettlebell sving kan trænes med kettlebell, bænk, og elastik."; got != want {
		t.Errorf("sving: body %q, want %q", got, want)
	}
	if got := byID["gist"].Body; got != "Hold planken." {
		t.Errorf("gist: body %q", got)
	}
	if got := byID["bombe"].Body; got != "Tekst." {
		t.Errorf("bombe: body %q", got)
	}
	// An article has no front matter to bind; its Liquid is stripped.
	if got := byID["artikel"].Body; got != "Skriv for at vise titlen." {
		t.Errorf("artikel: body %q", got)
	}
	warned := map[string]string{}
	for _, w := range rep.Warnings {
		warned[strings.TrimPrefix(w.Path, "site/")] = w.Error()
	}
	if w := warned["gist.md"]; !strings.Contains(w, `gist.md:7: body not rendered as Liquid, tags stripped instead: undefined tag "gist"`) {
		t.Errorf("gist.md: warning %q", w)
	}
	if w := warned["bombe.md"]; !strings.Contains(w, "over a rendering limit") {
		t.Errorf("bombe.md: warning %q", w)
	}
	if len(rep.Warnings) != 2 || len(rep.Problems) != 0 {
		t.Errorf("warnings %v, problems %v", rep.Warnings, rep.Problems)
	}
}
