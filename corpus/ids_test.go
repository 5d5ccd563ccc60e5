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

// TestLoadIDCollisionKeepsFirst: when two sources produce one id, the
// first claimant is indexed and the later one is reported with both places.
// Files claim before dataset records, so a crafted record cannot take a
// page's id, even from a file that is read before the page.
func TestLoadIDCollisionKeepsFirst(t *testing.T) {
	wgerPage := mustJSON(t, []map[string]any{{"model": "exercises.translation", "pk": 7, "fields": map[string]any{
		"name": "Crafted", "description": "<p>x</p>", "language": 2, "uuid": "page", "exercise": 1}}})
	cases := []struct {
		name      string
		files     map[string]string
		id        string // the contested id
		wantTitle string // of the document kept
		wantPath  string // where the later claimant is reported
		wantErr   string
	}{
		{
			name:      "two files",
			files:     map[string]string{"x.md": goodPage, "x.txt": "A title\n\nSome text here in English about squats.\n"},
			id:        "site/x",
			wantTitle: "Good",
			wantPath:  "site/x.txt",
			wantErr:   "document id site/x is already taken by site/x.md; not indexed",
		},
		{
			name:      "free-exercise-db record read before the page",
			files:     map[string]string{"a.json": `[{"id": "b", "name": "Crafted", "primaryMuscles": []}]`, "b.md": goodPage},
			id:        "site/b",
			wantTitle: "Good",
			wantPath:  "site/a.json",
			wantErr:   "record 1 (\"Crafted\"): document id site/b is already taken by site/b.md; not indexed",
		},
		{
			name:      "wger translation",
			files:     map[string]string{"wger/translations.json": wgerPage, "wger/page.md": goodPage},
			id:        "site/wger/page",
			wantTitle: "Good",
			wantPath:  "site/wger/translations.json",
			wantErr:   "exercises.translation 7 (Crafted): document id site/wger/page is already taken by site/wger/page.md; not indexed",
		},
		{
			name: "two records",
			files: map[string]string{
				"a.json": `[{"id": "r", "name": "First", "primaryMuscles": []}]`,
				"c.json": `[{"id": "r", "name": "Second", "primaryMuscles": []}]`,
			},
			id:        "site/r",
			wantTitle: "First",
			wantPath:  "site/c.json",
			wantErr:   "record 1 (\"Second\"): document id site/r is already taken by site/a.json, record 1 (\"First\"); not indexed",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.files["keep.md"] = goodPage
			docs, rep := loadDir(t, writeCorpus(t, c.files))
			byID := map[string]Document{}
			for _, d := range docs {
				byID[d.ID] = d
			}
			if d, ok := byID[c.id]; !ok || d.Title != c.wantTitle {
				t.Errorf("%s: %q (indexed: %v), want the first claimant, %q", c.id, d.Title, ok, c.wantTitle)
			}
			if _, ok := byID["site/keep"]; !ok {
				t.Errorf("site/keep not indexed: %v", ids(docs))
			}
			if len(rep.Problems) != 1 || rep.Problems[0].Path != c.wantPath || rep.Problems[0].Err.Error() != c.wantErr {
				t.Errorf("problems %q, want one: %s: %s", rep.Problems, c.wantPath, c.wantErr)
			}
		})
	}
}

// TestLoadWgerSharedUUIDKeepsFirst: of translations that share a uuid, the
// first in the fixtures is indexed; sorting the translations by id among
// others must not shuffle them.
func TestLoadWgerSharedUUIDKeepsFirst(t *testing.T) {
	var recs []map[string]any
	for i := range 40 {
		uuid := "same"
		if i%3 != 0 {
			uuid = fmt.Sprintf("u%c%c", 'a'+i%26, 'a'+i%7)
		}
		recs = append(recs, map[string]any{"model": "exercises.translation", "pk": i + 1, "fields": map[string]any{
			"name": fmt.Sprintf("T%d", i), "description": "<p>Squat down.</p>", "language": 2, "uuid": uuid, "exercise": 1}})
	}
	docs, rep := loadDir(t, writeCorpus(t, map[string]string{"wger/translations.json": mustJSON(t, recs)}))
	byID := map[string]Document{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	if d := byID["site/wger/same"]; len(docs) != 27 || d.Title != "T0" {
		t.Errorf("%d docs, site/wger/same from %q; want 27, and T0", len(docs), d.Title)
	}
	if len(rep.Problems) != 13 {
		t.Fatalf("%d problems, want 13: %v", len(rep.Problems), rep.Problems)
	}
	for _, p := range rep.Problems {
		if !strings.HasSuffix(p.Err.Error(), "document id site/wger/same is already taken by site/wger/translations.json, exercises.translation 1 (T0); not indexed") {
			t.Errorf("problem %v", p)
		}
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
