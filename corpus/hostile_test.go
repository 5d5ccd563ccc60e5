package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// TestHostileCorpus: files built to hurt a reader. Each is reported with
// its path and reason, the run finishes quickly, and the good file beside
// them is indexed.
func TestHostileCorpus(t *testing.T) {
	bomb := "---\ntitle: bomb\nlanguage: en\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		bomb += n + ": &" + n + " [" + strings.Repeat("*"+prev+",", 8) + "*" + prev + "]\n"
		prev = n
	}
	bomb += "tags: *i\n---\nbody\n"
	cases := []struct {
		name, content string
		size          int64 // > 0: a sparse file of this size
		wantErr       string
	}{
		{name: "huge.md", size: 50 << 20, wantErr: "over the 16777216 byte limit"},
		{name: "one-line.txt", content: strings.Repeat("x", 10<<20), wantErr: "title is 10485760 bytes, the limit is 1000"},
		{name: "bomb.md", content: bomb, wantErr: "tags: item 1: want text, got a list"},
		{name: "deep.md", content: "---\ntitle: deep\nlanguage: en\nx: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n---\n", wantErr: "front matter"},
		// Deep, but within yaml's own limit: read, the unknown key ignored.
		{name: "deep-map.md", content: "---\ntitle: deep\nlanguage: en\n" + deepMap(5000) + "---\n", wantErr: ""},
		{name: "many-tags.md", content: "---\ntitle: t\nlanguage: en\ntags:\n" + strings.Repeat("  - x\n", 300) + "---\n", wantErr: ""},
		{name: "long-tag-list.md", content: "---\ntitle: t\nlanguage: en\ntags: [" + manyTags(501) + "]\n---\n", wantErr: "tags has 501 items, the limit is 200"},
		{name: "nul.md", content: "---\ntitle: t\x00\n---\n", wantErr: "binary file"},
	}
	dir := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "good.md"), []byte(goodPage), 0o644)
	for _, c := range cases {
		p := filepath.Join(dir, c.name)
		if c.size > 0 {
			f, _ := os.Create(p)
			f.Truncate(c.size)
			f.Close()
		} else {
			os.WriteFile(p, []byte(c.content), 0o644)
		}
	}
	start := time.Now()
	docs, rep := loadDir(t, dir)
	if took := time.Since(start); took > 20*time.Second {
		t.Errorf("reading the hostile corpus took %v", took)
	}
	byPath := map[string]*Problem{}
	for _, p := range rep.Problems {
		byPath[strings.TrimPrefix(p.Path, "site/")] = p
	}
	for _, c := range cases {
		p := byPath[c.name]
		switch {
		case c.wantErr == "" && p != nil:
			t.Errorf("%s: unexpected problem %v", c.name, p)
		case c.wantErr != "" && p == nil:
			t.Errorf("%s: not reported", c.name)
		case c.wantErr != "" && !strings.Contains(p.Error(), c.wantErr):
			t.Errorf("%s: %v, want %q", c.name, p, c.wantErr)
		}
	}
	found := false
	for _, d := range docs {
		found = found || d.ID == "site/good"
	}
	if !found {
		t.Errorf("the good file was not indexed: %v", ids(docs))
	}
}

func manyTags(n int) string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = fmt.Sprintf("tag%d", i)
	}
	return strings.Join(tags, ",")
}

