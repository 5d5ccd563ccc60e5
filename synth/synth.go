// Package synth builds synthetic corpora of any size for benchmarks, by
// recombining real exercise text read at run time (from ../shared/corpus:
// nothing of it is kept in the project). Document i is always the same
// document, so benchmarks on 10k, 100k or 1M documents are repeatable.
//
// Each document takes its title from one real document plus a word of
// another, its body from sentences of several, its language from i (the
// four languages in turn, so English and German text is indexed as Danish
// and Norwegian too, as the benchmark's brief asks), and its muscle,
// equipment and focus from a real document that declares them, written as
// that language's labels so they go through the taxonomy like a site's.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/exsearch/exsearch/corpus"
)

// seed fixes the generator; change it and every synthetic corpus changes.
const seed = 0x65787365617263 // "exsearc"

// Version changes whenever the documents a generator makes change, so that
// cached synthetic indexes are rebuilt.
const Version = 1

// Generator makes synthetic documents from a pool of real ones.
type Generator struct {
	tax       *corpus.Taxonomy
	titles    [][]string // title words of each pool document
	sentences []string
	facets    []facetSet // declared facets of pool documents that have any
}

type facetSet struct{ muscle, equipment, focus []string }

// New returns a generator drawing on pool (documents as corpus.Load returns
// them). It fails when the pool has no text to draw on.
func New(pool []corpus.Document, tax *corpus.Taxonomy) (*Generator, error) {
	g := &Generator{tax: tax}
	for i := range pool {
		d := &pool[i]
		if w := strings.Fields(d.Title); len(w) > 0 {
			g.titles = append(g.titles, w)
		}
		for _, text := range []string{d.Excerpt, d.Instructions, d.Body} {
			g.sentences = append(g.sentences, sentences(text)...)
		}
		if len(d.Muscle)+len(d.Equipment)+len(d.Focus) > 0 && len(d.Inferred) == 0 {
			g.facets = append(g.facets, facetSet{d.Muscle, d.Equipment, d.Focus})
		}
	}
	if len(g.titles) == 0 || len(g.sentences) == 0 || len(g.facets) == 0 {
		return nil, fmt.Errorf("synth: the pool has no titles, text or facets to recombine")
	}
	return g, nil
}

// sentences splits text into sentences of a reasonable length.
func sentences(text string) []string {
	var out []string
	for _, para := range strings.Split(text, "\n\n") {
		for _, s := range strings.SplitAfter(para, ". ") {
			s = strings.TrimSpace(s)
			if n := len(s); n >= 20 && n <= 400 {
				out = append(out, s)
			}
		}
	}
	return out
}

// Document returns synthetic document i.
func (g *Generator) Document(i int) corpus.Document {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	lang := corpus.Languages[i%len(corpus.Languages)]
	d := corpus.Document{
		ID:   fmt.Sprintf("synth/%07d", i),
		Lang: lang,
		Kind: corpus.KindExercise,
	}
	if r.IntN(10) == 0 {
		d.Kind = corpus.KindArticle
	}
	title := g.titles[r.IntN(len(g.titles))]
	title = title[:min(len(title), 6)]
	other := g.titles[r.IntN(len(g.titles))]
	d.Title = strings.Join(append(append([]string(nil), title...), other[r.IntN(len(other))]), " ")
	n := 3 + r.IntN(6)
	if d.Kind == corpus.KindArticle {
		n *= 4
	}
	var body []string
	for j := 0; j < n; j++ {
		body = append(body, g.sentences[r.IntN(len(g.sentences))])
	}
	d.Body = strings.Join(body, " ")
	d.Excerpt = corpus.Summary(d.Body, 240)
	// One document in five declares nothing, as real pages often do.
	if r.IntN(5) > 0 {
		f := g.facets[r.IntN(len(g.facets))]
		d.Raw = corpus.RawFacets{
			Muscle:    g.labels("muscle", f.muscle, lang),
			Equipment: g.labels("equipment", f.equipment, lang),
			Focus:     g.labels("focus", f.focus, lang),
		}
	}
	g.tax.Complete(&d, true)
	return d
}

// labels writes facet values as lang's labels, as a site would.
func (g *Generator) labels(facet string, ids []string, lang string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, g.tax.Facet(facet).Label(id, lang))
	}
	return out
}

// Documents returns documents 0 to n-1.
func (g *Generator) Documents(n int) []corpus.Document {
	out := make([]corpus.Document, n)
	for i := range out {
		out[i] = g.Document(i)
	}
	return out
}

// page is a synthetic document as a front-matter file.
type page struct {
	Title    string   `yaml:"title"`
	Language string   `yaml:"language"`
	Excerpt  string   `yaml:"excerpt,omitempty"`
	Muscle   []string `yaml:"muscle_group,omitempty"`
	Equip    []string `yaml:"equipment,omitempty"`
	Focus    []string `yaml:"training_focus,omitempty"`
}

// Write writes documents 0 to n-1 into dir as Jekyll front-matter pages,
// a thousand to a folder, so that `exsearch reindex` can read them like a
// site's. Articles are written without the exercise fields.
func (g *Generator) Write(dir string, n int) error {
	for i := 0; i < n; i++ {
		d := g.Document(i)
		p := page{Title: d.Title, Language: d.Lang, Excerpt: d.Excerpt}
		if d.Kind == corpus.KindExercise {
			p.Muscle, p.Equip, p.Focus = d.Raw.Muscle, d.Raw.Equipment, d.Raw.Focus
			if p.Muscle == nil && p.Equip == nil && p.Focus == nil {
				p.Focus = []string{} // still an exercise page, with empty fields
			}
		}
		fm, err := yaml.Marshal(&p)
		if err != nil {
			return err
		}
		if d.Kind == corpus.KindExercise && len(p.Muscle)+len(p.Equip)+len(p.Focus) == 0 {
			fm = append(fm, []byte("training_focus: []\n")...)
		}
		path := filepath.Join(dir, fmt.Sprintf("%04d", i/1000), fmt.Sprintf("%07d.md", i))
		if i%1000 == 0 {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
		}
		content := "---\n" + string(fm) + "---\n\n" + d.Body + "\n"
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
