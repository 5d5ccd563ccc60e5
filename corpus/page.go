package corpus

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// A front-matter page is a Jekyll page: package jekyll reads its front
// matter and renders its body's Liquid as the site would. This file says
// what its fields mean for a Document, in the vocabulary of the sites in
// the corpus (motionsplan's exercises and posts):
//
//	title                                  Title
//	alternative_titles, alternative_title  AltTitles
//	excerpt, instructions                  Excerpt, Instructions
//	language                               Lang (declared; detected if absent)
//	kind                                   Kind; else decided by isExercise
//	permalink                              URL
//	muscle_group(s), equipment,            Raw facets (training_type is a
//	  training_focus, training_type          focus too, and TrainingType)
//	tags, categories, category             Tags, Categories
//	last_modified_at, else date            Modified
//	gallery, header, image                 Image (jekyll.Page.Image)
//
// Front-matter values are not rendered, as Jekyll does not render them:
// their Liquid is stripped and their white space folded, and a list loses
// its empty and repeated items. A field of the wrong shape, a page without
// a title and an unknown language are problems; a date that does not parse
// is a warning.

// page is a front-matter page and what a Document takes from its fields.
type page struct {
	*jekyll.Page
	title    string
	alt      []string
	excerpt  string
	instr    string
	language string
	kind     string
	url      string
	image    string
	modified time.Time
	muscle   []string
	equip    []string
	focus    []string
	ttype    []string
	tags     []string
	cats     []string
	warnings []error
}

// parsePage reads a front-matter file. src must start with "---".
func parsePage(src []byte) (*page, error) {
	jp, err := jekyll.Parse(src)
	if err != nil {
		return nil, err
	}
	p := &page{Page: jp}
	var errs []error
	text := func(key string) string {
		s, err := p.Text(key)
		if err != nil {
			errs = append(errs, err)
		}
		return s
	}
	list := func(keys ...string) []string {
		var out []string
		for _, key := range keys {
			l, err := p.List(key)
			if err != nil {
				errs = append(errs, err)
			}
			out = append(out, l...)
		}
		return out
	}
	p.title = cleanInline(text("title"))
	p.alt = cleanList(list("alternative_titles", "alternative_title"))
	p.excerpt = text("excerpt")
	p.instr = text("instructions")
	p.language = text("language")
	p.kind = text("kind")
	p.url = text("permalink")
	p.muscle = cleanList(list("muscle_group", "muscle_groups"))
	p.equip = cleanList(list("equipment"))
	p.focus = cleanList(list("training_focus"))
	p.ttype = cleanList(list("training_type"))
	p.tags = cleanList(list("tags"))
	p.cats = cleanList(list("categories", "category"))
	p.image = p.Image()
	if ts := text("last_modified_at"); ts != "" {
		p.modified, err = jekyll.ParseTime(ts)
		if err != nil {
			p.warnings = append(p.warnings, errAtLine(p.Line("last_modified_at"), "last_modified_at: %v", err))
		}
	} else if ts := text("date"); ts != "" {
		p.modified, _ = jekyll.ParseTime(ts)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

// isExercise decides an untyped page's kind by the fields it declares: only
// exercise pages describe muscles, equipment, focus or instructions.
func (p *page) isExercise() bool {
	switch strings.ToLower(p.kind) {
	case "exercise":
		return true
	case "article", "post":
		return false
	}
	for _, k := range []string{"muscle_group", "equipment", "training_focus", "instructions", "training_type"} {
		if p.Has(k) {
			return true
		}
	}
	return false
}

// readPage reads a front-matter page; id is the file's document id.
func (r *fileRead) readPage(src []byte, shown, id string) {
	p, err := parsePage(src)
	if err != nil {
		r.problem(shown, err)
		return
	}
	for _, w := range p.warnings {
		r.warn(shown, w)
	}
	body, err := p.RenderBody()
	if err != nil {
		r.warn(shown, err)
	}
	text, sections := markdownBody(body)
	d := Document{
		ID:           id,
		Kind:         KindArticle,
		Title:        p.title,
		AltTitles:    p.alt,
		Excerpt:      MarkdownToText(jekyll.StripLiquid(p.excerpt)),
		Instructions: MarkdownToText(jekyll.StripLiquid(p.instr)),
		Body:         text,
		Sections:     sections,
		TrainingType: p.ttype,
		Tags:         p.tags,
		Categories:   p.cats,
		URL:          strings.TrimSpace(p.url),
		Image:        p.image,
		Modified:     p.modified,
		Raw:          RawFacets{Muscle: p.muscle, Equipment: p.equip, Focus: append(slices.Clone(p.focus), p.ttype...)},
	}
	if p.isExercise() {
		d.Kind = KindExercise
	}
	if d.Title == "" && len(d.AltTitles) > 0 {
		d.Title, d.AltTitles = d.AltTitles[0], d.AltTitles[1:]
	}
	if d.Title == "" {
		r.problem(shown, fmt.Errorf("front matter: no title"))
		return
	}
	if p.language != "" {
		lang, err := ParseLanguage(p.language)
		if err != nil {
			r.problem(shown, &lineError{Line: p.Line("language"), Err: fmt.Errorf("front matter: %w", err)})
			return
		}
		d.Lang = lang
	}
	r.docs = append(r.docs, pending{srcPath: shown, doc: d})
}

// cleanInline strips Liquid and folds white space in a one-line value.
func cleanInline(s string) string { return collapseSpace(jekyll.StripLiquid(s)) }

// cleanList cleans every value and drops the ones that end up empty, and
// repeats (tags often repeat a category).
func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = cleanInline(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}