func deepMap(depth int) string {
	var b strings.Builder
	for i := 0; i < depth; i++ {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

// vanishing is a file system whose files can go away between the listing
// and the reading, as files of a site being redeployed do.
type vanishing struct {
	fstest.MapFS
	gone map[string]error
}

func (v vanishing) Open(name string) (fs.File, error) {
	if err, ok := v.gone[name]; ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return v.MapFS.Open(name)
}

func TestFilesVanishingMidRun(t *testing.T) {
	fsys := vanishing{
		MapFS: fstest.MapFS{
			"ok.md":       {Data: []byte(goodPage)},
			"gone.md":     {Data: []byte(goodPage)},
			"locked.md":   {Data: []byte(goodPage)},
			"sub/also.md": {Data: []byte(goodPage)},
		},
		gone: map[string]error{"gone.md": fs.ErrNotExist, "locked.md": fs.ErrPermission},
	}
	docs, rep, err := Load(context.Background(), []Source{{Name: "site", FS: fsys}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Errorf("docs %v, want ok and sub/also", ids(docs))
	}
	want := map[string]error{"site/gone.md": fs.ErrNotExist, "site/locked.md": fs.ErrPermission}
	for _, p := range rep.Problems {
		if e, ok := want[p.Path]; ok && errors.Is(p.Err, e) {
			delete(want, p.Path)
		}
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v (problems %v)", want, rep.Problems)
	}
}

// TestLoadJSONThatIsNotADataset: a .json file that parses but is not a
// dataset the loader knows is reported and skipped, never read as an
// article titled "null".
func TestLoadJSONThatIsNotADataset(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"null.json", "null", "the top level is null"},
		{"true.json", "true\n", "the top level is a boolean"},
		{"number.json", "42", "the top level is a number"},
		{"string.json", `"x"`, "the top level is a string"},
		{"object.json", "{}", "the top level is an object"},
		{"upper.JSON", `{"a": 1}`, "the top level is an object"},
		{"empty-list.json", "[]", "the list is empty"},
		{"numbers.json", "[1, 2]", "the first record is a number"},
		{"nulls.json", "[null]", "the first record is null"},
		{"other.json", `[{"foo": 1}]`, `the first record has neither "model" and "fields" (wger) nor "primaryMuscles" (free-exercise-db)`},
	}
	files := map[string]string{"good.md": goodPage}
	for _, c := range cases {
		files[c.name] = c.content
	}
	docs, rep := loadDir(t, writeCorpus(t, files))
	if got := ids(docs); len(got) != 1 || got[0] != "site/good" {
		t.Errorf("docs %q, want just site/good", got)
	}
	byPath := map[string]*Problem{}
	for _, p := range rep.Problems {
		byPath[p.Path] = p
	}
	for _, c := range cases {
		want := "JSON, but not a wger fixture or free-exercise-db record list: " + c.want
		if p := byPath["site/"+c.name]; p == nil || p.Err.Error() != want {
			t.Errorf("%s: %v, want %q", c.name, p, want)
		}
	}
	if len(rep.Problems) != len(cases) {
		t.Errorf("%d problems, want %d: %v", len(rep.Problems), len(cases), rep.Problems)
	}
}

// TestLoadFileNameNotUTF8: a file or directory whose name is not UTF-8
// cannot give a document id (ids are text). It is reported with its path
// quoted, so that the bytes show, and skipped; its neighbours load.
func TestLoadFileNameNotUTF8(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"good.md": goodPage})
	for _, name := range []string{"bad\xff.md", "latin1-\xe6\xf8\xe5.txt", "dir\xfe/inner.md", "sub/x\xc3.json"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(goodPage), 0o644); err != nil {
			t.Skipf("this file system does not take a non-UTF-8 name: %v", err)
		}
	}
	docs, rep := loadDir(t, dir)
	if got := ids(docs); len(got) != 1 || got[0] != "site/good" {
		t.Errorf("docs %q, want just site/good", got)
	}
	want := map[string]string{
		`"site/bad\xff.md"`:              "file name is not valid UTF-8",
		`"site/latin1-\xe6\xf8\xe5.txt"`: "file name is not valid UTF-8",
		`"site/dir\xfe"`:                 "directory name is not valid UTF-8; nothing in it is read",
		`"site/sub/x\xc3.json"`:          "file name is not valid UTF-8",
	}
	for _, p := range rep.Problems {
		if w, ok := want[p.Path]; ok && p.Err.Error() == w {
			delete(want, p.Path)
		}
	}
	for path, reason := range want {
		t.Errorf("not reported: %s: %s (problems %q)", path, reason, rep.Problems)
	}
	if len(rep.Problems) != 4 {
		t.Errorf("%d problems, want 4: %q", len(rep.Problems), rep.Problems)
	}
}

// TestLoadSourceNameNotUTF8: a corpus directory whose name is not UTF-8
// would put those bytes in every id, so Load refuses it outright.
func TestLoadSourceNameNotUTF8(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site\xff")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Skipf("this file system does not take a non-UTF-8 name: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "good.md"), []byte(goodPage), 0o644)
	src, err := Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Load(context.Background(), []Source{src}, Options{})
	if want := `corpus directory "site\xff": name is not valid UTF-8`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want %q", err, want)
	}
}
