package corpus

import (
	"fmt"
	"slices"
	"strings"
)

// readPage reads a front-matter page; id is the file's document id.
func (l *loader) readPage(src []byte, shown, id string) {
	p, err := parsePage(src)
	if err != nil {
		l.problem(shown, err)
		return
	}
	for _, w := range p.warnings {
		l.warn(shown, w)
	}
	body, err := p.renderBody()
	if err != nil {
		l.warn(shown, err)
	}
	d := Document{
		ID:           id,
		Kind:         KindArticle,
		Title:        p.title,
		AltTitles:    p.alt,
		Excerpt:      MarkdownToText(StripLiquid(p.excerpt)),
		Instructions: MarkdownToText(StripLiquid(p.instr)),
		Body:         MarkdownToText(body),
		Sections:     MarkdownSections(body),
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
		l.problem(shown, fmt.Errorf("front matter: no title"))
		return
	}
	if p.language != "" {
		lang, err := ParseLanguage(p.language)
		if err != nil {
			line := 0
			if n := p.fields["language"]; n != nil {
				line = n.Line + 1
			}
			l.problem(shown, &lineError{line: line, err: fmt.Errorf("front matter: %w", err)})
			return
		}
		d.Lang = lang
	}
	l.docs = append(l.docs, pending{srcPath: shown, doc: d})
}
