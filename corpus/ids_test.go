package corpus

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// badRecordIDs are native ids a dataset record must not be indexed under,
// with what the report must say about each.
var badRecordIDs = []struct{ id, want string }{
	{"..", "is a path step"},
	{".", "is a path step"},
	{"../../etc/passwd", "contains a slash"},
	{"a/b", "contains a slash"},
	{"/abs", "contains a slash"},
	{`..\..\x`, "contains a backslash"},
	{"a\x00b", "contains a control character"},
	{"line\nbreak", "contains a control character"},
	{"del\x7f", "contains a control character"},
	{"nel\u0085", "contains a control character"},
}

func TestCheckRecordID(t *testing.T) {
	cases := []struct{ id, want string }{
		{"3_4_Sit-Up", ""},
		{"b83e3d85-a53d-4939-a61c-7baa2e94d358", ""},
		{"translation-12", ""},
		{"Øvelse med æ", ""},
		{"...", ""}, // not a path step: a name of three dots
		{"", "is empty"},
		{"  ", "is empty"},
		{"bad\xff", "is not valid UTF-8"},
	}
	cases = append(cases, badRecordIDs...)
	for _, c := range cases {
		err := checkRecordID(c.id)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q: %v, want it accepted", c.id, err)
		case c.want != "" && err == nil:
			t.Errorf("%q: accepted, want %q", c.id, c.want)
		case c.want != "" && !strings.Contains(err.Error(), c.want):
			t.Errorf("%q: %v, want %q", c.id, err, c.want)
		}
	}
}

// TestLoadRecordIDsStayInTheirFolder: a record whose native id is a path
// trick is reported (file, record, id) and skipped; the good records of the
// same file are indexed, and every id stays under its dataset folder.
func TestLoadRecordIDsStayInTheirFolder(t *testing.T) {
	free := []map[string]any{{"id": "Good_One", "name": "Good one", "primaryMuscles": []string{"quadriceps"}}}
	wger := []map[string]any{{"model": "exercises.translation", "pk": 1, "fields": map[string]any{
		"name": "Good one", "description": "<p>Squat down.</p>", "language": 2, "uuid": "b83e3d85-a53d-4939-a61c-7baa2e94d358", "exercise": 1}}}
	for i, c := range badRecordIDs {
		free = append(free, map[string]any{"id": c.id, "name": fmt.Sprintf("Crafted %d", i), "primaryMuscles": []string{"quadriceps"}})
		wger = append(wger, map[string]any{"model": "exercises.translation", "pk": 100 + i, "fields": map[string]any{
			"name": fmt.Sprintf("Crafted %d", i), "description": "<p>x</p>", "language": 2, "uuid": c.id, "exercise": 1}})
	}
	docs, rep := loadDir(t, writeCorpus(t, map[string]string{
		"free/exercises.json":    mustJSON(t, free),
		"wger/translations.json": mustJSON(t, wger),
	}))
	got := ids(docs)
	if len(got) != 2 || got[0] != "site/free/Good_One" || got[1] != "site/wger/b83e3d85-a53d-4939-a61c-7baa2e94d358" {
		t.Errorf("docs %q, want the two good records only", got)
	}
	for _, d := range docs {
		if !strings.HasPrefix(d.ID, "site/free/") && !strings.HasPrefix(d.ID, "site/wger/") {
			t.Errorf("%q escaped its dataset folder", d.ID)
		}
	}
	reported := map[string]bool{}
	for _, p := range rep.Problems {
		reported[p.Error()] = true
	}
	for i, c := range badRecordIDs {
		for _, want := range []string{
			fmt.Sprintf("site/free/exercises.json: record %d (%q): id %q %s", i+2, fmt.Sprintf("Crafted %d", i), c.id, c.want),
			fmt.Sprintf("site/wger/translations.json: exercises.translation %d (%s): uuid %q %s", 100+i, fmt.Sprintf("Crafted %d", i), c.id, c.want),
		} {
			found := false
			for r := range reported {
				found = found || strings.HasPrefix(r, want)
			}
			if !found {
				t.Errorf("not reported: %s…", want)
			}
		}
	}
	if len(rep.Problems) != 2*len(badRecordIDs) {
		t.Errorf("%d problems, want %d: %v", len(rep.Problems), 2*len(badRecordIDs), rep.Problems)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
