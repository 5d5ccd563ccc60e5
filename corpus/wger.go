package corpus

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
)

// wger publishes its exercise database as Django fixtures spread over several
// files: translations (name, HTML description, language, exercise) point to
// exercises (category, muscles, equipment), which point to the muscle,
// equipment and category tables; languages and aliases are tables of their
// own. The loader gathers every fixture record of a directory into one
// fixtureSet and this file joins them, so the file names do not matter.
// Each record remembers its file, so that a bad one is reported where it is.

type fixtureRecord struct {
	Model  string          `json:"model"`
	PK     json.RawMessage `json:"pk"`
	Fields json.RawMessage `json:"fields"`
	file   string
}

// fixtureFile is the records of one fixture file in the folder dir.
type fixtureFile struct {
	dir, path string
	records   []fixtureRecord
}

// parseFixture reads the records of the fixture file at path.
func parseFixture(path string, src []byte) ([]fixtureRecord, error) {
	var recs []fixtureRecord
	if err := json.Unmarshal(src, &recs); err != nil {
		return nil, jsonError(src, err)
	}
	for i := range recs {
		recs[i].file = path
	}
	return recs, nil
}

// fixtureSet holds the records of one directory, by model.
type fixtureSet struct {
	byModel map[string][]fixtureRecord
	files   []string
}

// add adds the records of the file at path.
func (s *fixtureSet) add(path string, recs []fixtureRecord) {
	if s.byModel == nil {
		s.byModel = map[string][]fixtureRecord{}
	}
	for _, r := range recs {
		s.byModel[r.Model] = append(s.byModel[r.Model], r)
	}
	s.files = append(s.files, path)
}

type wgerTranslation struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Language    int    `json:"language"`
	UUID        string `json:"uuid"`
	Exercise    int    `json:"exercise"`
}

type wgerExercise struct {
	Category         int   `json:"category"`
	Muscles          []int `json:"muscles"`
	MusclesSecondary []int `json:"muscles_secondary"`
	Equipment        []int `json:"equipment"`
}

type wgerName struct {
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	ShortName string `json:"short_name"`
}

// wgerResult is what joining a fixture set produced.
type wgerResult struct {
	// docs are the translations, with their files; ids are native (the
	// caller puts the dataset folder in front).
	docs []pending
	// errs are records that could not be used, each with its file (the
	// error names the model and pk).
	errs []*Problem
	// otherLangs counts translations in languages exsearch does not index.
	otherLangs map[string]int
}

func pkInt(raw json.RawMessage) (int, bool) {
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, false
	}
	return n, true
}

// names decodes a name table (muscles, equipment, categories, languages).
func (s *fixtureSet) names(model string) map[int]wgerName {
	out := map[int]wgerName{}
	for _, r := range s.byModel[model] {
		pk, ok := pkInt(r.PK)
		if !ok {
			continue
		}
		var n wgerName
		if json.Unmarshal(r.Fields, &n) == nil {
			out[pk] = n
		}
	}
	return out
}

// byTranslation collects a text field of a model keyed by translation pk
// (aliases and comments).
func (s *fixtureSet) byTranslation(model, field string) map[int][]string {
	out := map[int][]string{}
	for _, r := range s.byModel[model] {
		var f map[string]json.RawMessage
		if json.Unmarshal(r.Fields, &f) != nil {
			continue
		}
		t, ok := pkInt(f["translation"])
		if !ok {
			continue
		}
		var v string
		if json.Unmarshal(f[field], &v) == nil && strings.TrimSpace(v) != "" {
			out[t] = append(out[t], collapseSpace(v))
		}
	}
	return out
}

// wgerCategoryFocus are wger categories that are a training focus rather
// than a body area.
var wgerCategoryFocus = map[string]bool{"cardio": true}

