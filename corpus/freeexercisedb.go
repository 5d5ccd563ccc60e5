package corpus

import (
	"encoding/json"
	"fmt"
	"strings"
)

// free-exercise-db publishes its exercises as one JSON file: an array of
// records, each an English exercise with its own id, its muscles, equipment,
// category and numbered steps. A record becomes one document, its steps the
// instructions; force, mechanic and level become tags.

// freeExercise is one record of free-exercise-db's exercises.json.
type freeExercise struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Force            *string  `json:"force"`
	Level            string   `json:"level"`
	Mechanic         *string  `json:"mechanic"`
	Equipment        *string  `json:"equipment"`
	PrimaryMuscles   []string `json:"primaryMuscles"`
	SecondaryMuscles []string `json:"secondaryMuscles"`
	Instructions     []string `json:"instructions"`
	Category         string   `json:"category"`
	Images           []string `json:"images"`
}

// readFreeExerciseDB turns free-exercise-db records into documents. The
// dataset is English by definition. Ids are the records' own ids, which must
// pass checkRecordID; the caller puts the dataset folder in front of them
// and fills in the file.
func readFreeExerciseDB(src []byte) ([]pending, []error, error) {
	var recs []freeExercise
	if err := json.Unmarshal(src, &recs); err != nil {
		return nil, nil, jsonError(src, err)
	}
	var docs []pending
	var errs []error
	seen := map[string]bool{}
	for i, r := range recs {
		record := fmt.Sprintf("record %d (%q)", i+1, r.Name)
		switch {
		case strings.TrimSpace(r.ID) == "":
			errs = append(errs, fmt.Errorf("%s: no id", record))
			continue
		case strings.TrimSpace(r.Name) == "":
			errs = append(errs, fmt.Errorf("record %d (%q): no name", i+1, r.ID))
			continue
		case seen[r.ID]:
			errs = append(errs, fmt.Errorf("%s: id %q repeats an earlier record", record, r.ID))
			continue
		}
		if err := checkRecordID(r.ID); err != nil {
			errs = append(errs, fmt.Errorf("%s: id %q %v; record skipped", record, r.ID, err))
			continue
		}
		seen[r.ID] = true
		d := Document{
			ID:    r.ID,
			Lang:  "en",
			Kind:  KindExercise,
			Title: collapseSpace(r.Name),
		}
		var steps []string
		for _, s := range r.Instructions {
			if s = collapseSpace(s); s != "" {
				steps = append(steps, s)
			}
		}
		d.Instructions = strings.Join(steps, "\n\n")
		d.Raw.Muscle = r.PrimaryMuscles
		if r.Equipment != nil {
			d.Raw.Equipment = []string{*r.Equipment}
		}
		if r.Category != "" {
			d.Raw.Focus = []string{r.Category}
			d.Categories = []string{r.Category}
		}
		var tags []string
		for _, t := range []*string{r.Force, r.Mechanic} {
			if t != nil && *t != "" {
				tags = append(tags, *t)
			}
		}
		if r.Level != "" {
			tags = append(tags, r.Level)
		}
		d.Tags = tags
		if len(r.Images) > 0 {
			d.Image = r.Images[0]
		}
		docs = append(docs, pending{doc: d, record: record})
	}
	return docs, errs, nil
}
