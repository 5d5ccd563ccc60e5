package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Dataset files are JSON. Their format is recognised by the shape of their
// records, not by their names: a Django fixture is an array of {"model",
// "pk", "fields"} records (wger ships its exercises this way, spread over
// several files that refer to each other by primary key), and a
// free-exercise-db file is an array of exercises with "primaryMuscles".

// jsonFormat names a recognised dataset format.
type jsonFormat int

const (
	formatUnknownJSON jsonFormat = iota
	formatDjangoFixture
	formatFreeExerciseDB
)

// sniffJSON tells the format of a JSON document from its first record.
// JSON that parses but is neither format gets an error that says what the
// file holds instead ("the top level is null"), not how decoding into a list
// of records failed: that reads as a syntax error in a file that has none.
func sniffJSON(src []byte) (jsonFormat, error) {
	notDataset := func(format string, args ...any) (jsonFormat, error) {
		return formatUnknownJSON, fmt.Errorf("JSON, but not a wger fixture or free-exercise-db record list: "+format, args...)
	}
	var records []json.RawMessage
	if err := json.Unmarshal(src, &records); err != nil {
		// Unmarshal checks the syntax of the whole text before it decodes,
		// so a type error means the JSON is valid and merely not a list.
		var typeErr *json.UnmarshalTypeError
		if !errors.As(err, &typeErr) {
			return formatUnknownJSON, jsonError(src, err)
		}
	}
	if top := jsonKind(src); top != "a list" {
		return notDataset("the top level is %s", top)
	}
	if len(records) == 0 {
		return notDataset("the list is empty")
	}
	if first := jsonKind(records[0]); first != "an object" {
		return notDataset("the first record is %s", first)
	}
	var r map[string]json.RawMessage
	if err := json.Unmarshal(records[0], &r); err != nil {
		return formatUnknownJSON, jsonError(src, err)
	}
	_, hasModel := r["model"]
	_, hasFields := r["fields"]
	_, hasPrimary := r["primaryMuscles"]
	switch {
	case hasModel && hasFields:
		return formatDjangoFixture, nil
	case hasPrimary:
		return formatFreeExerciseDB, nil
	}
	return notDataset(`the first record has neither "model" and "fields" (wger) nor "primaryMuscles" (free-exercise-db)`)
}

// jsonKind names the kind of the JSON value b holds, for messages. b must be
// valid JSON.
func jsonKind(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "a number"
}

// jsonError adds the line number to a JSON syntax or type error.
func jsonError(src []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(src)) {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	line := 1 + strings.Count(string(src[:off]), "\n")
	return &lineError{line: line, err: fmt.Errorf("invalid JSON: %w", err)}
}

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
