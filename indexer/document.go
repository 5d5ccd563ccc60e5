package indexer

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/exsearch/exsearch/corpus"
)

// fields turns a Document into the map bleve indexes. Title and alternative
// titles have fields of their own so a query can weigh them above the body;
// the excerpt and instructions are part of the body.
//
// The body field is an array: element 0 is the text (excerpt, instructions,
// body) and the title and alternative titles follow it. Repeating them there
// matters for ranking: a query word is matched in title, alternative titles
// and body alike, and bleve scales a disjunction by the share of its clauses
// that match, so a word in the title (which then also matches the body)
// scores above the same word in the body alone. Highlighting shows only
// element 0 (see BodyTextElement).
func fields(d *corpus.Document) (map[string]any, error) {
	src, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	body := strings.Join(distinct(d.Excerpt, d.Instructions, d.Body), "\n\n")
	m := map[string]any{
		TitleField(d.Lang): d.Title,
		BodyField(d.Lang):  append([]string{body}, append([]string{d.Title}, d.AltTitles...)...),
		FieldTitle:         d.Title,
		FieldExcerpt:       d.Excerpt,
		FieldLang:          d.Lang,
		FieldKind:          string(d.Kind),
		FieldDoc:           string(src),
	}
	if len(d.AltTitles) > 0 {
		m[AltField(d.Lang)] = d.AltTitles
	}
	if d.URL != "" {
		m[FieldURL] = d.URL
	}
	if d.Image != "" {
		m[FieldImage] = d.Image
	}
	if len(d.Muscle) > 0 {
		m[FieldMuscle] = d.Muscle
	}
	if len(d.Equipment) > 0 {
		m[FieldEquipment] = d.Equipment
	}
	if len(d.Focus) > 0 {
		m[FieldFocus] = d.Focus
	}
	return m, nil
}

// distinct returns the non-empty texts that are not repeats of an earlier
// one: exercise pages often copy the excerpt into the instructions.
func distinct(ss ...string) []string {
	var out []string
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