func (s *fixtureSet) documents() wgerResult {
	res := wgerResult{otherLangs: map[string]int{}}
	langs := s.names("core.language")
	muscles := s.names("exercises.muscle")
	equipment := s.names("exercises.equipment")
	categories := s.names("exercises.exercisecategory")
	aliases := s.byTranslation("exercises.alias", "alias")
	comments := s.byTranslation("exercises.exercisecomment", "comment")

	exercises := map[int]wgerExercise{}
	for _, r := range s.byModel["exercises.exercise"] {
		pk, ok := pkInt(r.PK)
		if !ok {
			res.errs = append(res.errs, &Problem{Path: r.file, Err: fmt.Errorf("exercises.exercise pk %s: pk is not a number", r.PK)})
			continue
		}
		var e wgerExercise
		if err := json.Unmarshal(r.Fields, &e); err != nil {
			res.errs = append(res.errs, &Problem{Path: r.file, Err: fmt.Errorf("exercises.exercise %d: %v", pk, err)})
			continue
		}
		exercises[pk] = e
	}

	for _, r := range s.byModel["exercises.translation"] {
		pk, _ := pkInt(r.PK)
		var t wgerTranslation
		if err := json.Unmarshal(r.Fields, &t); err != nil {
			res.errs = append(res.errs, &Problem{Path: r.file, Err: fmt.Errorf("exercises.translation %s: %v", r.PK, err)})
			continue
		}
		code := ""
		if l, ok := langs[t.Language]; ok {
			code = l.ShortName
		} else if len(langs) == 0 && t.Language == 1 {
			code = "de" // wger's fixed ids, when languages.json is absent
		} else if len(langs) == 0 && t.Language == 2 {
			code = "en"
		}
		lang, err := ParseLanguage(code)
		if err != nil {
			if code == "" {
				code = fmt.Sprintf("language %d", t.Language)
			}
			res.otherLangs[code]++
			continue
		}
		if strings.TrimSpace(t.Name) == "" {
			res.errs = append(res.errs, &Problem{Path: r.file, Err: fmt.Errorf("exercises.translation %d: no name", pk)})
			continue
		}
		record := fmt.Sprintf("exercises.translation %d (%s)", pk, t.Name)
		id := t.UUID
		if id == "" {
			id = fmt.Sprintf("translation-%d", pk)
		} else if err := checkRecordID(id); err != nil {
			res.errs = append(res.errs, &Problem{Path: r.file, Err: fmt.Errorf("%s: uuid %q %v; record skipped", record, id, err)})
			continue
		}
		d := Document{
			ID:        id,
			Lang:      lang,
			Kind:      KindExercise,
			Title:     collapseSpace(t.Name),
			AltTitles: aliases[pk],
			Body:      HTMLToText(t.Description),
		}
		if t.Exercise != 0 {
			d.Record = fmt.Sprintf("%s#%d", filepath.Dir(r.file), t.Exercise)
		}
		if c := comments[pk]; len(c) > 0 {
			d.Instructions = strings.Join(c, "\n\n")
		}
		e, ok := exercises[t.Exercise]
		if !ok && len(exercises) > 0 {
			res.errs = append(res.errs, &Problem{Path: r.file, Err: fmt.Errorf("%s: exercise %d is not in the fixtures; indexed without facets", record, t.Exercise)})
		}
		for _, m := range e.Muscles {
			if n, ok := muscles[m]; ok {
				d.Raw.Muscle = append(d.Raw.Muscle, n.Name)
			}
		}
		for _, q := range e.Equipment {
			if n, ok := equipment[q]; ok {
				d.Raw.Equipment = append(d.Raw.Equipment, n.Name)
			}
		}
		if c, ok := categories[e.Category]; ok {
			d.Categories = []string{c.Name}
			switch {
			case wgerCategoryFocus[strings.ToLower(c.Name)]:
				d.Raw.Focus = append(d.Raw.Focus, c.Name)
			case len(d.Raw.Muscle) == 0:
				// The category is a body area; with no muscles listed it is
				// the best muscle information the record has.
				d.Raw.Muscle = append(d.Raw.Muscle, c.Name)
			}
		}
		res.docs = append(res.docs, pending{doc: d, srcPath: r.file, record: record})
	}
	// Stable, so that of two translations with one uuid the first in the
	// fixtures claims it (see ids.go).
	sort.SliceStable(res.docs, func(i, j int) bool { return res.docs[i].doc.ID < res.docs[j].doc.ID })
	return res
}
