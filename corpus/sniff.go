package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// A file's reader is chosen by its content, not by its name, because real
// sites keep front-matter pages in .txt files and articles in .md files
// alike: JSON that opens like a list of records is a dataset, a file that
// opens with a "---" line is a front-matter page, and anything else is a
// plain-text article. The one name that counts is .json: such a file is a
// dataset or a problem, whatever it starts with (read as text, one holding
// just `null` or `42` would be indexed as an article titled so).
//
// Dataset files are JSON, and their format too is recognised by the shape
// of their records, not by their names: a Django fixture is an array of
// {"model", "pk", "fields"} records (wger ships its exercises this way,
// spread over several files that refer to each other by primary key), and
// a free-exercise-db file is an array of exercises with "primaryMuscles".

// fileFormat says which reader a file gets.
type fileFormat int

const (
	articleFile fileFormat = iota
	pageFile
	datasetFile
)

// sniff decides how the file at p, holding src, is read.
func sniff(p string, src []byte) fileFormat {
	switch {
	case strings.EqualFold(path.Ext(p), ".json"), looksLikeJSON(bytes.TrimSpace(src)):
		return datasetFile
	case jekyll.HasFrontMatter(src):
		return pageFile
	}
	return articleFile
}

// looksLikeJSON keeps a text article that happens to start with "[" from
// being read as a dataset.
func looksLikeJSON(b []byte) bool {
	return bytes.HasPrefix(b, []byte("[{")) || bytes.HasPrefix(b, []byte("[\n")) || bytes.HasPrefix(b, []byte("{\"")) || bytes.HasPrefix(b, []byte("[ "))
}

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
